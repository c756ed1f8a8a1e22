//! For input that reads with no diagnostic at all, `dump`'s output read again must give the
//! same records (owner, type, class, TTL, rdata).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonelint::{Reader, ZoneSet};

#[path = "../../tests/support/reader_invariants.rs"]
mod invariants;
mod sandbox;

fn read(bytes: &[u8]) -> ZoneSet {
    let mut reader = Reader::new(invariants::options());
    reader
        .read_bytes(sandbox::input_path(), bytes.to_vec())
        .expect("the origin option is valid");
    reader.finish()
}

fn records(set: &ZoneSet) -> Vec<(Vec<u8>, u16, u16, u32, bool, Vec<u8>)> {
    set.records
        .iter()
        .map(|r| {
            (
                set.names.wire(r.owner).to_vec(),
                r.rtype.0,
                r.class.0,
                r.ttl,
                r.is_opaque(),
                r.rdata(&set.rdata).to_vec(),
            )
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let first = read(data);
    if !first.diagnostics.is_empty() || first.records.is_empty() {
        return;
    }
    invariants::check_set(&first, 16);
    let text = zonelint::dump::dump(&first);
    let second = read(text.as_bytes());
    invariants::check_set(&second, 16);
    assert!(
        second.diagnostics.is_empty(),
        "dump output has diagnostics: {:?}\n--- dump ---\n{text}",
        second
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        records(&first),
        records(&second),
        "records differ after a dump round trip\n--- dump ---\n{text}"
    );
});
