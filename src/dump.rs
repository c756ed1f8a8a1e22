//! `zonelint dump`: the records of a run as a master file, one record per line with absolute
//! names, explicit TTL and class, and rdata in canonical presentation form.

use std::fmt::Write as _;

use crate::zone::loader::ZoneSet;
use crate::zone::{Record, rdata};

/// Appends one record as a master-file line (without the newline).
pub fn write_record(set: &ZoneSet, record: &Record, out: &mut String) {
    let _ = write!(
        out,
        "{}\t{}\t{}\t{}\t",
        set.names.text(record.owner),
        record.ttl,
        record.class,
        record.rtype
    );
    let bytes = record.rdata(&set.rdata);
    if record.is_opaque() {
        // A type zonelint does not interpret: its text as written.
        out.push_str(&String::from_utf8_lossy(bytes));
    } else if rdata::format(record.rtype, bytes, out).is_err() {
        rdata::format_generic(bytes, out);
    }
}

/// The whole run as master-file text.
#[must_use]
pub fn dump(set: &ZoneSet) -> String {
    let mut out = String::with_capacity(set.records.len() * 64);
    for record in &set.records {
        write_record(set, record, &mut out);
        out.push('\n');
    }
    out
}
