use rustc_hash::FxHashSet;

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A host name that is not letters, digits and hyphens (RFC 952, RFC 1123).
    ///
    /// ## What it does
    /// Checks the names that must be host names: owners of A, AAAA and MX records, MX
    /// exchanges, NS targets, SRV targets, SVCB/HTTPS target names (RFC 9460 §2.5: the name
    /// whose addresses a client looks up) and the SOA primary name server. Each label must be
    /// letters, digits and hyphens, and may not start or end with a hyphen; `_` is not allowed.
    /// A leftmost `*` label is accepted on owners (a wildcard), and the root `.` is accepted as
    /// a target (null MX, "no service" SRV). An owner is reported once, at its first such
    /// record.
    ///
    /// ## Why is this bad?
    /// Mail servers and resolvers' host name checks refuse such names: mail to a domain whose
    /// MX exchange has an `_` is bounced by strict MTAs, and many registries and resolver
    /// libraries reject such name servers. Names with `_` belong to service records
    /// (`_dmarc`, `_sip._tcp`), never to hosts.
    ///
    /// ## Example
    /// ```zone
    /// @        MX    10 mail_1
    /// mail_1   A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @        MX    10 mail-1
    /// mail-1   A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 952
    /// - RFC 1123 §2.1
    pub HostnameSyntax,
    id: "hostname-syntax",
    group: Name,
    level: Warning,
    since: "0.1.0",
}

/// What is wrong with a host name label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    /// A character outside letters, digits and hyphen.
    Char(u8),
    LeadingHyphen,
    TrailingHyphen,
}

impl Problem {
    fn describe(self, label: &[u8]) -> String {
        let mut shown = name::to_text(&[&[label_len(label)][..], label, &[0]].concat());
        shown.pop();
        match self {
            Problem::Char(b) if b.is_ascii_graphic() => {
                format!("label `{shown}` contains `{}`", char::from(b))
            }
            Problem::Char(b) => format!("label `{shown}` contains byte {b}"),
            Problem::LeadingHyphen => format!("label `{shown}` starts with a hyphen"),
            Problem::TrailingHyphen => format!("label `{shown}` ends with a hyphen"),
        }
    }
}

fn label_len(label: &[u8]) -> u8 {
    u8::try_from(label.len()).unwrap_or(63)
}

/// Letters, digits and the hyphen, as a table: `bad_label` looks up every byte of every host
/// name of the zone (a TLD's million NS targets), and one load beats three range tests.
const HOST_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut c: u8 = 0;
    loop {
        table[c as usize] = c.is_ascii_alphanumeric() || c == b'-';
        if c == u8::MAX {
            break;
        }
        c += 1;
    }
    table
};

/// The first label of `wire` that is not a valid host name label, and why. With `wildcard`, a
/// leftmost `*` label is accepted.
fn bad_label(wire: &[u8], wildcard: bool) -> Option<(&[u8], Problem)> {
    for (i, label) in name::labels(wire).enumerate() {
        if wildcard && i == 0 && label == b"*" {
            continue;
        }
        if let Some(&b) = label.iter().find(|&&b| !HOST_BYTE[usize::from(b)]) {
            return Some((label, Problem::Char(b)));
        }
        if label.first() == Some(&b'-') {
            return Some((label, Problem::LeadingHyphen));
        }
        if label.last() == Some(&b'-') {
            return Some((label, Problem::TrailingHyphen));
        }
    }
    None
}

