use std::hash::{BuildHasher, Hash, Hasher};

use crate::graph::{Graph, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// The zone's records changed since the base version but its SOA serial did not increase.
    ///
    /// ## What it does
    /// Runs when zonelint compares against a base version (`zonelint check --base REV`,
    /// `zonelint diff OLD NEW`); reports nothing otherwise. For each zone whose apex the base
    /// also has, it compares the two record sets: every record of the zone, from the zone file
    /// and every file it `$INCLUDE`s, by owner, type, class, TTL and data, ignoring the SOA
    /// serial itself, the order of the records, comments, how owners are spelt (relative,
    /// inherited, case) and exact repeats; record data compares as served (a name in it
    /// written in another case is a change, since servers hand it out as written). When they
    /// differ, the new SOA serial must be greater than the old one in the serial number
    /// arithmetic of RFC 1982: `4294967295` → `1` is an increase (the serial wrapped), an equal
    /// serial, a lower one, and a jump of 2^31 or more (which wraps around to a decrease) are
    /// not. A change of TTL counts as a change; a zone new since the base has nothing to
    /// compare with.
    ///
    /// ## Why is this bad?
    /// Secondary servers decide whether to transfer a zone by comparing its serial with the
    /// one they hold (RFC 1034 §4.3.5, RFC 1996 for NOTIFY): if it did not increase they keep
    /// serving the old records, so the change reaches only the primary, and which answer a
    /// resolver gets depends on the server it asks. It is the classic way a new MX is
    /// deployed and mail still goes to the old host.
    ///
    /// ## Example
    /// The version at the base revision follows `; base:`.
    /// ```zone
    /// @     SOA   ns1 hostmaster 2024010101 7200 3600 1209600 3600
    /// @     NS    ns1
    /// @     MX    10 mx2
    /// ns1   A     192.0.2.53
    /// mx2   A     192.0.2.26
    /// ; base: example.com.zone
    /// @     SOA   ns1 hostmaster 2024010101 7200 3600 1209600 3600
    /// @     NS    ns1
    /// @     MX    10 mx1
    /// ns1   A     192.0.2.53
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     SOA   ns1 hostmaster 2024010102 7200 3600 1209600 3600
    /// @     NS    ns1
    /// @     MX    10 mx2
    /// ns1   A     192.0.2.53
    /// mx2   A     192.0.2.26
    /// ; base: example.com.zone
    /// @     SOA   ns1 hostmaster 2024010101 7200 3600 1209600 3600
    /// @     NS    ns1
    /// @     MX    10 mx1
    /// ns1   A     192.0.2.53
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 1982 §3 (serial number arithmetic)
    /// - RFC 1034 §4.3.5 (zone refresh by serial)
    /// - RFC 1996 (NOTIFY)
    pub SerialNotIncreased,
    id: "serial-not-increased",
    group: Change,
    level: Error,
    since: "0.1.0",
}

