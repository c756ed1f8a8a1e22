//! Interned domain names: each distinct name (compared case-insensitively) is stored once, in
//! lowercase wire form, and named by a [`NameId`]. Records and the graph refer to owners by id.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::zone::name;

/// A name in a [`NameTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameId(pub u32);

/// All names of a run, lowercase wire form, in one arena.
///
/// Each arena entry is `[id: u32 LE][len: u8][name…]`, and the hash index holds only the entry's
/// offset: a lookup reads one slot and then one arena line that has the length, the bytes and
/// the id together. Interning is memory-bound (most owners are new names), so small slots (four
/// bytes, the index stays cache-resident longer) matter more than arithmetic.
#[derive(Default)]
pub struct NameTable {
    arena: Vec<u8>,
    /// Offset of each name's entry in `arena`, by id.
    entries: Vec<u32>,
    index: HashTable<u32>,
}

/// Bytes before a name's wire form in its arena entry: the id and the length.
const HEADER: usize = 5;

impl std::fmt::Debug for NameTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameTable")
            .field("len", &self.entries.len())
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
        self.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The name stored in the arena entry at `offset`.
    fn entry_name(arena: &[u8], offset: u32) -> &[u8] {
        let at = offset as usize;
        let len = usize::from(arena[at + 4]);
        &arena[at + HEADER..at + HEADER + len]
    }

    /// The lowercase wire form of a name.
    #[must_use]
    pub fn wire(&self, id: NameId) -> &[u8] {
        Self::entry_name(&self.arena, self.entries[id.0 as usize])
    }

    /// Presentation text (absolute, lowercase).
    #[must_use]
    pub fn text(&self, id: NameId) -> String {
        name::to_text(self.wire(id))
    }

    fn find(&self, key: &[u8], h: u64) -> Option<NameId> {
        let arena = &self.arena;
        self.index
            .find(h, |&offset| Self::entry_name(arena, offset) == key)
            .map(|&offset| {
                let at = offset as usize;
                NameId(u32::from_le_bytes([
                    arena[at],
                    arena[at + 1],
                    arena[at + 2],
                    arena[at + 3],
                ]))
            })
    }

    /// The id of a name (any case), adding it if new. `wire` must be a well-formed wire name.
    pub fn intern(&mut self, wire: &[u8]) -> NameId {
        let key = folded(wire);
        let h = hash(&key);
        if let Some(id) = self.find(&key, h) {
            return id;
        }
        let id = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let offset = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        let len = u8::try_from(key.len()).unwrap_or(u8::MAX); // wire names are ≤ 255 octets
        self.arena.extend_from_slice(&id.to_le_bytes());
        self.arena.push(len);
        self.arena.extend_from_slice(&key);
        self.entries.push(offset);
        let arena = &self.arena;
        self.index
            .insert_unique(h, offset, |&o| hash(Self::entry_name(arena, o)));
        NameId(id)
    }

    /// Reserves room for about `names` more names.
    pub fn reserve(&mut self, names: usize) {
        self.entries.reserve(names);
        self.arena.reserve(names * (24 + HEADER));
        let arena = &self.arena;
        self.index
            .reserve(names, |&o| hash(Self::entry_name(arena, o)));
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
