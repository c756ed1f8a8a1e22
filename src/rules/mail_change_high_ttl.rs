use rustc_hash::FxHashMap;

use crate::graph::{Graph, ZoneId};
use crate::policy::spf_graph::is_spf_record;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;
use crate::zone::ttl;

declare_rule! {
    /// An MX, SPF or NS answer, or the address of a mail or name server, changed or removed while the old records had a long TTL.
    ///
    /// ## What it does
    /// Runs when zonelint compares against a base version (`zonelint check --base REV`,
    /// `zonelint diff OLD NEW`); reports nothing otherwise. In every zone the base also has,
    /// it looks at the base's MX RRsets, SPF records (TXT `v=spf1`), NS RRsets, and the A and
    /// AAAA RRsets of every name that is an MX exchange or NS target at the base (in any zone
    /// of the run). When one of them changed (other data; a change of TTL alone does not
    /// count) or is gone, and its old TTL was longer than one hour (3600 s), it reports the
    /// change with the time the old answer may stay in caches. One hour is the threshold
    /// because below it a change settles within the usual review-and-deploy window; adding
    /// records where there were none is not reported (no answer to go stale).
    ///
    /// ## Why is this bad?
    /// A resolver that cached the old answer keeps using it until its TTL runs out: after an
    /// MX moved to a new host, senders that asked the day before keep delivering to the old
    /// one for up to that TTL, and an old SPF record keeps failing mail from a newly added
    /// sender. Lowering the TTL in the same change does not help, since caches hold the old
    /// answer for the TTL it was served with. The safe order is to lower the TTL first,
    /// deploy, wait for the old TTL to run out, and only then change the data.
    ///
    /// ## Example
    /// The version at the base revision follows `; base:`.
    /// ```zone
    /// @     MX    10 mx2
    /// mx2   A     192.0.2.26
    /// ; base: example.com.zone
    /// @     86400 MX    10 mx1
    /// mx1   A     192.0.2.25
    /// mx2   A     192.0.2.26
    /// ```
    ///
    /// Use instead (first lower the TTL, wait a day, then change the MX):
    /// ```zone
    /// @     300   MX    10 mx1
    /// mx1   A     192.0.2.25
    /// mx2   A     192.0.2.26
    /// ; base: example.com.zone
    /// @     86400 MX    10 mx1
    /// mx1   A     192.0.2.25
    /// mx2   A     192.0.2.26
    /// ```
    ///
    /// ## References
    /// - RFC 1034 §3.6 (TTL: how long a resolver may cache an answer), §4.3.5
    /// - RFC 2181 §8
    pub MailChangeHighTtl,
    id: "mail-change-high-ttl",
    group: Change,
    level: Warning,
    since: "0.1.0",
}

/// Old TTLs above this (in seconds) are long enough to report.
const LONG_TTL: u32 = 3600;

/// What changed, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Mx,
    Ns,
    Spf,
    /// The A or AAAA RRset of an MX exchange or NS target (which it is).
    Address(&'static str),
}

impl Check for MailChangeHighTtl {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let Some(base) = graph.base() else {
            return;
        };
        // Mail and name server hosts at the base, lowercase wire → what they are.
        let mut hosts: FxHashMap<Vec<u8>, &'static str> = FxHashMap::default();
        for &index in base.records_of_type(RType::NS) {
            if let Some(target) = base.target(index as usize) {
                hosts.insert(target.to_ascii_lowercase(), "NS target");
            }
        }
        for (_, mx) in base.mx_records() {
            if !mx.is_null() {
                hosts.insert(mx.exchange.to_ascii_lowercase(), "MX exchange");
            }
        }
        let kinds = [RType::MX, RType::NS, RType::TXT, RType::A, RType::AAAA];
        for rtype in kinds {
            for (base_zone, set) in base.rrsets_of_type(rtype) {
                let owner = base.set.names.wire(set.owner);
                let kind = match rtype {
                    RType::MX => Kind::Mx,
                    RType::NS => Kind::Ns,
                    RType::TXT => Kind::Spf,
                    _ => match hosts.get(owner) {
                        Some(role) => Kind::Address(role),
                        None => continue,
                    },
                };
                let Some(zone) = graph.zone_from_base(base_zone) else {
                    continue;
                };
                let records = base.records_of(base_zone, &set);
                let Some(old_ttl) = records
                    .iter()
                    .map(|&i| base.set.records[i as usize].ttl)
                    .max()
                else {
                    continue;
                };
                if old_ttl <= LONG_TTL {
                    continue;
                }
                let old = keys(base, records, kind);
                if old.is_empty() {
                    continue;
                }
                let owner_id = graph.set.names.get(owner);
                let now = owner_id.map_or(&[][..], |id| graph.records_at(zone, id, rtype));
                let new = keys(graph, now, kind);
                if old.iter().map(|(k, _)| k).eq(new.iter().map(|(k, _)| k)) {
                    continue;
                }
                report(
                    graph,
                    cx,
                    &Change {
                        zone,
                        owner: owner_id,
                        owner_text: name::to_text(owner),
                        kind,
                        rtype,
                        old_ttl,
                        // The first new record (in source order) the old set lacks, else the first.
                        changed: new
                            .iter()
                            .filter(|(k, _)| old.binary_search_by(|(o, _)| o.cmp(k)).is_err())
                            .map(|&(_, i)| i)
                            .min()
                            .or_else(|| new.iter().map(|&(_, i)| i).min()),
                    },
                );
            }
        }
    }
}

