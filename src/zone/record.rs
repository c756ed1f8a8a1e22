//! The reader's output for one record: owner, type, class, TTL, rdata and where it came from.
//! Compact on purpose (a zone may hold millions); field spans are recomputed on demand.

use crate::zone::intern::NameId;
use crate::zone::rtype::{Class, RType};
use crate::zone::source::Span;

/// How a record was written, for hygiene rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct RecordFlags(pub u8);

impl RecordFlags {
    /// The owner was written relative to the origin (or as `@`).
    pub const OWNER_RELATIVE: u8 = 1;
    /// The owner was blank: inherited from the previous entry.
    pub const OWNER_INHERITED: u8 = 2;
    /// The TTL was written on the record.
    pub const TTL_EXPLICIT: u8 = 4;
    /// The class was written on the record.
    pub const CLASS_EXPLICIT: u8 = 8;
    /// The rdata is uninterpreted presentation text (a type we do not parse).
    pub const OPAQUE: u8 = 16;
    /// The record came from `$GENERATE`.
    pub const GENERATED: u8 = 32;
    /// The TTL came from no source and was guessed (BIND rejects such a zone).
    pub const TTL_MISSING: u8 = 64;

    #[must_use]
    pub fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// One resource record, in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub owner: NameId,
    pub rtype: RType,
    pub class: Class,
    pub ttl: u32,
    /// The whole entry (for `$GENERATE`, the directive).
    pub span: Span,
    /// Offset and length of the rdata in the run's rdata arena.
    pub rdata_offset: u32,
    pub rdata_len: u16,
    pub flags: RecordFlags,
}

impl Record {
    /// The rdata bytes: wire form, or presentation text when [`RecordFlags::OPAQUE`].
    #[must_use]
    pub fn rdata<'a>(&self, arena: &'a [u8]) -> &'a [u8] {
        &arena[self.rdata_offset as usize..self.rdata_offset as usize + self.rdata_len as usize]
    }

    #[must_use]
    pub fn is_opaque(&self) -> bool {
        self.flags.has(RecordFlags::OPAQUE)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn record_stays_small() {
        // A zone may hold tens of millions of records: every byte here is megabytes there.
        assert!(
            std::mem::size_of::<super::Record>() <= 40,
            "{}",
            std::mem::size_of::<super::Record>()
        );
    }
}
