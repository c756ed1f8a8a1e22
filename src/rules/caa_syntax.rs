use std::ops::Range;

use crate::graph::Graph;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// A CAA record with reserved flag bits, a tag outside the IANA registry, or a malformed
    /// value.
    ///
    /// ## What it does
    /// Checks every CAA record against RFC 8659 and the IANA registry of CAA properties:
    /// - flags other than 0 and 128 (the issuer-critical bit; the other bits are reserved and
    ///   must be zero);
    /// - a tag that is not `issue`, `issuewild`, `iodef`, `contactemail`, `contactphone`,
    ///   `issuemail` or `issuevmc` (compared ignoring case, as CAs do), a reserved tag (`auth`,
    ///   `path`, `policy`), and, said loudly, an unknown tag with the critical flag, which
    ///   forbids every CA to issue;
    /// - an `issue`, `issuewild`, `issuemail` or `issuevmc` value that breaks the grammar of
    ///   RFC 8659 §4.2: an issuer domain name (no trailing dot, no URL, one CA per record),
    ///   then optional `; name=value` parameters (an empty value, or `;` alone, forbids
    ///   issuance and is fine);
    /// - an `iodef` value that is not a `mailto:`, `http:` or `https:` URL;
    /// - a `contactemail` value that is not a bare email address, a `contactphone` value that
    ///   is not a global phone number (`+` and digits, RFC 3966 §5.1.4).
    ///
    /// ## Why is this bad?
    /// CAs must check CAA before issuing a certificate (CA/Browser Forum Baseline
    /// Requirements §3.2.2.8). A value they cannot parse does not name them: a malformed
    /// `issue` record blocks the CA it meant to allow (and with it certificate renewals),
    /// an unknown critical tag blocks every CA, and a tag or contact they do not understand
    /// is silently ignored.
    ///
    /// ## Example
    /// ```zone
    /// @  CAA  0 issue "letsencrypt.org."
    /// @  CAA  0 iodef "security@example.com"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  CAA  0 issue "letsencrypt.org"
    /// @  CAA  0 iodef "mailto:security@example.com"
    /// ```
    ///
    /// ## References
    /// - RFC 8659 §4.1–§4.4
    /// - RFC 9495 §3 (`issuemail`)
    /// - IANA "Certification Authority Restriction Properties" registry
    pub CaaSyntax,
    id: "caa-syntax",
    group: Other,
    level: Warning,
    since: "0.1.0",
}

/// The issuer-critical flag (RFC 8659 §4.1).
const CRITICAL: u8 = 128;

/// Tags of the IANA registry.
const KNOWN_TAGS: [&str; 7] = [
    "issue",
    "issuewild",
    "iodef",
    "contactemail",
    "contactphone",
    "issuemail",
    "issuevmc",
];

/// Tags the registry reserves (RFC 8659 §7.2).
const RESERVED_TAGS: [&str; 3] = ["auth", "path", "policy"];

/// Which field a problem is in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Flags,
    Tag,
    /// Bytes of the value.
    Value(Range<usize>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    part: Part,
    message: String,
    help: String,
    note: &'static str,
}

fn show(bytes: &[u8]) -> String {
    crate::policy::spf::show(bytes, 0..bytes.len())
}