/// One changed or removed answer.
struct Change {
    zone: ZoneId,
    owner: Option<NameId>,
    owner_text: String,
    kind: Kind,
    rtype: RType,
    old_ttl: u32,
    /// The new record to point at; `None` when the answer is gone.
    changed: Option<u32>,
}

fn report(graph: &Graph, cx: &mut Context<'_>, change: &Change) {
    let what = match change.kind {
        Kind::Mx => format!("MX records of `{}`", change.owner_text),
        Kind::Ns => format!("NS records of `{}`", change.owner_text),
        Kind::Spf => format!("SPF record of `{}`", change.owner_text),
        Kind::Address(role) => {
            format!("{} records of {role} `{}`", change.rtype, change.owner_text)
        }
    };
    let ttl = change.old_ttl;
    let cached = ttl::human(ttl);
    let (verb, span, label) = match change.changed {
        Some(index) => {
            let index = index as usize;
            let field = match change.kind {
                Kind::Mx => "exchange",
                Kind::Ns => "target",
                Kind::Spf => "text",
                Kind::Address(_) => "address",
            };
            let record = &graph.set.records[index];
            let span = record_fields(&graph.set, index)
                .field(field)
                .unwrap_or(record.span);
            (
                "changed",
                span,
                format!("cached answers may hold the old data for {cached}"),
            )
        }
        None => match anchor(graph, change.zone, change.owner) {
            Some((span, true)) => (
                "removed",
                span,
                format!("no {} here any more", change.rtype),
            ),
            Some((span, false)) => (
                "removed",
                span,
                format!(
                    "zone without {} at `{}` now",
                    change.rtype, change.owner_text
                ),
            ),
            None => return,
        },
    };
    let mut report = cx.report(
        span,
        format!(
            "{what} {verb} while the old TTL was {ttl} ({cached}): resolvers may keep the old answer for up to {cached}"
        ),
    );
    report
        .span_label(label)
        .help(format_args!(
            "lower the TTL of the old records first (e.g. to 300) and deploy that, wait {cached} for cached copies to expire, then make this change"
        ))
        .note("a cache keeps an answer for the TTL it was served with; lowering the TTL in the same change does not shorten it (RFC 1034 §3.6)");
}

/// Where to report an answer that is gone: another record at the owner (`true`), else the
/// zone's SOA, else its first record (`false`).
fn anchor(graph: &Graph, zone: ZoneId, owner: Option<NameId>) -> Option<(Span, bool)> {
    let first = |owner: NameId| {
        graph
            .rrsets_at(zone, owner)
            .filter_map(|set| graph.records_of(zone, &set).first().copied())
            .min()
    };
    if let Some(index) = owner.and_then(first) {
        return Some((graph.set.records[index as usize].span, true));
    }
    let index = graph
        .records_at(zone, graph.zone(zone).apex, RType::SOA)
        .first()
        .copied()
        .or_else(|| {
            let range = &graph.set.zones[graph.zone(zone).source].records;
            (!range.is_empty()).then(|| u32::try_from(range.start).unwrap_or(u32::MAX))
        })?;
    Some((graph.set.records[index as usize].span, false))
}

/// What identifies each record's data for `kind` (names lowercase, so a change of case is no
/// change), sorted and without repeats, each with a record index holding it. SPF keeps only
/// the TXT records that are SPF.
fn keys(graph: &Graph, records: &[u32], kind: Kind) -> Vec<(Vec<u8>, u32)> {
    let mut out: Vec<(Vec<u8>, u32)> = records
        .iter()
        .filter_map(|&i| {
            let index = i as usize;
            let key = match kind {
                Kind::Mx => graph.mx(index).map(|mx| {
                    let mut key = mx.preference.to_be_bytes().to_vec();
                    key.extend(mx.exchange.to_ascii_lowercase());
                    key
                }),
                Kind::Ns => graph.target(index).map(<[u8]>::to_ascii_lowercase),
                Kind::Spf => {
                    is_spf_record(graph, index).then(|| graph.joined_text(index).into_owned())
                }
                Kind::Address(_) => Some(graph.rdata(index).to_vec()),
            };
            // Opaque rdata (an unparsed form) still compares as written.
            let key = key.or_else(|| {
                (graph.set.records[index].is_opaque() && kind != Kind::Spf)
                    .then(|| graph.rdata(index).to_vec())
            })?;
            Some((key, i))
        })
        .collect();
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}