impl Check for SerialNotIncreased {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let (Some(base), Some(label)) = (graph.base(), graph.base_label()) else {
            return;
        };
        for (zone, _) in graph.zone_ids() {
            let Some(base_zone) = graph.base_zone(zone) else {
                continue;
            };
            let (Some(soa), Some(old_soa)) = (apex_soa(graph, zone), apex_soa(base, base_zone))
            else {
                continue;
            };
            let (Some(new), Some(old)) = (graph.soa(soa), base.soa(old_soa)) else {
                continue;
            };
            let order = compare_serials(old.serial, new.serial);
            if order == SerialOrder::Greater {
                continue;
            }
            let new_digests = digests(graph, zone);
            let old_digests = digests(base, base_zone);
            let difference = difference(&new_digests, &old_digests);
            if difference.added == 0 && difference.removed == 0 {
                continue;
            }
            let (serial, before) = (new.serial, old.serial);
            let message = match order {
                SerialOrder::Equal => format!(
                    "zone changed but SOA serial `{serial}` was not increased (serial `{before}` at `{label}`)"
                ),
                SerialOrder::Less if serial < before => format!(
                    "zone changed but SOA serial `{serial}` is lower than before (serial `{before}` at `{label}`)"
                ),
                SerialOrder::Less => format!(
                    "zone changed but SOA serial `{serial}` jumped 2^31 or more past serial `{before}` at `{label}`, which wraps around to a decrease"
                ),
                SerialOrder::Undefined => format!(
                    "zone changed but SOA serial `{serial}` is exactly 2^31 away from serial `{before}` at `{label}`: whether it increased is undefined"
                ),
                SerialOrder::Greater => continue,
            };
            let record = &graph.set.records[soa];
            let fields = record_fields(&graph.set, soa);
            let mut report = cx.report(fields.field("serial").unwrap_or(record.span), message);
            report
                .span_label("serial not increased")
                .help(format_args!(
                    "increase the serial, e.g. to `{}`",
                    suggested_serial(before)
                ))
                .note(format_args!(
                    "{} since `{label}`; secondaries transfer a zone only when its serial increases in RFC 1982 arithmetic, and keep serving the old records otherwise",
                    difference.describe()
                ));
            if let Some(first) = first_added(graph, zone, &old_digests) {
                report.label(graph.set.records[first].span, "changed record");
            }
        }
    }
}

/// How a new serial compares with the old one (RFC 1982 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SerialOrder {
    Greater,
    Equal,
    Less,
    /// Exactly 2^31 apart: RFC 1982 leaves the comparison undefined.
    Undefined,
}

/// RFC 1982 §3.2 with SERIAL_BITS = 32: `new` is greater when `new - old` (mod 2^32) lies in
/// `1..2^31`.
fn compare_serials(old: u32, new: u32) -> SerialOrder {
    match new.wrapping_sub(old) {
        0 => SerialOrder::Equal,
        d if d < 1 << 31 => SerialOrder::Greater,
        d if d == 1 << 31 => SerialOrder::Undefined,
        _ => SerialOrder::Less,
    }
}

/// The next serial after `old` (skipping 0, which some servers treat as "unset").
fn suggested_serial(old: u32) -> u32 {
    match old.wrapping_add(1) {
        0 => 1,
        n => n,
    }
}

/// The SOA record at a zone's apex.
fn apex_soa(graph: &Graph, zone: ZoneId) -> Option<usize> {
    let set = graph.rrset(zone, graph.zone(zone).apex, RType::SOA)?;
    graph.records_of(zone, &set).first().map(|&i| i as usize)
}

/// The records of a zone: every file it read, includes too.
fn zone_records(graph: &Graph, zone: ZoneId) -> std::ops::Range<usize> {
    graph.set.zones[graph.zone(zone).source].records.clone()
}

/// A 128-bit digest of a record's owner, type, class, TTL and data (an SOA's without its
/// serial): records compare across two runs by digest, sixteen bytes each instead of a copy.
fn digest(graph: &Graph, index: usize, scratch: &mut Vec<u8>) -> u128 {
    const HASHERS: [foldhash::quality::FixedState; 2] = [
        foldhash::quality::FixedState::with_seed(0x7a6f_6e65_6c69_6e74),
        foldhash::quality::FixedState::with_seed(0x7365_7269_616c_2121),
    ];
    let record = &graph.set.records[index];
    let mut rdata = record.rdata(&graph.set.rdata);
    if record.rtype == RType::SOA && !record.is_opaque() {
        // The serial is the 4 bytes after the two names.
        let names = crate::zone::name::wire_name_len(rdata).and_then(|m| {
            let r = crate::zone::name::wire_name_len(rdata.get(m..)?)?;
            Some(m + r)
        });
        if let Some(at) = names.filter(|&at| rdata.len() >= at + 4) {
            scratch.clear();
            scratch.extend_from_slice(rdata);
            scratch[at..at + 4].fill(0);
            rdata = scratch;
        }
    }
    let halves = HASHERS.map(|state| {
        let mut h = state.build_hasher();
        graph.set.names.wire(record.owner).hash(&mut h);
        record.rtype.0.hash(&mut h);
        record.class.0.hash(&mut h);
        record.ttl.hash(&mut h);
        record.is_opaque().hash(&mut h);
        rdata.hash(&mut h);
        h.finish()
    });
    (u128::from(halves[0]) << 64) | u128::from(halves[1])
}

