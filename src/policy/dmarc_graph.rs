//! DMARC records in the run: the TXT records at `_dmarc` names, parsed once per run and shared by
//! the DMARC rules; what `_dmarc.<domain>` holds as far as the zones of the run tell (following
//! CNAMEs within them); and organisational domains (RFC 7489 §3.2, from the Public Suffix List).
//! A name outside every zone of the run is unknown, never missing.

use crate::policy::parsed::ParsedRecords;

use crate::graph::{Graph, NameStatus};
use crate::policy::dmarc::{self, DmarcRecord, RecordKind};
use crate::zone::name;
use crate::zone::rtype::RType;

/// Whether the first label of wire name `wire` is `label` (any case).
#[must_use]
pub fn first_label_is(wire: &[u8], label: &[u8]) -> bool {
    wire.first()
        .is_some_and(|&len| usize::from(len) == label.len())
        && wire
            .get(1..=label.len())
            .is_some_and(|l| l.eq_ignore_ascii_case(label))
}

/// Whether a wire name is a `_dmarc` name (its first label is `_dmarc`).
#[must_use]
pub fn is_dmarc_owner(wire: &[u8]) -> bool {
    first_label_is(wire, b"_dmarc")
}

/// The wire name `<label>.<domain>`, when it fits in 255 octets.
#[must_use]
pub fn prefixed(label: &[u8], domain: &[u8]) -> Option<Vec<u8>> {
    let len = u8::try_from(label.len()).ok().filter(|&l| l <= 63)?;
    let mut out = Vec::with_capacity(domain.len() + label.len() + 1);
    out.push(len);
    out.extend_from_slice(label);
    out.extend_from_slice(domain);
    (out.len() <= 255).then_some(out)
}

/// The TXT records at `_dmarc` names, in source order (a cheap filter on the owner's first
/// label: nothing is parsed).
pub fn dmarc_owner_records(graph: &Graph) -> impl Iterator<Item = usize> + '_ {
    graph
        .records_of_type(RType::TXT)
        .iter()
        .map(|&i| i as usize)
        .filter(move |&i| is_dmarc_owner(graph.set.names.wire(graph.set.records[i].owner)))
}

/// A record's joined text and its parse.
pub type Parsed<'g> = super::parsed::Parsed<'g, DmarcRecord>;

/// Record `index`'s joined text and parse, when it is a TXT record at a `_dmarc` name. Every
/// such record is parsed once per run.
#[must_use]
pub fn parse_record(graph: &Graph, index: usize) -> Option<Parsed<'_>> {
    parses(graph).get(graph, index)
}

/// Every TXT record at a `_dmarc` name with its joined text and parse, in source order (what
/// [`dmarc_owner_records`] and [`parse_record`] give, without a search per record).
pub fn parsed_records(graph: &Graph) -> impl Iterator<Item = (usize, Parsed<'_>)> {
    parses(graph).all(graph)
}

/// The run's parses of its TXT records at `_dmarc` names.
fn parses(graph: &Graph) -> &ParsedRecords<DmarcRecord> {
    ParsedRecords::of(
        graph,
        |g| dmarc_owner_records(g).collect(),
        |text| Some(dmarc::parse(text)),
    )
}

/// The kind of any TXT record (parsed from the cache at `_dmarc` names, else on the spot).
#[must_use]
pub fn kind_of(graph: &Graph, index: usize) -> RecordKind {
    match parse_record(graph, index) {
        Some((_, record)) => record.kind,
        None => dmarc::parse(&graph.joined_text(index)).kind,
    }
}

/// What `_dmarc.<domain>` holds, as far as the run knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DmarcAt {
    /// Outside every zone of the run, delegated away, below a DNAME, or behind a CNAME that
    /// leaves the run.
    Unknown,
    /// Known to hold no DMARC record (the name does not exist, or holds other data only).
    Missing,
    /// The records meant as DMARC (selected or broken, see [`RecordKind`]), in source order.
    Found(Vec<u32>),
}

/// What `_dmarc.<domain>` holds, following CNAMEs within the run (up to 8).
#[must_use]
pub fn dmarc_at(graph: &Graph, domain: &[u8]) -> DmarcAt {
    let Some(mut wire) = prefixed(b"_dmarc", domain) else {
        return DmarcAt::Unknown;
    };
    for _ in 0..8 {
        let (zone, id) = match graph.lookup_id(&wire) {
            (NameStatus::Authoritative { zone, exists: true }, Some(id)) => (zone, id),
            // (An existing name always comes with its id.)
            (NameStatus::Authoritative { .. }, _) => return DmarcAt::Missing,
            _ => return DmarcAt::Unknown,
        };
        if let Some(&cname) = graph.records_at(zone, id, RType::CNAME).first() {
            match graph.target(cname as usize) {
                Some(target) => {
                    wire = target.to_vec();
                    continue;
                }
                None => return DmarcAt::Unknown,
            }
        }
        let found: Vec<u32> = graph
            .records_at(zone, id, RType::TXT)
            .iter()
            .copied()
            .filter(|&i| kind_of(graph, i as usize) != RecordKind::Other)
            .collect();
        return if found.is_empty() {
            DmarcAt::Missing
        } else {
            DmarcAt::Found(found)
        };
    }
    DmarcAt::Unknown
}

