use crate::graph::{Graph, RrSet};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A name that owns a CNAME and other data.
    ///
    /// ## What it does
    /// Reports every RRset that shares its owner name with a CNAME record, in every zone of the
    /// run, on the type of the RRset's first record, with the CNAME as a secondary label.
    ///
    /// DNSSEC records that must or may live beside an alias are exempt, as BIND exempts them:
    /// RRSIG and NSEC (RFC 4035 §2.5), and their RFC 2535 ancestors SIG, NXT and KEY. A DNAME
    /// beside a CNAME is left to `dname-structure`, so the conflict is reported once.
    ///
    /// A CNAME at the apex beside the SOA and NS records is reported here as well as by
    /// `cname-at-apex` (as the other linters do): each rule can be turned off on its own.
    /// Data below a delegation cut is checked too: servers refuse the zone at load time
    /// whether or not the name would be served.
    ///
    /// ## Why is this bad?
    /// An alias stands for the whole name: a resolver asking for any type gets the CNAME and
    /// follows it (RFC 1034 §3.6.2). Other data at the name is never seen, and most servers
    /// refuse to load a zone that has it (RFC 2181 §10.1).
    ///
    /// ## Example
    /// ```zone
    /// www  CNAME web.example.net.
    /// www  TXT   "google-site-verification=abc"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// www  CNAME web.example.net.
    /// _verify.www  TXT   "google-site-verification=abc"
    /// ```
    ///
    /// ## References
    /// - RFC 1034 §3.6.2
    /// - RFC 2181 §10.1
    /// - RFC 4035 §2.5
    pub CnameAndOtherData,
    id: "cname-and-other-data",
    group: Cname,
    level: Error,
    since: "0.1.0",
}

/// Types that may share a name with a CNAME (BIND's "at CNAME" types).
fn allowed_beside_cname(rtype: RType) -> bool {
    matches!(
        rtype,
        RType::CNAME | RType::RRSIG | RType::NSEC | RType::SIG | RType::NXT | RType::KEY
    ) || rtype == RType::DNAME
}

impl Check for CnameAndOtherData {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut group: Vec<RrSet> = Vec::new();
        for (zone_id, zone) in graph.zone_ids() {
            let apex = graph.set.names.wire(zone.apex);
            let mut sets = graph.rrsets(zone_id).peekable();
            while let Some(first) = sets.next() {
                group.clear();
                group.push(first);
                while let Some(next) = sets.next_if(|s| s.owner == first.owner) {
                    group.push(next);
                }
                let Some(cname) = group.iter().find(|s| s.rtype == RType::CNAME) else {
                    continue;
                };
                if group.iter().all(|s| allowed_beside_cname(s.rtype))
                    || !name::is_subdomain(graph.set.names.wire(first.owner), apex)
                {
                    continue;
                }
                let cname_record = graph.records_of(zone_id, cname)[0] as usize;
                let owner = graph.set.names.text(first.owner);
                for set in group.iter().filter(|s| !allowed_beside_cname(s.rtype)) {
                    let index = graph.records_of(zone_id, set)[0] as usize;
                    let fields = record_fields(&graph.set, index);
                    let rtype = set.rtype;
                    let help = if first.owner == zone.apex {
                        "remove the CNAME: the apex must keep its SOA and NS records".to_owned()
                    } else {
                        format!(
                            "remove the `{rtype}` data, or replace the CNAME with the target's \
                             records"
                        )
                    };
                    cx.report(
                        fields.rtype,
                        format!("`{rtype}` record at `{owner}` beside a CNAME"),
                    )
                    .span_label("other data at an alias")
                    .label(graph.set.records[cname_record].span, "CNAME defined here")
                    .help(help)
                    .note(
                        "a name that owns a CNAME may own no other data but DNSSEC records \
                         (RFC 1034 §3.6.2, RFC 2181 §10.1)",
                    );
                }
            }
        }
    }
}
