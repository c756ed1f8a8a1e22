use rustc_hash::FxHashSet;

use crate::graph::{Graph, Soa};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// More than one SOA record at a zone's apex.
    ///
    /// ## What it does
    /// Reports every SOA record at the apex of a zone after the first, with the first as a
    /// secondary label. A repeat identical to an earlier SOA (names compared without case) is
    /// `duplicate-record`'s finding, and an SOA at another name is `soa-not-at-apex`'s: each
    /// mistake is reported once.
    ///
    /// ## Why is this bad?
    /// A zone has exactly one SOA record (RFC 1035 §5.2): its serial tells secondaries whether
    /// to transfer the zone, its timers how often to check. With two different SOA records
    /// nobody can tell which serial and timers are meant; BIND refuses the zone (`multiple RRs
    /// of singleton type`), and other servers keep one of them.
    ///
    /// ## Example
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster 2024061501 14400 3600 1209600 3600
    /// @  SOA  ns1.example.net. hostmaster 2024061502 14400 3600 1209600 3600
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  SOA  ns1.example.net. hostmaster 2024061502 14400 3600 1209600 3600
    /// @  NS   ns1.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.2
    /// - RFC 2181 §6.1
    pub SoaMultiple,
    id: "soa-multiple",
    group: Soa,
    level: Error,
    since: "0.1.0",
}

/// An SOA record's data as a key: names lowercased, so repeats that differ only in case match.
fn key(soa: &Soa<'_>) -> (Vec<u8>, Vec<u8>, [u32; 5]) {
    (
        soa.mname.to_ascii_lowercase(),
        soa.rname.to_ascii_lowercase(),
        [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum],
    )
}

impl Check for SoaMultiple {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut seen = FxHashSet::default();
        for (zone, _) in graph.zone_ids() {
            let apex = super::soa_not_at_apex::apex(graph, zone);
            let records = graph.records_at(zone, apex.name, RType::SOA);
            let Some((&first, rest)) = records.split_first() else {
                continue;
            };
            let first = first as usize;
            let first_soa = graph.soa(first);
            seen.clear();
            seen.extend(first_soa.as_ref().map(key));
            for &index in rest {
                let index = index as usize;
                let soa = graph.soa(index);
                if let Some(soa) = &soa
                    && !seen.insert(key(soa))
                {
                    continue; // the same record again: `duplicate-record`'s finding
                }
                let fields = record_fields(&graph.set, index);
                let apex_text = graph.set.names.text(apex.name);
                let note = match (&first_soa, &soa) {
                    (Some(a), Some(b)) if a.serial != b.serial => format!(
                        "a zone has exactly one SOA record (RFC 1035 §5.2); with serials `{}` and \
                         `{}`, nobody can tell which version of the zone is current",
                        a.serial, b.serial
                    ),
                    _ => "a zone has exactly one SOA record (RFC 1035 §5.2); servers refuse the \
                          zone or keep one of them"
                        .to_owned(),
                };
                cx.report(
                    fields.rtype,
                    format!("another SOA record at the apex `{apex_text}`"),
                )
                .span_label("second SOA")
                .label(graph.set.records[first].span, "first SOA here")
                .help("keep one SOA record at the apex: merge the two and remove the other")
                .note(note);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soa_keys_ignore_name_case() {
        let a = Soa {
            mname: b"\x02ns\x07example\x00",
            rname: b"\x02hm\x07example\x00",
            serial: 1,
            refresh: 2,
            retry: 3,
            expire: 4,
            minimum: 5,
        };
        let b = Soa {
            mname: b"\x02NS\x07Example\x00",
            ..a
        };
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&Soa { serial: 2, ..a }));
        assert_ne!(
            key(&a),
            key(&Soa {
                rname: b"\x02hx\x07example\x00",
                ..a
            })
        );
    }
}
