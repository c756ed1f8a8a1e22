//! Typed views of names and rdata through hickory-proto, for code that wants values rather than
//! bytes (an MX's exchange as a `Name`, an A record's address). The reader stores wire bytes;
//! these decode them on demand, so records stay small and nothing is decoded that no one reads.

use hickory_proto::rr::{Name, RData};
use hickory_proto::serialize::binary::{BinDecodable, BinDecoder, Restrict};

use crate::zone::intern::{NameId, NameTable};
use crate::zone::loader::ZoneSet;

/// A name of the table as a hickory `Name` (lowercase, absolute).
#[must_use]
pub fn hickory_name(names: &NameTable, id: NameId) -> Option<Name> {
    Name::read(&mut BinDecoder::new(names.wire(id))).ok()
}

/// The rdata of record `index` as hickory's typed `RData`; `None` when hickory does not decode
/// that type (the wire bytes stay available through [`crate::zone::Record::rdata`]).
#[must_use]
pub fn hickory_rdata(set: &ZoneSet, index: usize) -> Option<RData> {
    let record = &set.records[index];
    if record.is_opaque() {
        return None;
    }
    let bytes = record.rdata(&set.rdata);
    let mut decoder = BinDecoder::new(bytes);
    let rdata = RData::read(
        &mut decoder,
        record.rtype.to_hickory(),
        Restrict::new(record.rdata_len),
    )
    .ok()?;
    // Every byte must have been used, or hickory read something else than we wrote.
    (decoder.index() == bytes.len()).then_some(rdata)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    #[test]
    fn mx_exchange_and_address_as_values() {
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        let text = b"$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ MX 10 Mail\nmail A 192.0.2.25\n";
        reader.read_bytes("t.zone".as_ref(), text.to_vec()).unwrap();
        let set = reader.finish();
        let Some(RData::MX(mx)) = hickory_rdata(&set, 1) else {
            panic!("MX expected")
        };
        assert_eq!(mx.preference, 10);
        assert_eq!(mx.exchange.to_ascii(), "Mail.example.com.");
        let a = hickory_rdata(&set, 2).and_then(|r| r.ip_addr());
        assert_eq!(a, Some("192.0.2.25".parse().unwrap()));
        let owner = hickory_name(&set.names, set.records[2].owner).unwrap();
        assert_eq!(owner.to_ascii(), "mail.example.com.");
    }
}
