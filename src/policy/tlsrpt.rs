//! SMTP TLS Reporting TXT records (`_smtp._tls.<domain>`, RFC 8460 §3): `v=TLSRPTv1` first,
//! then `rua=` with one or more `mailto:` or `https:` URIs separated by commas, and any extension
//! fields. The shared grammar is [`super::smtp_tls`]'s; this module reads the URIs with
//! [`super::report_uri`] (no `!size` here).

use super::report_uri::{self, ReportUri};
use super::smtp_tls::{self, Field, FieldError, FieldErrorKind, Protocol};

/// A parsed `_smtp._tls` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsRptRecord {
    /// Whether senders select it (it starts with `v=TLSRPTv1`).
    pub selected: bool,
    /// The URIs of every `rua` field.
    pub rua: Vec<ReportUri>,
    pub fields: Vec<Field>,
    /// Every problem, URIs included, in text order.
    pub errors: Vec<FieldError>,
}

/// Whether `text` starts with `v=TLSRPTv1` (then whitespace, `;` or the end): senders discard
/// the other TXT records at `_smtp._tls`.
#[must_use]
pub fn is_tlsrpt(text: &[u8]) -> bool {
    smtp_tls::starts_with_version(text, Protocol::TlsRpt)
}

/// Parses joined TXT text; never fails.
#[must_use]
pub fn parse(text: &[u8]) -> TlsRptRecord {
    let shared = smtp_tls::parse(text, Protocol::TlsRpt, &["rua"]);
    let mut errors = shared.errors;
    let mut rua = Vec::new();
    for field in &shared.fields {
        if &text[field.name.clone()] != b"rua" {
            continue;
        }
        for uri in report_uri::parse_list(text, field.value.clone(), false) {
            if let Some(problem) = &uri.problem {
                let empty = problem.range.is_empty();
                errors.push(FieldError {
                    kind: FieldErrorKind::BadUri(problem.kind),
                    range: if empty {
                        field.range.clone()
                    } else {
                        problem.range.clone()
                    },
                    context: Some(uri.uri.clone()),
                });
            }
            rua.push(uri);
        }
    }
    smtp_tls::sort(&mut errors);
    rua.shrink_to_fit();
    TlsRptRecord {
        selected: shared.selected,
        rua,
        fields: shared.fields,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::report_uri::UriProblemKind;

    fn kinds(text: &str) -> Vec<(FieldErrorKind, &str)> {
        parse(text.as_bytes())
            .errors
            .into_iter()
            .map(|e| (e.kind, &text[e.range]))
            .collect()
    }

    #[test]
    fn good_records() {
        for text in [
            "v=TLSRPTv1; rua=mailto:tlsrpt@example.com",
            "v=TLSRPTv1;rua=https://reporting.example.com/v1/tlsrpt",
            "v=TLSRPTv1; rua=mailto:a@example.com, https://r.example.net/x!y;",
        ] {
            let r = parse(text.as_bytes());
            assert!(r.selected, "{text}");
            assert_eq!(r.errors, [], "{text}");
            assert!(!r.rua.is_empty());
        }
        assert!(is_tlsrpt(b"v=TLSRPTv1; rua=mailto:a@example.com"));
        assert!(!is_tlsrpt(b"v=TLSRPTv2; rua=mailto:a@example.com"));
    }

    #[test]
    fn problems() {
        use FieldErrorKind::*;
        assert_eq!(kinds("v=TLSRPTv1"), [(Missing, "v=TLSRPTv1")]);
        assert_eq!(
            kinds("v=TLSRPTv1; rua=tlsrpt@example.com"),
            [(BadUri(UriProblemKind::MissingScheme), "tlsrpt@example.com")]
        );
        assert_eq!(
            kinds("v=TLSRPTv1; rua="),
            [(BadUri(UriProblemKind::Empty), "rua=")]
        );
        assert_eq!(
            kinds("v=TLSRPTv1; rua=http://r.example.com/"),
            [(BadUri(UriProblemKind::UnsupportedScheme), "http")]
        );
        assert_eq!(
            kinds("v=tlsrptv1; rua=mailto:a@example.com"),
            [(NoVersion, "v=tlsrptv1")]
        );
        let text = b"v=TLSRPTv1; rua=tlsrpt@example.com";
        let e = &parse(text).errors[0];
        assert_eq!(
            e.message(text, Protocol::TlsRpt),
            "report URI `tlsrpt@example.com` in TLS-RPT `rua` has no scheme"
        );
        assert_eq!(
            e.help(text, Protocol::TlsRpt),
            "write `mailto:tlsrpt@example.com`"
        );
    }
}
