//! Interned domain names: each distinct name (compared case-insensitively) is stored once, in
//! lowercase wire form, and named by a [`NameId`]. Records and the graph refer to owners by id.

use std::hash::BuildHasher;

use crate::zone::name;
use crate::zone::prefetch::prefetch;

/// A name in a [`NameTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameId(pub u32);

/// All names of a run, lowercase wire form, in one arena.
///
/// Each arena entry is `[id: u32 LE][len: u8][name…]`, and the hash index holds only the entry's
/// offset: a lookup reads one slot and then one arena line that has the length, the bytes and
/// the id together. Interning is memory-bound (most owners are new names, each at a random place
/// of the index), so small slots matter more than arithmetic, and a reader that knows the next
/// name early can [`NameTable::prefetch`] its place while it parses the current record.
#[derive(Default)]
pub struct NameTable {
    arena: Vec<u8>,
    /// Offset of each name's entry in `arena`, by id.
    entries: Vec<u32>,
    index: Index,
}

/// Bytes before a name's wire form in its arena entry: the id and the length.
const HEADER: usize = 5;

/// The hash of a name's lowercase wire form, as [`NameTable::hash`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHash(u64);

/// Open addressing with linear probing over a power-of-two number of buckets. Each bucket has a
/// control byte (0: empty, else `0x80` and seven bits of the hash) and a slot (the arena offset of
/// its name). A lookup walks control bytes, 64 to a cache line, and reads a slot and the arena
/// only where the seven bits match: one in 128 other names. No name is ever removed.
#[derive(Default)]
struct Index {
    control: Vec<u8>,
    slots: Vec<u32>,
    len: usize,
}

impl Index {
    /// At most three quarters full: linear probing then walks about eight control bytes to find
    /// that a name is new, within one cache line.
    fn capacity(buckets: usize) -> usize {
        buckets / 4 * 3
    }

    fn mask(&self) -> usize {
        self.control.len().wrapping_sub(1)
    }

    fn tag(hash: NameHash) -> u8 {
        0x80 | (hash.0 >> 57) as u8
    }

    fn home(&self, hash: NameHash) -> usize {
        // The low bits pick the bucket (the tag takes the high ones); truncation keeps them.
        #[allow(clippy::cast_possible_truncation)]
        let low = hash.0 as usize;
        low & self.mask()
    }

    /// The offset of the entry `is_key` accepts, or the empty bucket where it would go.
    fn probe(&self, hash: NameHash, is_key: impl Fn(u32) -> bool) -> Result<u32, usize> {
        let (mask, tag) = (self.mask(), Self::tag(hash));
        let mut at = self.home(hash);
        loop {
            match self.control[at] {
                0 => return Err(at),
                c if c == tag && is_key(self.slots[at]) => return Ok(self.slots[at]),
                _ => at = (at + 1) & mask,
            }
        }
    }

    fn put(&mut self, bucket: usize, hash: NameHash, offset: u32) {
        self.control[bucket] = Self::tag(hash);
        self.slots[bucket] = offset;
        self.len += 1;
    }

    /// Makes room for `more` names, doubling (and placing every name again) as needed. `hash_of`
    /// gives the hash of the name at an offset.
    fn reserve(&mut self, more: usize, hash_of: impl Fn(u32) -> NameHash) {
        let needed = self.len + more;
        if !self.control.is_empty() && needed <= Self::capacity(self.control.len()) {
            return;
        }
        let mut buckets = self.control.len().max(16);
        while Self::capacity(buckets) < needed {
            buckets *= 2;
        }
        let old = std::mem::replace(
            self,
            Index {
                control: vec![0; buckets],
                slots: vec![0; buckets],
                len: 0,
            },
        );
        for (&control, &offset) in old.control.iter().zip(&old.slots) {
            if control != 0 {
                let hash = hash_of(offset);
                if let Err(bucket) = self.probe(hash, |_| false) {
                    self.put(bucket, hash, offset);
                }
            }
        }
    }
}

impl std::fmt::Debug for NameTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameTable")
            .field("len", &self.entries.len())
            .finish_non_exhaustive()
    }
}

/// foldhash: fast on short byte strings, and its high bits (the control tags) are well mixed,
/// which FxHash's are not for names sharing a long suffix.
fn hash(key: &[u8]) -> NameHash {
    NameHash(foldhash::fast::FixedState::with_seed(0x5eed).hash_one(key))
}

