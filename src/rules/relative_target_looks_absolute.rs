use psl::Psl as _;

use crate::graph::{Graph, NameStatus};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::record::RecordFlags;
use crate::zone::rtype::RType;

declare_rule! {
    /// A relative target whose last written label is a top-level domain: a lost trailing dot.
    ///
    /// ## What it does
    /// Reports a name in MX, NS, CNAME, DNAME, PTR, SRV or SOA data written without its
    /// trailing dot, with at least two labels, whose last written label is a real top-level
    /// domain (the ICANN section of the Public Suffix List): `mail.example.net` in the zone
    /// `example.com.` became `mail.example.net.example.com.`. It is reported only when that
    /// name lies in a zone of the run and does not exist there, so a real subdomain named like a
    /// TLD (`api.dev` for `api.dev.example.com.`, which has records) is never reported. Names
    /// that repeat the origin are left to `origin-repeated`. Owners are not checked: an owner
    /// always exists, and subdomains named `dev`, `app` or `shop` are common and legitimate.
    ///
    /// ## Why is this bad?
    /// A name without a trailing dot is relative: the origin is appended to it (RFC 1035 §5.1).
    /// A target meant to be another domain's host silently points inside the zone, at a name
    /// that does not exist: mail, delegations and aliases that use it fail.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mail.example.net
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mail.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.1
    /// - RFC 1912 §3.2
    pub RelativeTargetLooksAbsolute,
    id: "relative-target-looks-absolute",
    group: Name,
    level: Warning,
    since: "0.1.0",
}

/// Whether `label` (any case) is a top-level domain of the ICANN section of the Public Suffix
/// List.
pub(super) fn is_icann_tld(label: &[u8]) -> bool {
    let mut buf = [0u8; 63];
    let Some(lower) = buf.get_mut(..label.len()) else {
        return false;
    };
    lower.copy_from_slice(label);
    lower.make_ascii_lowercase();
    let info = psl::List.find(std::iter::once(&*lower));
    info.len == label.len() && info.typ == Some(psl::Type::Icann)
}

/// For a wire name ending in `origin` (lowercase wire, not the root): the number of labels
/// before the origin and the last of them. `None` when the name does not end in the origin.
fn written_part<'a>(wire: &'a [u8], origin: &[u8]) -> Option<(usize, &'a [u8])> {
    if origin.len() <= 1 || !name::ends_with_name(wire, origin) {
        return None;
    }
    let stop = wire.len() - origin.len();
    let (mut i, mut count, mut last) = (0, 0, None);
    while i < stop {
        let len = usize::from(*wire.get(i)?);
        last = wire.get(i + 1..i + 1 + len);
        count += 1;
        i += 1 + len;
    }
    Some((count, last?))
}

/// Whether `wire` ends with `origin` twice (left to `origin-repeated`). Called on candidates
/// only: it allocates.
fn repeats_origin(wire: &[u8], origin: &[u8]) -> bool {
    // Under the root origin every name "ends with the origin twice": nothing is repeated.
    let Some(labels) = origin.strip_suffix(&[0]).filter(|l| !l.is_empty()) else {
        return false;
    };
    let mut doubled = labels.to_vec();
    doubled.extend_from_slice(origin);
    name::ends_with_name(wire, &doubled)
}

/// Whether name `target` of record `index` (its rdata field `field`) is missing because it was
/// written without its trailing dot: it repeats the origin, or its last written label is a
/// TLD. Rules that find a missing target leave such names to `origin-repeated` and this rule,
/// which say what went wrong.
pub(super) fn lost_trailing_dot(graph: &Graph, index: usize, target: &[u8], field: &str) -> bool {
    let Some(origin) = graph.set.origin_of(index) else {
        return false;
    };
    let origin = graph.set.names.wire(origin);
    let looks_absolute = written_part(target, origin)
        .is_some_and(|(labels, last)| labels >= 2 && is_icann_tld(last));
    (looks_absolute || repeats_origin(target, origin))
        && record_fields(&graph.set, index)
            .field(field)
            .is_some_and(|span| graph.written_relative(span))
}

impl Check for RelativeTargetLooksAbsolute {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let set = &graph.set;
        let mut origin: &[u8] = &[];
        let mut next_change = 0;
        for (index, record) in set.records.iter().enumerate() {
            while let Some(&(first, o)) = set.origins.get(next_change)
                && first as usize <= index
            {
                origin = o.map_or(&[][..], |o| set.names.wire(o));
                next_change += 1;
            }
            if record.flags.has(RecordFlags::GENERATED) {
                continue;
            }
            for (field, target) in graph.rdata_names(index) {
                let Some((count, last)) = written_part(target, origin) else {
                    continue;
                };
                if count < 2 || !is_icann_tld(last) || repeats_origin(target, origin) {
                    continue;
                }
                if !matches!(
                    graph.lookup(target),
                    NameStatus::Authoritative { exists: false, .. }
                ) {
                    continue;
                }
                let fields = record_fields(set, index);
                let Some(span) = fields.field(field) else {
                    continue;
                };
                if !graph.written_relative(span) {
                    continue;
                }
                let keep = target.len() - origin.len();
                let mut written = name::to_text(&target[..keep]);
                written.pop();
                let what = match (record.rtype, field) {
                    (RType::MX, _) => "MX exchange".to_owned(),
                    (RType::SOA, "primary name server") => "SOA primary name server".to_owned(),
                    (RType::SOA, _) => "SOA mailbox".to_owned(),
                    (rtype, _) => format!("{rtype} target"),
                };
                cx.report(
                    span,
                    format!(
                        "{what} `{written}` lacks its trailing dot: it becomes `{}`, which does not exist",
                        name::to_text(target)
                    ),
                )
                .span_label(format_args!("`{}` is a top-level domain", String::from_utf8_lossy(last)))
                .help(format_args!("add the trailing dot: `{written}.`"))
                .note(format_args!(
                    "a name without a trailing dot is relative: the origin `{}` is appended to it (RFC 1035 §5.1)",
                    name::to_text(origin)
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = name::parse_name(text.as_bytes(), None, &mut out);
        out
    }

    #[test]
    fn tlds_come_from_the_icann_section() {
        assert!(is_icann_tld(b"com"));
        assert!(is_icann_tld(b"NET"));
        assert!(is_icann_tld(b"uk"));
        assert!(is_icann_tld(b"dev"));
        assert!(!is_icann_tld(b"mail"));
        assert!(!is_icann_tld(b"internal"));
        assert!(!is_icann_tld(b""));
        assert!(!is_icann_tld(&[b'a'; 64]));
    }

    #[test]
    fn written_part_and_repeats() {
        let origin = wire("example.com.");
        let target = wire("mail.Example.NET.example.com.");
        let (count, last) = written_part(&target, &origin).unwrap();
        assert_eq!((count, last), (3, &b"NET"[..]));
        assert_eq!(written_part(&wire("example.com."), &origin), None);
        assert_eq!(written_part(&wire("mail.example.org."), &origin), None);
        assert_eq!(written_part(&wire("mail.example.com."), &wire(".")), None);
        assert!(repeats_origin(
            &wire("mail.example.com.example.com."),
            &origin
        ));
        assert!(repeats_origin(&wire("example.com.example.com."), &origin));
        assert!(!repeats_origin(
            &wire("mail.example.net.example.com."),
            &origin
        ));
        assert!(!repeats_origin(&wire("xexample.com.example.com."), &origin));
        assert!(!repeats_origin(&wire("cname.tld."), &wire(".")));
    }
}