impl Check for HostnameSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let set = &graph.set;
        let mut reported_owners = FxHashSet::default();
        // Records of a name mostly follow each other: its labels are judged once per run of them.
        let mut last_owner = None;
        for (index, record) in set.records.iter().enumerate() {
            let rtype = record.rtype;
            if !matches!(
                rtype,
                RType::A
                    | RType::AAAA
                    | RType::MX
                    | RType::NS
                    | RType::SRV
                    | RType::SOA
                    | RType::SVCB
                    | RType::HTTPS
            ) {
                continue;
            }
            if matches!(rtype, RType::A | RType::AAAA | RType::MX)
                && last_owner.replace(record.owner) != Some(record.owner)
            {
                let owner = set.names.wire(record.owner);
                if let Some((label, problem)) = bad_label(owner, true)
                    && reported_owners.insert(record.owner)
                {
                    let span = record_fields(set, index).owner.unwrap_or(record.span);
                    report(
                        cx,
                        span,
                        &format!("{rtype} record owner"),
                        owner,
                        problem.describe(label),
                    );
                }
            }
            let service_target = matches!(rtype, RType::SVCB | RType::HTTPS)
                .then(|| service_target(graph.rdata(index)))
                .flatten()
                .map(|t| ("target", t));
            for (field, target) in graph.rdata_names(index).chain(service_target) {
                if field == "responsible mailbox" {
                    continue;
                }
                let Some((label, problem)) = bad_label(target, false) else {
                    continue;
                };
                let what = match rtype {
                    RType::MX => "MX exchange".to_owned(),
                    RType::SOA => "SOA primary name server".to_owned(),
                    _ => format!("{rtype} target"),
                };
                let span = record_fields(set, index)
                    .field(field)
                    .unwrap_or(record.span);
                report(cx, span, &what, target, problem.describe(label));
            }
        }
    }
}

/// The TargetName of SVCB/HTTPS rdata (after the 2-octet priority), unless it is the root:
/// `.` means the owner itself in service mode, and "no service" in alias mode.
fn service_target(rdata: &[u8]) -> Option<&[u8]> {
    let name = rdata.get(2..)?;
    let name = &name[..name::wire_name_len(name)?];
    (name != [0]).then_some(name)
}

fn report(cx: &mut Context<'_>, span: Span, what: &str, wire: &[u8], problem: String) {
    cx.report(
        span,
        format!("{what} `{}` is not a valid host name", name::to_text(wire)),
    )
    .span_label(problem)
    .help("use only letters, digits and hyphens in host names, with no hyphen at either end of a label")
    .note("host names are letters, digits and hyphens (RFC 952, RFC 1123 §2.1); `_` is for service names only");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = name::parse_name(text.as_bytes(), None, &mut out);
        out
    }

    fn check(text: &str, wildcard: bool) -> Option<(String, Problem)> {
        let w = wire(text);
        bad_label(&w, wildcard).map(|(l, p)| (String::from_utf8_lossy(l).into_owned(), p))
    }

    #[test]
    fn host_byte_table_is_letters_digits_and_hyphen() {
        for b in 0..=u8::MAX {
            assert_eq!(
                HOST_BYTE[usize::from(b)],
                b.is_ascii_alphanumeric() || b == b'-',
                "byte {b}"
            );
        }
    }

    #[test]
    fn host_name_labels() {
        assert_eq!(check("mail-1.example.com.", false), None);
        assert_eq!(check("1mail.example.com.", false), None);
        assert_eq!(check("xn--bcher-kva.example.", false), None);
        assert_eq!(check(".", false), None);
        assert_eq!(check("*.example.com.", true), None);
        assert_eq!(
            check("*.example.com.", false),
            Some(("*".into(), Problem::Char(b'*')))
        );
        assert_eq!(
            check("a.*.example.com.", true),
            Some(("*".into(), Problem::Char(b'*')))
        );
        assert_eq!(
            check("mail_1.example.com.", false),
            Some(("mail_1".into(), Problem::Char(b'_')))
        );
        assert_eq!(
            check("-mail.example.", false),
            Some(("-mail".into(), Problem::LeadingHyphen))
        );
        assert_eq!(
            check("mail-.example.", false),
            Some(("mail-".into(), Problem::TrailingHyphen))
        );
        assert_eq!(
            check("a\\032b.example.", false),
            Some(("a b".into(), Problem::Char(b' ')))
        );
        assert_eq!(
            Problem::Char(b' ').describe(b"a b"),
            "label `a\\032b` contains byte 32"
        );
        assert_eq!(
            Problem::Char(b'.').describe(b"a.b"),
            "label `a\\.b` contains `.`"
        );
    }
}
