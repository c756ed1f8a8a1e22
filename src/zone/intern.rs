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
    index: HashTable<u32>,
}

impl std::fmt::Debug for NameTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameTable").field("len", &self.spans.len()).finish()
    }
}

/// foldhash: fast on short byte strings, and its high bits (hashbrown's probe tags) are well
/// mixed, which FxHash's are not for names sharing a long suffix.
fn hash(wire: &[u8]) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(wire)
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

    /// The id of a name (any case), adding it if new. `wire` must be a well-formed wire name.
    pub fn intern(&mut self, wire: &[u8]) -> NameId {
        // Most names are written in lowercase: only copy when there is something to fold.
        let folded;
        let key: &[u8] = if wire.iter().any(u8::is_ascii_uppercase) {
            folded = wire.to_ascii_lowercase();
            &folded
        } else {
            wire
        };
        let h = hash(key);
        let (arena, spans) = (&self.arena, &self.spans);
        let eq = |&id: &u32| {
            let (off, len) = spans[id as usize];
            &arena[off as usize..off as usize + len as usize] == key
        };
        if let Some(&id) = self.index.find(h, eq) {
            return NameId(id);
        }
        let id = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
        let off = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        self.arena.extend_from_slice(key);
        self.spans.push((off, u8::try_from(key.len()).unwrap_or(u8::MAX))); // wire names are ≤ 255 octets
        let (arena, spans) = (&self.arena, &self.spans);
        self.index.insert_unique(h, id, |&i| {
            let (o, l) = spans[i as usize];
            hash(&arena[o as usize..o as usize + l as usize])
        });
        NameId(id)
    }

    /// Reserves room for about `names` more names.
    pub fn reserve(&mut self, names: usize) {
        self.spans.reserve(names);
        self.arena.reserve(names * 24);
        let (arena, spans) = (&self.arena, &self.spans);
        self.index.reserve(names, |&i| {
            let (o, l) = spans[i as usize];
            hash(&arena[o as usize..o as usize + l as usize])
        });
    }

    /// The id of a name if it is known.
    #[must_use]
    pub fn get(&self, wire: &[u8]) -> Option<NameId> {
        let lower = wire.to_ascii_lowercase();
        let h = hash(&lower);
        self.index
            .find(h, |&id| {
                let (off, len) = self.spans[id as usize];
                self.arena[off as usize..off as usize + len as usize] == lower[..]
            })
            .map(|&id| NameId(id))
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