/// The digests of a zone's records, sorted, without repeats: its record set.
fn digests(graph: &Graph, zone: ZoneId) -> Vec<u128> {
    let mut scratch = Vec::new();
    let mut out: Vec<u128> = zone_records(graph, zone)
        .map(|index| digest(graph, index, &mut scratch))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The first record of a zone (in source order) whose digest `old` lacks.
fn first_added(graph: &Graph, zone: ZoneId, old: &[u128]) -> Option<usize> {
    let mut scratch = Vec::new();
    zone_records(graph, zone).find(|&index| {
        old.binary_search(&digest(graph, index, &mut scratch))
            .is_err()
    })
}

/// How two record sets differ.
#[derive(Debug, Default, PartialEq, Eq)]
struct Difference {
    added: usize,
    removed: usize,
}

impl Difference {
    fn describe(&self) -> String {
        let records = |n: usize| if n == 1 { "record" } else { "records" };
        match (self.added, self.removed) {
            (a, 0) => format!("{a} {} added", records(a)),
            (0, r) => format!("{r} {} removed", records(r)),
            (a, r) => format!("{a} {} added and {r} removed", records(a)),
        }
    }
}

/// Merges two sorted digest lists.
fn difference(new: &[u128], old: &[u128]) -> Difference {
    let mut out = Difference::default();
    let (mut i, mut j) = (0, 0);
    while i < new.len() || j < old.len() {
        match (new.get(i), old.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                out.added += 1;
                i += 1;
            }
            (Some(_), None) => {
                out.added += 1;
                i += 1;
            }
            _ => {
                out.removed += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_arithmetic_follows_rfc_1982() {
        assert_eq!(compare_serials(1, 2), SerialOrder::Greater);
        assert_eq!(compare_serials(2, 2), SerialOrder::Equal);
        assert_eq!(compare_serials(3, 2), SerialOrder::Less);
        // Wrap-around: the largest serial is followed by 0 and 1.
        assert_eq!(compare_serials(u32::MAX, 0), SerialOrder::Greater);
        assert_eq!(compare_serials(u32::MAX, 1), SerialOrder::Greater);
        assert_eq!(compare_serials(1, u32::MAX), SerialOrder::Less);
        // The largest increase is 2^31 - 1; 2^31 is undefined; more is a decrease.
        assert_eq!(compare_serials(0, (1 << 31) - 1), SerialOrder::Greater);
        assert_eq!(compare_serials(0, 1 << 31), SerialOrder::Undefined);
        assert_eq!(compare_serials(1 << 31, 0), SerialOrder::Undefined);
        assert_eq!(compare_serials(0, (1 << 31) + 1), SerialOrder::Less);
        assert_eq!(
            compare_serials(2_024_010_101, 2_024_010_102),
            SerialOrder::Greater
        );
        assert_eq!(compare_serials(4_000_000_000, 100), SerialOrder::Greater);
    }

    #[test]
    fn suggestion_skips_zero() {
        assert_eq!(suggested_serial(2_024_010_101), 2_024_010_102);
        assert_eq!(suggested_serial(u32::MAX), 1);
    }

    #[test]
    fn difference_counts_both_sides() {
        let new = [1, 3, 4];
        let old = [1, 2, 4];
        let d = difference(&new, &old);
        assert_eq!(
            d,
            Difference {
                added: 1,
                removed: 1
            }
        );
        assert_eq!(d.describe(), "1 record added and 1 removed");
        assert_eq!(difference(&old, &old), Difference::default());
        assert_eq!(difference(&[], &old).describe(), "3 records removed");
    }
}