/// Whether `wire` has an uppercase ASCII letter.
fn has_upper(wire: &[u8]) -> bool {
    // A branch-free fold (vectorised by the compiler) rather than a short-circuiting `any`.
    wire.iter()
        .fold(0u8, |acc, &b| acc | u8::from(b.wrapping_sub(b'A') < 26))
        != 0
}

/// `wire` lowercased, borrowing when it already is (most names are written in lowercase).
fn folded(wire: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if has_upper(wire) {
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

    fn entry_id(arena: &[u8], offset: u32) -> NameId {
        let at = offset as usize;
        NameId(u32::from_le_bytes([
            arena[at],
            arena[at + 1],
            arena[at + 2],
            arena[at + 3],
        ]))
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

    /// Lowercases `wire` in place and returns its hash, for [`NameTable::prefetch`] and
    /// [`NameTable::intern_folded`].
    #[must_use]
    pub fn fold_and_hash(wire: &mut [u8]) -> NameHash {
        if has_upper(wire) {
            wire.make_ascii_lowercase();
        }
        hash(wire)
    }

    /// Starts loading the part of the index where the name of `hash` is or would go, so that
    /// interning it a little later does not wait on memory. Changes nothing else.
    pub fn prefetch(&self, hash: NameHash) {
        if self.index.control.is_empty() {
            return;
        }
        let bucket = self.index.home(hash);
        prefetch(&self.index.control[bucket]);
        prefetch(&self.index.slots[bucket]);
    }

    /// The id of a name (any case), adding it if new. `wire` must be a well-formed wire name.
    pub fn intern(&mut self, wire: &[u8]) -> NameId {
        let key = folded(wire);
        self.intern_folded(&key, hash(&key))
    }

    /// [`NameTable::intern`] for a name already lowercased and hashed by
    /// [`NameTable::fold_and_hash`].
    pub fn intern_folded(&mut self, key: &[u8], hash: NameHash) -> NameId {
        if self.index.len >= Index::capacity(self.index.control.len()) {
            self.reserve(1);
        }
        let arena = &self.arena;
        let bucket = match self
            .index
            .probe(hash, |offset| Self::entry_name(arena, offset) == key)
        {
            Ok(offset) => return Self::entry_id(arena, offset),
            Err(bucket) => bucket,
        };
        let id = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let offset = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        let len = u8::try_from(key.len()).unwrap_or(u8::MAX); // wire names are ≤ 255 octets
        self.arena.extend_from_slice(&id.to_le_bytes());
        self.arena.push(len);
        self.arena.extend_from_slice(key);
        self.entries.push(offset);
        self.index.put(bucket, hash, offset);
        NameId(id)
    }

    /// Reserves room for about `names` more names.
    pub fn reserve(&mut self, names: usize) {
        self.entries.reserve(names);
        self.arena.reserve(names * (24 + HEADER));
        let arena = &self.arena;
        self.index
            .reserve(names, |offset| hash(Self::entry_name(arena, offset)));
    }

    /// The id of a name (any case) if it is known.
    #[must_use]
    pub fn get(&self, wire: &[u8]) -> Option<NameId> {
        if self.index.len == 0 {
            return None;
        }
        let key = folded(wire);
        let arena = &self.arena;
        self.index
            .probe(hash(&key), |offset| {
                Self::entry_name(arena, offset) == &*key
            })
            .ok()
            .map(|offset| Self::entry_id(arena, offset))
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

    #[test]
    fn an_empty_table_knows_nothing() {
        let t = NameTable::new();
        assert_eq!(t.get(b"\x00"), None);
        t.prefetch(hash(b"\x00"));
    }

    #[test]
    fn many_names_survive_growth_and_colliding_tags() {
        let mut t = NameTable::new();
        let wire = |i: u32| {
            let label = format!("host{i}");
            let mut w = vec![u8::try_from(label.len()).unwrap_or(0)];
            w.extend_from_slice(label.as_bytes());
            w.extend_from_slice(b"\x07example\x00");
            w
        };
        // Past several doublings from 16 buckets; with 128 tags, most buckets share theirs.
        let ids: Vec<NameId> = (0..5000).map(|i| t.intern(&wire(i))).collect();
        assert_eq!(t.len(), 5000);
        for (i, id) in (0..5000).zip(&ids) {
            assert_eq!(id.0, i, "ids are dense, in interning order");
            assert_eq!(t.get(&wire(i)), Some(*id));
            let mut key = wire(i);
            key[1] = b'H';
            let h = NameTable::fold_and_hash(&mut key);
            t.prefetch(h);
            assert_eq!(t.intern_folded(&key, h), *id);
        }
        assert_eq!(t.get(&wire(5000)), None);
        assert_eq!(t.len(), 5000);
    }
}
