use crate::graph::{Graph, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::record::RecordFlags;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX or SPF record with a blank owner that went to a host, while the apex has none.
    ///
    /// ## What it does
    /// Reports an MX record, or a TXT/SPF record whose text starts with `v=spf1`, written with
    /// a blank owner that inherited a name other than the zone apex, when the apex itself has
    /// no MX (respectively no SPF) record. Any non-apex name counts, a host (`www`) or not
    /// (`_dmarc`). The record the owner was inherited from is shown.
    ///
    /// Not reported: an MX whose exchange is its own owner (`mail  A …` then `  MX 0 mail`: a
    /// host's own MX, clearly deliberate), and records of root and top-level zones, whose apex
    /// takes no mail of its own (RFC 3172; see `mx-non-mail-zone`).
    ///
    /// ## Why is this bad?
    /// A blank owner repeats the owner of the previous record (RFC 1035 §5.1). Mail records are
    /// usually typed under the SOA and NS lines for the domain itself; when a host record was
    /// added in between, they silently move to that host. The domain is left without MX (mail
    /// goes to its address records, if any) or without SPF (its mail fails or loses
    /// authentication), and nobody notices because the zone still loads.
    ///
    /// ## Example
    /// ```zone
    /// @     NS    ns1.example.net.
    /// www   A     192.0.2.80
    ///       MX    10 mail.example.net.
    ///       TXT   "v=spf1 mx -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     NS    ns1.example.net.
    /// @     MX    10 mail.example.net.
    /// @     TXT   "v=spf1 mx -all"
    /// www   A     192.0.2.80
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.1
    /// - RFC 7208 §3.1
    pub BlankOwnerMailRecord,
    id: "blank-owner-mail-record",
    group: Name,
    level: Warning,
    since: "0.1.0",
}

/// Whether a TXT or SPF record's text starts with `v=spf1` (then a space or nothing).
fn is_spf(graph: &Graph, index: usize) -> bool {
    let mut head = [0u8; 7];
    let mut len = 0;
    for (slot, &b) in head.iter_mut().zip(graph.strings(index).flatten()) {
        *slot = b;
        len += 1;
    }
    let head = &head[..len];
    head.get(..6)
        .is_some_and(|v| v.eq_ignore_ascii_case(b"v=spf1"))
        && head.get(6).is_none_or(|&b| b == b' ')
}

/// Whether the apex of a zone has an MX (`mx`) or an SPF record, cached per zone.
struct ApexMail {
    cache: Vec<[Option<bool>; 2]>,
}

impl ApexMail {
    fn has(&mut self, graph: &Graph, zone: ZoneId, mx: bool) -> bool {
        let slot = usize::from(!mx);
        let Some(entry) = self.cache.get_mut(zone.0 as usize) else {
            return true;
        };
        if let Some(v) = entry[slot] {
            return v;
        }
        let apex = graph.zone(zone).apex;
        let v = if mx {
            !graph.records_at(zone, apex, RType::MX).is_empty()
        } else {
            [RType::TXT, RType::SPF].iter().any(|&t| {
                graph
                    .records_at(zone, apex, t)
                    .iter()
                    .any(|&i| is_spf(graph, i as usize))
            })
        };
        entry[slot] = Some(v);
        v
    }
}

impl Check for BlankOwnerMailRecord {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let set = &graph.set;
        let mut apex_mail = ApexMail {
            cache: vec![[None; 2]; graph.zones().len()],
        };
        for (index, record) in set.records.iter().enumerate() {
            if !record.flags.has(RecordFlags::OWNER_INHERITED)
                || record.flags.has(RecordFlags::GENERATED)
            {
                continue;
            }
            let mx = match record.rtype {
                RType::MX => true,
                RType::TXT | RType::SPF if is_spf(graph, index) => false,
                _ => continue,
            };
            // A host naming itself as its own exchange is deliberate, whatever its owner.
            if mx
                && graph
                    .mx(index)
                    .is_some_and(|m| set.names.get(m.exchange) == Some(record.owner))
            {
                continue;
            }
            let zone = graph.zone_of_record(index);
            let apex = graph.zone(zone).apex;
            // The root and top-level zones receive no mail of their own (mx-non-mail-zone):
            // their hosts' records are never meant for the apex.
            if name::labels(set.names.wire(apex)).count() <= 1 {
                continue;
            }
            if record.owner == apex
                || !name::is_subdomain(set.names.wire(record.owner), set.names.wire(apex))
                || apex_mail.has(graph, zone, mx)
            {
                continue;
            }
            let owner = set.names.text(record.owner);
            let apex = set.names.text(apex);
            let what = if mx { "MX" } else { "SPF" };
            let fields = record_fields(set, index);
            let mut report = cx.report(
                fields.rtype,
                format!(
                    "{what} record with a blank owner belongs to `{owner}`, while the apex `{apex}` has no {what} record"
                ),
            );
            report
                .span_label(format_args!("blank owner: inherits `{owner}`"))
                .help("write `@` as the owner if the record is meant for the domain itself")
                .note("a blank owner repeats the owner of the previous record (RFC 1035 §5.1)");
            if let Some(source) = graph.owner_source(index) {
                let span = record_fields(set, source)
                    .owner
                    .unwrap_or(set.records[source].span);
                report.label(span, format_args!("owner `{owner}` written here"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    fn graph(text: &str) -> Graph {
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        let _ = reader.read_bytes("t.zone".as_ref(), text.as_bytes().to_vec());
        Graph::build(reader.finish())
    }

    #[test]
    fn spf_text_and_owner_source() {
        let g = graph(
            "$TTL 1\n@ TXT \"v=spf1 -all\"\n TXT \"v=\" \"SPF1\"\n TXT \"v=spf10\"\n\
             www A 192.0.2.1\n TXT \"v=spf1\"\n",
        );
        assert!(is_spf(&g, 0));
        assert!(is_spf(&g, 1));
        assert!(!is_spf(&g, 2));
        assert!(is_spf(&g, 4));
        assert_eq!(g.owner_source(2), Some(0));
        assert_eq!(g.owner_source(4), Some(3));
        assert_eq!(g.owner_source(0), None);
    }

    fn findings(origin: &str, text: &str) -> usize {
        let mut reader = Reader::new(ReadOptions {
            origin: Some(origin.into()),
            ..ReadOptions::default()
        });
        let _ = reader.read_bytes("t.zone".as_ref(), text.as_bytes().to_vec());
        let graph = Graph::build(reader.finish());
        let mut config = crate::rules::RuleConfig::default();
        let _ = config.only(&["blank-owner-mail-record"]);
        crate::rules::run(&graph, &config).len()
    }

    #[test]
    fn self_mx_and_top_level_zones_are_exempt() {
        let host = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\nmail A 192.0.2.1\n MX 10 mail\n";
        assert_eq!(findings("example.com.", host), 0);
        let other = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\nwww A 192.0.2.1\n MX 10 mail\n";
        assert_eq!(findings("example.com.", other), 1);
        assert_eq!(findings("com.", other), 0);
        assert_eq!(findings(".", other), 0);
    }
}
