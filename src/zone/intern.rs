//! Interned domain names: each distinct name (compared case-insensitively) is stored once, in
//! lowercase wire form, and named by a [`NameId`]. Records and the graph refer to owners by id.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::zone::name;

/// A name in a [`NameTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameId(pub u32);

/// All names of a run, lowercase wire form, in one arena.
#[derive(Default)]
pub struct NameTable {
    arena: Vec<u8>,
    /// `(offset, len)` of each name in `arena`.
    spans: Vec<(u32, u8)>,
    /// The index holds each name's id, arena offset and length, so a lookup reads the slot and
    /// the arena, not a third array in between (lookups wait on memory, not on arithmetic).
    index: HashTable<Slot>,
}

#[derive(Clone, Copy)]
struct Slot {
    id: u32,
    offset: u32,
    len: u8,
}

impl std::fmt::Debug for NameTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameTable")
            .field("len", &self.spans.len())
            .finish_non_exhaustive()
    }
}

/// foldhash: fast on short byte strings, and its high bits (hashbrown's probe tags) are well
/// mixed, which FxHash's are not for names sharing a long suffix.
fn hash(wire: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(wire)
}

/// `wire` lowercased, borrowing when it already is (most names are written in lowercase).
fn folded(wire: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    // A branch-free fold (vectorised by the compiler) rather than a short-circuiting `any`.
    let upper = wire
        .iter()
        .fold(0u8, |acc, &b| acc | u8::from(b.wrapping_sub(b'A') < 26));
    if upper != 0 {
        std::borrow::Cow::Owned(wire.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(wire)
    }
}

impl NameTable {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of distinct names.
    #[must_use]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The lowercase wire form of a name.
    #[must_use]
    pub fn wire(&self, id: NameId) -> &[u8] {
        let (off, len) = self.spans[id.0 as usize];
        &self.arena[off as usize..off as usize + len as usize]
    }

    /// Presentation text (absolute, lowercase).
    #[must_use]
    pub fn text(&self, id: NameId) -> String {
        name::to_text(self.wire(id))
    }

    fn find(&self, key: &[u8], h: u64) -> Option<NameId> {
        let arena = &self.arena;
        self.index
            .find(h, |s| {
                usize::from(s.len) == key.len()
                    && &arena[s.offset as usize..s.offset as usize + key.len()] == key
            })
            .map(|s| NameId(s.id))
    }

    /// The id of a name (any case), adding it if new. `wire` must be a well-formed wire name.
    pub fn intern(&mut self, wire: &[u8]) -> NameId {
        let key = folded(wire);
        let h = hash(&key);
        if let Some(id) = self.find(&key, h) {
            return id;
        }
        let id = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
        let offset = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        let len = u8::try_from(key.len()).unwrap_or(u8::MAX); // wire names are ≤ 255 octets
        self.arena.extend_from_slice(&key);
        self.spans.push((offset, len));
        let arena = &self.arena;
        self.index.insert_unique(h, Slot { id, offset, len }, |s| {
            hash(&arena[s.offset as usize..s.offset as usize + usize::from(s.len)])
        });
        NameId(id)
    }

    /// Reserves room for about `names` more names.
    pub fn reserve(&mut self, names: usize) {
        self.spans.reserve(names);
        self.arena.reserve(names * 24);
        let arena = &self.arena;
        self.index.reserve(names, |s| {
            hash(&arena[s.offset as usize..s.offset as usize + usize::from(s.len)])
        });
    }

    /// The id of a name (any case) if it is known.
    #[must_use]
    pub fn get(&self, wire: &[u8]) -> Option<NameId> {
        let key = folded(wire);
        self.find(&key, hash(&key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_interning() {
        let mut t = NameTable::new();
        let a = t.intern(b"\x07Example\x03COM\x00");
        let b = t.intern(b"\x07example\x03com\x00");
        assert_eq!(a, b);
        assert_eq!(t.text(a), "example.com.");
        assert_eq!(t.get(b"\x07EXAMPLE\x03com\x00"), Some(a));
        assert_eq!(t.len(), 1);
    }
}