/// The organisational domain of a wire name (RFC 7489 §3.2): its registrable domain by the
/// Public Suffix List (a name under an unlisted top-level domain counts that label as the
/// suffix), as the suffix of `wire` it is (in `wire`'s case). `None` for a public suffix itself
/// or a name that is no text (a label with a byte the presentation form escapes).
///
/// No allocation: the DMARC rules ask for every mail domain of a zone, hundreds of thousands of
/// times on a hosting provider's zone.
#[must_use]
pub fn organizational_domain(wire: &[u8]) -> Option<&[u8]> {
    // The name as lowercase text without its final dot, as the list is written, and where each
    // label starts in `wire`.
    let mut text = [0u8; 255];
    let mut len = 0;
    let mut starts = [0u8; 128];
    let mut count = 0;
    let mut at = 0;
    for label in name::labels(wire) {
        if !label.iter().copied().all(name::is_plain_byte) {
            return None;
        }
        let dot = usize::from(count > 0);
        let end = len + dot + label.len();
        let (into, at_label) = (text.get_mut(len..end)?, starts.get_mut(count)?);
        if dot == 1 {
            into[0] = b'.';
        }
        into[dot..].copy_from_slice(label);
        into[dot..].make_ascii_lowercase();
        *at_label = u8::try_from(at).ok()?;
        (len, count, at) = (end, count + 1, at + 1 + label.len());
    }
    let domain = psl::domain(&text[..len])?;
    let labels = 1 + memchr::memchr_iter(b'.', domain.as_bytes()).count();
    let start = starts[..count].get(count.checked_sub(labels)?)?;
    wire.get(usize::from(*start)..)
}

/// The domain a `_dmarc` owner publishes for (its parent).
#[must_use]
pub fn policy_domain(owner: &[u8]) -> Option<&[u8]> {
    is_dmarc_owner(owner).then(|| name::parent(owner)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    fn wire(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for label in text.trim_end_matches('.').split('.') {
            out.push(u8::try_from(label.len()).unwrap());
            out.extend_from_slice(label.as_bytes());
        }
        out.push(0);
        out
    }

    fn graph(files: &[(&str, &str)]) -> Graph {
        let mut reader = Reader::new(ReadOptions::default());
        for (origin, text) in files {
            reader.set_origin(Some((*origin).to_owned()));
            reader
                .read_bytes(format!("{origin}zone").as_ref(), text.as_bytes().to_vec())
                .unwrap();
        }
        Graph::build(reader.finish())
    }

    #[test]
    fn names() {
        assert!(is_dmarc_owner(&wire("_dmarc.example.com")));
        assert!(is_dmarc_owner(&wire("_DMARC.example.com")));
        assert!(!is_dmarc_owner(&wire("_dmarcx.example.com")));
        assert!(!is_dmarc_owner(&wire("x._dmarc.example.com")));
        assert_eq!(
            policy_domain(&wire("_dmarc.example.com")),
            Some(&wire("example.com")[..])
        );
        assert_eq!(
            prefixed(b"_dmarc", &wire("example.com")),
            Some(wire("_dmarc.example.com"))
        );
        let long = wire(&vec!["a".repeat(61); 4].join("."));
        assert_eq!(prefixed(b"_dmarc", &long), None);
    }

    #[test]
    fn organizational_domains() {
        let org = |n: &str| organizational_domain(&wire(n)).map(name::to_text);
        assert_eq!(org("mail.example.com").as_deref(), Some("example.com."));
        assert_eq!(org("example.com").as_deref(), Some("example.com."));
        // Looked up in lowercase, given back as written.
        assert_eq!(org("a.b.Example.CO.UK").as_deref(), Some("Example.CO.UK."));
        assert_eq!(org("host.corp.internal").as_deref(), Some("corp.internal."));
        assert_eq!(org("co.uk"), None);
        assert_eq!(org("com"), None);
        assert_eq!(org(""), None, "the root");
        // A label that is no plain text (here `a\.b`, and a space): no domain.
        assert_eq!(organizational_domain(b"\x03a.b\x07example\x03com\0"), None);
        assert_eq!(organizational_domain(b"\x03a b\x07example\x03com\0"), None);
        // A name of 253 octets, 122 labels.
        let deep = vec!["a"; 120].join(".") + ".example.com";
        assert_eq!(org(&deep).as_deref(), Some("example.com."));
    }

    #[test]
    fn dmarc_at_follows_aliases_and_knows_what_it_does_not_know() {
        let g = graph(&[
            (
                "example.com.",
                "$TTL 1\n@ SOA ns h 1 2 3 4 5\n\
                 _dmarc TXT \"v=DMARC1; p=none\"\n\
                 _dmarc.a TXT \"v=spf1 -all\"\n\
                 _dmarc.b CNAME b.dmarc.example.net.\n\
                 _dmarc.c CNAME x.elsewhere.test.\n\
                 _dmarc.d TXT \"p=none; v=DMARC1\"\n\
                 sub NS ns.sub\n",
            ),
            (
                "example.net.",
                "$TTL 1\n@ SOA ns h 1 2 3 4 5\nb.dmarc TXT \"v=DMARC1; p=reject\"\n",
            ),
        ]);
        let at = |n: &str| dmarc_at(&g, &wire(n));
        assert!(matches!(at("example.com"), DmarcAt::Found(v) if v.len() == 1));
        assert_eq!(at("a.example.com"), DmarcAt::Missing);
        assert!(matches!(at("b.example.com"), DmarcAt::Found(v) if v.len() == 1));
        assert_eq!(at("c.example.com"), DmarcAt::Unknown);
        // A broken record is still a DMARC record meant for the name.
        assert!(matches!(at("d.example.com"), DmarcAt::Found(_)));
        assert_eq!(at("nothing.example.com"), DmarcAt::Missing);
        assert_eq!(at("x.sub.example.com"), DmarcAt::Unknown);
        assert_eq!(at("example.org"), DmarcAt::Unknown);
        assert_eq!(dmarc_owner_records(&g).count(), 3);
        assert!(parse_record(&g, 1).is_some());
    }
}
