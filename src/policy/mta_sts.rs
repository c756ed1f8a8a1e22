//! MTA-STS TXT records (`_mta-sts.<domain>`, RFC 8461 §3.1): `v=STSv1` first, then an `id` of 1
//! to 32 letters and digits, and any extension fields. The shared grammar is
//! [`super::smtp_tls`]'s; this module adds the `id` check.

use std::ops::Range;

use super::smtp_tls::{self, Field, FieldError, FieldErrorKind, Protocol};

/// A parsed `_mta-sts` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsRecord {
    /// Whether senders select it (it starts with `v=STSv1`).
    pub selected: bool,
    /// The first `id` field's value.
    pub id: Option<Range<usize>>,
    pub fields: Vec<Field>,
    /// Every problem, in text order.
    pub errors: Vec<FieldError>,
}

/// Whether `text` starts with `v=STSv1` (then whitespace, `;` or the end): senders discard the
/// other TXT records at `_mta-sts`.
#[must_use]
pub fn is_mta_sts(text: &[u8]) -> bool {
    smtp_tls::starts_with_version(text, Protocol::MtaSts)
}

fn is_id(value: &[u8]) -> bool {
    (1..=32).contains(&value.len()) && value.iter().all(u8::is_ascii_alphanumeric)
}

/// Parses joined TXT text; never fails.
#[must_use]
pub fn parse(text: &[u8]) -> StsRecord {
    let shared = smtp_tls::parse(text, Protocol::MtaSts, &["id"]);
    let mut errors = shared.errors;
    let mut id = None;
    for field in &shared.fields {
        if &text[field.name.clone()] != b"id" {
            continue;
        }
        id.get_or_insert(field.value.clone());
        if !is_id(&text[field.value.clone()]) {
            errors.push(FieldError {
                kind: FieldErrorKind::BadId,
                range: if field.value.is_empty() {
                    field.range.clone()
                } else {
                    field.value.clone()
                },
                context: None,
            });
        }
    }
    smtp_tls::sort(&mut errors);
    StsRecord {
        selected: shared.selected,
        id,
        fields: shared.fields,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "v=STSv1; id=20160831085700Z;",
            "v=STSv1;id=1",
            "v=STSv1 ; id=abcDEF0123456789abcdef0123456789",
            "v=STSv1; id=1; ext=value",
        ] {
            let r = parse(text.as_bytes());
            assert!(r.selected, "{text}");
            assert_eq!(r.errors, [], "{text}");
            assert!(r.id.is_some());
        }
        assert!(is_mta_sts(b"v=STSv1; id=1"));
        assert!(!is_mta_sts(b"v=TLSRPTv1; rua=mailto:a@example.com"));
    }

    #[test]
    fn ids() {
        use FieldErrorKind::*;
        assert_eq!(kinds("v=STSv1; id=2024-01-01"), [(BadId, "2024-01-01")]);
        assert_eq!(
            kinds("v=STSv1; id=abcdef0123456789abcdef0123456789x"),
            [(BadId, "abcdef0123456789abcdef0123456789x")]
        );
        assert_eq!(kinds("v=STSv1; id="), [(BadId, "id=")]);
        assert_eq!(kinds("v=STSv1; id=a b"), [(BadId, "a b")]);
        assert_eq!(kinds("v=STSv1; ID=abc"), [(Missing, "v=STSv1")]);
        assert_eq!(kinds("v=STSv1; id=1; id=2"), [(Duplicate, "id")]);
    }

    #[test]
    fn unselected_records_are_still_checked() {
        use FieldErrorKind::*;
        let r = parse(b"v=STSv2; id=1");
        assert!(!r.selected);
        assert_eq!(r.errors[0].kind, NoVersion);
        assert_eq!(kinds("id=1; v=STSv1"), [(NoVersion, "id=1")]);
    }
}