fn is_wsp(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// `label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))`, the form of issuer domain labels and
/// parameter names.
fn is_label(label: &[u8]) -> bool {
    label.first().is_some_and(u8::is_ascii_alphanumeric)
        && label.last().is_some_and(u8::is_ascii_alphanumeric)
        && label
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

const ISSUE_NOTE: &str = "a CA that cannot parse an issue value must treat the record as \
                          forbidding issuance to everyone it names (RFC 8659 §4.2)";

/// Problems of an `issue`-like value (RFC 8659 §4.2).
fn check_issue(value: &[u8], out: &mut Vec<Problem>) {
    let problem = |range: Range<usize>, message: String, help: &str| Problem {
        part: Part::Value(range),
        message,
        help: help.to_owned(),
        note: ISSUE_NOTE,
    };
    let skip_wsp = |mut i: usize| {
        while i < value.len() && is_wsp(value[i]) {
            i += 1;
        }
        i
    };
    let mut i = skip_wsp(0);
    let start = i;
    while i < value.len() && !is_wsp(value[i]) && value[i] != b';' {
        i += 1;
    }
    let domain = &value[start..i];
    if !domain.is_empty() {
        // The names listed, up to the parameters.
        let mut list_end = value[start..]
            .iter()
            .position(|&b| b == b';')
            .map_or(value.len(), |p| start + p);
        while list_end > start && is_wsp(value[list_end - 1]) {
            list_end -= 1;
        }
        let range = start..i;
        let labels_ok = |d: &[u8]| d.split(|&b| b == b'.').all(is_label);
        let bad = if domain.contains(&b':') || domain.contains(&b'/') {
            Some((
                format!("issuer `{}` is a URL, not a domain name", show(domain)),
                "write the CA's issuer domain name alone, as the CA documents it",
            ))
        } else if domain.contains(&b',') {
            Some((
                format!(
                    "issuer `{}` lists several names",
                    show(&value[start..list_end])
                ),
                "publish one CAA record per CA",
            ))
        } else if domain.len() > 1
            && domain.ends_with(b".")
            && labels_ok(&domain[..domain.len() - 1])
        {
            Some((
                format!("issuer domain `{}` ends with a dot", show(domain)),
                "remove the trailing dot: CAs compare the name as written",
            ))
        } else if !labels_ok(domain) {
            Some((
                format!("invalid issuer domain name `{}`", show(domain)),
                "write the CA's issuer domain name, as the CA documents it",
            ))
        } else {
            None
        };
        if let Some((message, help)) = bad {
            // One finding per value: what follows a broken issuer is not worth reading.
            let range = if domain.contains(&b',') {
                start..list_end
            } else {
                range
            };
            out.push(problem(range, message, help));
            return;
        }
    }
    i = skip_wsp(i);
    if i >= value.len() {
        return;
    }
    if value[i] != b';' {
        let rest = i..value.len();
        out.push(problem(
            rest.clone(),
            format!(
                "unexpected `{}` after the issuer domain",
                show(&value[rest])
            ),
            "publish one CAA record per CA, and put parameters after a `;`",
        ));
        return;
    }
    // Parameters: `name=value` separated by `;`, the first after the `;` just read.
    let mut params = Vec::new();
    let mut from = i + 1;
    for (at, &b) in value.iter().enumerate().skip(i + 1) {
        if b == b';' {
            params.push(from..at);
            from = at + 1;
        }
    }
    params.push(from..value.len());
    let only = params.len() == 1;
    for p in params {
        let (mut s, mut e) = (p.start, p.end);
        while s < e && is_wsp(value[s]) {
            s += 1;
        }
        while e > s && is_wsp(value[e - 1]) {
            e -= 1;
        }
        if s == e {
            if !only {
                let at = p.start.saturating_sub(1);
                out.push(problem(
                    at..at + 1,
                    "empty parameter in the issue value".to_owned(),
                    "remove the extra `;`",
                ));
            }
            continue;
        }
        let param = &value[s..e];
        let Some(eq) = param.iter().position(|&b| b == b'=') else {
            out.push(problem(
                s..e,
                format!("parameter `{}` is not `name=value`", show(param)),
                "write parameters as `name=value`, separated by `;`",
            ));
            continue;
        };
        let name = param[..eq].trim_ascii_end();
        let val = param[eq + 1..].trim_ascii_start();
        if !is_label(name) {
            out.push(problem(
                s..s + eq,
                format!("invalid parameter name `{}`", show(name)),
                "use letters, digits and inner hyphens in parameter names",
            ));
        }
        if let Some(bad) = val
            .iter()
            .position(|&b| !matches!(b, 0x21..=0x3a | 0x3c..=0x7e))
        {
            let at = e - val.len() + bad;
            out.push(problem(
                at..at + 1,
                format!(
                    "invalid character `{}` in parameter `{}`",
                    show(&val[bad..=bad]),
                    show(name)
                ),
                "use printable ASCII without spaces in parameter values",
            ));
        }
    }
}

/// Problems of an `iodef` value (RFC 8659 §4.4).
fn check_iodef(value: &[u8], out: &mut Vec<Problem>) {
    let lower = value.to_ascii_lowercase();
    let ok = if let Some(address) = lower.strip_prefix(b"mailto:") {
        is_email(address)
    } else if let Some(rest) = lower
        .strip_prefix(b"https://")
        .or_else(|| lower.strip_prefix(b"http://"))
    {
        rest.first().is_some_and(|&b| b != b'/')
            && !rest
                .iter()
                .any(|&b| b.is_ascii_whitespace() || b.is_ascii_control())
    } else {
        false
    };
    if !ok {
        let help = if is_email(&lower) {
            format!("write `mailto:{}`", show(value))
        } else {
            "give a `mailto:` address or an `http:`/`https:` URL".to_owned()
        };
        out.push(Problem {
            part: Part::Value(0..value.len()),
            message: format!(
                "iodef `{}` is not a `mailto:`, `http:` or `https:` URL",
                show(value)
            ),
            help,
            note: "CAs report refused certificate requests to the iodef URL (RFC 8659 §4.4); \
                   one they cannot use is ignored",
        });
    }
}

/// A bare email address: a dot-atom local part (RFC 5322 §3.2.3, UTF-8 allowed as RFC 6532
/// does), `@`, and a domain name of at least two labels.
fn is_email(text: &[u8]) -> bool {
    let mut parts = text.split(|&b| b == b'@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let atext =
        |b: &u8| b.is_ascii_alphanumeric() || *b >= 0x80 || b"!#$%&'*+-/=?^_`{|}~".contains(b);
    local
        .split(|&b| b == b'.')
        .all(|atom| !atom.is_empty() && atom.iter().all(atext))
        && domain.contains(&b'.')
        && domain.split(|&b| b == b'.').all(is_label)
}

/// Problems of a `contactemail` or `contactphone` value (CA/Browser Forum Baseline
/// Requirements Appendix A).
fn check_contact(tag: &str, value: &[u8], out: &mut Vec<Problem>) {
    let (ok, message, help) = if tag == "contactemail" {
        (
            is_email(value),
            format!("contactemail `{}` is not a bare email address", show(value)),
            if value.to_ascii_lowercase().starts_with(b"mailto:") {
                "write the address without `mailto:`"
            } else {
                "write the address alone, like `security@example.com`"
            },
        )
    } else {
        let digits = value.get(1..).unwrap_or_default();
        (
            value.first() == Some(&b'+')
                && digits.iter().any(u8::is_ascii_digit)
                && digits
                    .iter()
                    .all(|&b| b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'(' | b')')),
            format!(
                "contactphone `{}` is not a global phone number",
                show(value)
            ),
            "write the number in international form, like `+1-555-0100`",
        )
    };
    if !ok {
        out.push(Problem {
            part: Part::Value(0..value.len()),
            message,
            help: help.to_owned(),
            note: "CAs use only contacts they can parse (CA/Browser Forum Baseline Requirements, \
                   Appendix A)",
        });
    }
}

/// Every problem of a CAA record's flags, tag and value.
fn check_caa(flags: u8, tag: &[u8], value: &[u8]) -> Vec<Problem> {
    let mut out = Vec::new();
    if flags & !CRITICAL != 0 {
        out.push(Problem {
            part: Part::Flags,
            message: format!("CAA flags `{flags}` set reserved bits"),
            help: "use 0, or 128 to mark the property critical".to_owned(),
            note: "only the issuer-critical bit (128) is defined; the others must be zero \
                   (RFC 8659 §4.1)",
        });
    }
    let known = KNOWN_TAGS
        .iter()
        .find(|k| k.as_bytes().eq_ignore_ascii_case(tag));
    let Some(&known) = known else {
        let reserved = RESERVED_TAGS
            .iter()
            .any(|k| k.as_bytes().eq_ignore_ascii_case(tag));
        let critical = flags & CRITICAL != 0;
        let what = if reserved {
            "reserved"
        } else {
            "not in the IANA registry"
        };
        out.push(if critical {
            Problem {
                part: Part::Tag,
                message: format!(
                    "critical CAA tag `{}` is {what}: no CA may issue",
                    show(tag)
                ),
                help: "fix the tag, or clear the critical flag (use flags 0)".to_owned(),
                note: "a CA must refuse to issue when a critical property is unknown to it \
                       (RFC 8659 §4.1)",
            }
        } else {
            Problem {
                part: Part::Tag,
                message: format!("CAA tag `{}` is {what}", show(tag)),
                help: "use a registered tag: issue, issuewild, iodef, contactemail, \
                       contactphone, issuemail or issuevmc"
                    .to_owned(),
                note: "CAs ignore properties they do not know (RFC 8659 §4.1)",
            }
        });
        return out;
    };
    match known {
        "iodef" => check_iodef(value, &mut out),
        "contactemail" | "contactphone" => check_contact(known, value, &mut out),
        _ => check_issue(value, &mut out),
    }
    out
}

impl Check for CaaSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for &index in graph.records_of_type(RType::CAA) {
            let index = index as usize;
            let rdata = graph.rdata(index);
            let Some((&flags, rest)) = rdata.split_first() else {
                continue;
            };
            let Some((&len, rest)) = rest.split_first() else {
                continue;
            };
            let Some((tag, value)) = rest.split_at_checked(usize::from(len)) else {
                continue;
            };
            let problems = check_caa(flags, tag, value);
            if problems.is_empty() {
                continue;
            }
            let record = &graph.set.records[index];
            let fields = record_fields(&graph.set, index);
            let value_span = fields.field("value");
            let map = value_span
                .map(|span| TextMap::from_file(graph.set.sources.file(span.file), &[span], span));
            for problem in problems {
                let (span, label) = match &problem.part {
                    Part::Flags => (fields.field("flags"), "reserved flag bits"),
                    Part::Tag => (fields.field("tag"), "unregistered tag"),
                    Part::Value(range) => {
                        let exact = map
                            .as_ref()
                            .filter(|m| m.is_exact() && m.len() == value.len());
                        (
                            exact.map(|m| m.span(range.clone())).or(value_span),
                            "invalid value",
                        )
                    }
                };
                cx.report(span.unwrap_or(record.span), problem.message)
                    .span_label(label)
                    .help(problem.help)
                    .note(problem.note);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(flags: u8, tag: &str, value: &str) -> Vec<String> {
        check_caa(flags, tag.as_bytes(), value.as_bytes())
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    fn value_ranges(tag: &str, value: &str) -> Vec<String> {
        check_caa(0, tag.as_bytes(), value.as_bytes())
            .into_iter()
            .filter_map(|p| match p.part {
                Part::Value(r) => Some(value[r].to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn valid_records() {
        for (flags, tag, value) in [
            (0, "issue", "letsencrypt.org"),
            (128, "issue", "letsencrypt.org"),
            (0, "ISSUE", "letsencrypt.org"),
            (0, "issue", ";"),
            (0, "issue", ""),
            (0, "issuewild", " ; "),
            (0, "issue", "letsencrypt.org;"),
            (0, "issue", "letsencrypt.org; validationmethods=dns-01"),
            (
                0,
                "issue",
                "letsencrypt.org;accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1; validationmethods=http-01",
            ),
            (0, "issue", "ca.example ; a = b"),
            (0, "issue", "ca.example; empty="),
            (0, "issuemail", "ca.example"),
            (0, "issuevmc", "digicert.com"),
            (0, "iodef", "mailto:security@example.com"),
            (0, "iodef", "https://iodef.example.com/report"),
            (0, "iodef", "HTTP://iodef.example.com"),
            (0, "contactemail", "domains@example.com"),
            (0, "contactphone", "+1-555-0100"),
            (0, "contactphone", "+44(0)20.7946.0000"),
        ] {
            assert!(
                messages(flags, tag, value).is_empty(),
                "{flags} {tag} {value:?}: {:?}",
                messages(flags, tag, value)
            );
        }
    }

    #[test]
    fn flags_and_tags() {
        assert_eq!(
            messages(1, "issue", "ca.example"),
            ["CAA flags `1` set reserved bits"]
        );
        assert_eq!(
            messages(129, "issue", "ca.example"),
            ["CAA flags `129` set reserved bits"]
        );
        assert_eq!(
            messages(0, "issuer", "ca.example"),
            ["CAA tag `issuer` is not in the IANA registry"]
        );
        assert_eq!(
            messages(128, "tbs", "x"),
            ["critical CAA tag `tbs` is not in the IANA registry: no CA may issue"]
        );
        assert_eq!(messages(0, "policy", "x"), ["CAA tag `policy` is reserved"]);
        // An unknown tag's value is not checked.
        assert_eq!(messages(0, "foo", "a b c").len(), 1);
    }

    #[test]
    fn issue_values() {
        assert_eq!(
            messages(0, "issue", "letsencrypt.org."),
            ["issuer domain `letsencrypt.org.` ends with a dot"]
        );
        assert_eq!(
            messages(0, "issue", "https://letsencrypt.org"),
            ["issuer `https://letsencrypt.org` is a URL, not a domain name"]
        );
        assert_eq!(
            messages(0, "issue", "letsencrypt.org,digicert.com"),
            ["issuer `letsencrypt.org,digicert.com` lists several names"]
        );
        assert_eq!(
            value_ranges("issue", " letsencrypt.org, digicert.com "),
            ["letsencrypt.org, digicert.com"]
        );
        assert_eq!(
            value_ranges("issue", "letsencrypt.org, digicert.com ; a=b"),
            ["letsencrypt.org, digicert.com"]
        );
        assert_eq!(
            value_ranges("issue", "letsencrypt.org digicert.com"),
            ["digicert.com"]
        );
        assert_eq!(
            messages(0, "issue", "ca_example.com"),
            ["invalid issuer domain name `ca_example.com`"]
        );
        assert_eq!(
            messages(0, "issue", "-ca.example"),
            ["invalid issuer domain name `-ca.example`"]
        );
        assert_eq!(
            messages(0, "issue", "ca..example"),
            ["invalid issuer domain name `ca..example`"]
        );
        assert_eq!(messages(0, "issue", ".").len(), 1);
    }

    #[test]
    fn issue_parameters() {
        assert_eq!(value_ranges("issue", "ca.example; a=b;; c=d"), [";"]);
        assert_eq!(
            messages(0, "issue", "ca.example; a=b;"),
            ["empty parameter in the issue value"]
        );
        assert_eq!(
            value_ranges("issue", "ca.example; validationmethods"),
            ["validationmethods"]
        );
        assert_eq!(
            messages(0, "issue", "ca.example; a_b=c"),
            ["invalid parameter name `a_b`"]
        );
        assert_eq!(value_ranges("issue", "ca.example; a=b c"), [" "]);
        assert_eq!(
            messages(0, "issue", "ca.example; a=\u{e9}"),
            ["invalid character `\\195` in parameter `a`"]
        );
    }

    #[test]
    fn iodef_and_contacts() {
        assert_eq!(
            messages(0, "iodef", "security@example.com"),
            ["iodef `security@example.com` is not a `mailto:`, `http:` or `https:` URL"]
        );
        let p = check_caa(0, b"iodef", b"security@example.com");
        assert_eq!(p[0].help, "write `mailto:security@example.com`");
        assert_eq!(messages(0, "iodef", "mailto:").len(), 1);
        assert_eq!(messages(0, "iodef", "https://").len(), 1);
        assert_eq!(messages(0, "iodef", "ftp://example.com").len(), 1);
        assert_eq!(
            messages(0, "contactemail", "mailto:a@example.com"),
            ["contactemail `mailto:a@example.com` is not a bare email address"]
        );
        assert_eq!(messages(0, "contactemail", "a@b@example.com").len(), 1);
        assert_eq!(messages(0, "contactemail", "admin").len(), 1);
        assert_eq!(messages(0, "contactemail", "a b@example.com").len(), 1);
        assert_eq!(messages(0, "contactemail", "a.@example.com").len(), 1);
        assert_eq!(messages(0, "contactemail", "a@localhost").len(), 1);
        assert!(messages(0, "contactemail", "first.last+tag@example.com").is_empty());
        assert_eq!(
            messages(0, "contactphone", "555 0100"),
            ["contactphone `555 0100` is not a global phone number"]
        );
        assert_eq!(messages(0, "contactphone", "+").len(), 1);
    }
}
