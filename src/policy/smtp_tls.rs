//! The record grammar that MTA-STS (RFC 8461 §3.1) and SMTP TLS Reporting (RFC 8460 §3) share:
//!
//! ```text
//! record      = version 1*(field-delim field) [field-delim]
//! field-delim = *WSP ";" *WSP
//! version     = %s"v=STSv1"  /  %s"v=TLSRPTv1"
//! field       = known-field / extension
//! extension   = ext-name "=" ext-value
//! ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
//! ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)   ; visible ASCII but "=" and ";"
//! ```
//!
//! Stricter than the RFC 6376 tag-list ([`super::tags`], which reads the fields): names and the
//! version are case-sensitive, no whitespace around `=`, no empty field. A sender that finds the
//! record invalid acts as if there were none, so every deviation counts. [`parse`] checks this
//! shared part; [`super::mta_sts`] and [`super::tlsrpt`] check their own fields.

use std::ops::Range;

use super::report_uri::UriProblemKind;
use super::spf::show;
use super::tags::{self, TagErrorKind};

/// Which protocol a record is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    MtaSts,
    TlsRpt,
}

impl Protocol {
    /// The protocol's name in messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Protocol::MtaSts => "MTA-STS",
            Protocol::TlsRpt => "TLS-RPT",
        }
    }

    /// The version value (`STSv1`).
    #[must_use]
    pub fn version(self) -> &'static str {
        match self {
            Protocol::MtaSts => "STSv1",
            Protocol::TlsRpt => "TLSRPTv1",
        }
    }

    /// The field every record must have.
    #[must_use]
    pub fn required(self) -> &'static str {
        match self {
            Protocol::MtaSts => "id",
            Protocol::TlsRpt => "rua",
        }
    }

    /// What a sender does when it finds no usable record, with the RFC that says so.
    #[must_use]
    pub fn without_record(self) -> &'static str {
        match self {
            Protocol::MtaSts => "assumes the domain has no MTA-STS policy (RFC 8461 §3.1)",
            Protocol::TlsRpt => "sends no TLS reports (RFC 8460 §3)",
        }
    }

    /// How to merge several records into one.
    #[must_use]
    pub fn merge_help(self) -> &'static str {
        match self {
            Protocol::MtaSts => "keep a single `v=STSv1` record",
            Protocol::TlsRpt => "keep a single `v=TLSRPTv1` record, with every `rua` URI in it",
        }
    }
}

/// One `name=value` field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: Range<usize>,
    pub value: Range<usize>,
    /// From the name to the end of the value.
    pub range: Range<usize>,
}

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldErrorKind {
    /// The text does not start with the version field; the range is the first field.
    NoVersion,
    /// `;;`, or a `;` first.
    EmptyField,
    /// A field without `=`.
    MissingEquals,
    /// Whitespace between the name and the `=` or the `=` and the value; the range is the field.
    SpaceAroundEquals,
    /// An empty name, or one outside the `ext-name` grammar.
    BadName,
    /// A byte an extension value cannot hold (space, `=`, control, non-ASCII), or an empty
    /// value; the range is that byte (or the field).
    BadValue,
    /// A field name seen before; `context` is the first field.
    Duplicate,
    /// The required field is missing; the range is the version field.
    Missing,
    /// Text after the version without a `;` before it (`v=STSv1 id=1`); the range is that text.
    MissingSeparator,
    /// MTA-STS: an `id` that is not 1 to 32 letters and digits.
    BadId,
    /// TLS-RPT: a bad `rua` URI; `context` is the URI.
    BadUri(UriProblemKind),
}

/// A problem and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub kind: FieldErrorKind,
    pub range: Range<usize>,
    pub context: Option<Range<usize>>,
}

impl FieldError {
    /// A message (lowercase, no period).
    #[must_use]
    pub fn message(&self, text: &[u8], protocol: Protocol) -> String {
        let bad = show(text, self.range.clone());
        let p = protocol.name();
        match self.kind {
            FieldErrorKind::NoVersion => {
                format!("{p} record does not start with `v={}`", protocol.version())
            }
            FieldErrorKind::EmptyField => format!("empty field in {p} record"),
            FieldErrorKind::MissingEquals => format!("{p} field `{bad}` has no `=`"),
            FieldErrorKind::SpaceAroundEquals => {
                format!("whitespace around `=` in {p} field `{bad}`")
            }
            FieldErrorKind::BadName => format!("invalid {p} field name `{bad}`"),
            FieldErrorKind::BadValue => {
                let field = self.context.clone().map_or(bad.clone(), |c| show(text, c));
                if self.range.len() == 1 {
                    format!("invalid character `{bad}` in {p} field `{field}`")
                } else {
                    format!("invalid {p} field `{bad}`")
                }
            }
            FieldErrorKind::Duplicate => format!("{p} field `{bad}` appears more than once"),
            FieldErrorKind::Missing => {
                format!("{p} record has no `{}=` field", protocol.required())
            }
            FieldErrorKind::MissingSeparator => {
                format!("missing `;` before `{bad}` in {p} record")
            }
            FieldErrorKind::BadId => format!("invalid MTA-STS policy id `{bad}`"),
            FieldErrorKind::BadUri(kind) => super::report_uri::UriProblem {
                kind,
                range: self.range.clone(),
            }
            .message(
                text,
                self.context.as_ref().unwrap_or(&self.range),
                &format!("{p} `rua`"),
            ),
        }
    }

    /// A label for the offending bytes.
    #[must_use]
    pub fn label(&self, protocol: Protocol) -> String {
        let label = match self.kind {
            FieldErrorKind::NoVersion => "not the version field",
            FieldErrorKind::EmptyField => "empty field",
            FieldErrorKind::MissingEquals => "no `=`",
            FieldErrorKind::SpaceAroundEquals => "whitespace around `=`",
            FieldErrorKind::BadName => "invalid name",
            FieldErrorKind::Duplicate => "repeated here",
            FieldErrorKind::Missing => return format!("record without `{}=`", protocol.required()),
            FieldErrorKind::MissingSeparator => "read as part of the version",
            FieldErrorKind::BadId => "invalid id",
            FieldErrorKind::BadValue | FieldErrorKind::BadUri(_) => "invalid here",
        };
        label.to_owned()
    }

    /// A label for the related bytes ([`FieldError::context`]).
    #[must_use]
    pub fn context_label(&self) -> &'static str {
        match self.kind {
            FieldErrorKind::Duplicate => "first here",
            FieldErrorKind::BadUri(_) => "in this URI",
            _ => "in this field",
        }
    }

    /// An imperative fix.
    #[must_use]
    pub fn help(&self, text: &[u8], protocol: Protocol) -> String {
        match self.kind {
            FieldErrorKind::NoVersion => {
                format!("start the record with `v={};`", protocol.version())
            }
            FieldErrorKind::EmptyField => "remove the extra `;`".to_owned(),
            FieldErrorKind::MissingEquals => {
                "write fields as `name=value`, separated by `;`".to_owned()
            }
            FieldErrorKind::SpaceAroundEquals => "remove the whitespace around `=`".to_owned(),
            FieldErrorKind::BadName => "start the name with a letter or digit, then use up to 31 \
                                        letters, digits, `_`, `-` and `.`"
                .to_owned(),
            FieldErrorKind::BadValue => {
                "give the field a value of visible ASCII characters without spaces, `=` or `;`"
                    .to_owned()
            }
            FieldErrorKind::Duplicate => {
                format!("keep a single `{}=` field", show(text, self.range.clone()))
            }
            FieldErrorKind::Missing => match protocol {
                Protocol::MtaSts => "add an `id=` field naming the policy's version, such as \
                                     `id=20240101T000000`"
                    .to_owned(),
                Protocol::TlsRpt => "add a `rua=` field with a `mailto:` or `https:` URI for \
                                     the reports"
                    .to_owned(),
            },
            FieldErrorKind::MissingSeparator => "separate the fields with `;`".to_owned(),
            FieldErrorKind::BadId => {
                "use 1 to 32 letters and digits, such as `20240101T000000`".to_owned()
            }
            FieldErrorKind::BadUri(kind) => super::report_uri::UriProblem {
                kind,
                range: self.range.clone(),
            }
            .help(text, self.context.as_ref().unwrap_or(&self.range)),
        }
    }
}

/// The shared part of a parsed record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Whether senders select it: it starts with `v=<version>` then whitespace, `;` or the end.
    pub selected: bool,
    pub fields: Vec<Field>,
    pub errors: Vec<FieldError>,
}

impl Parsed {
    /// The first field named exactly `name`.
    #[must_use]
    pub fn field(&self, text: &[u8], name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| &text[f.name.clone()] == name.as_bytes())
    }
}

/// Whether `text` starts with `v=<version>` (exactly) then whitespace, `;` or the end.
#[must_use]
pub fn starts_with_version(text: &[u8], protocol: Protocol) -> bool {
    let head = format!("v={}", protocol.version());
    text.starts_with(head.as_bytes())
        && text
            .get(head.len())
            .is_none_or(|&b| matches!(b, b' ' | b'\t' | b';'))
}

fn is_ext_name(name: &[u8]) -> bool {
    (1..=32).contains(&name.len())
        && name[0].is_ascii_alphanumeric()
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

fn is_ext_value_byte(b: u8) -> bool {
    matches!(b, 0x21..=0x3a | 0x3c | 0x3e..=0x7e)
}

/// Checks the shared grammar. `own` names the fields the protocol checks itself (their values
/// are not read as extensions).
#[must_use]
pub fn parse(text: &[u8], protocol: Protocol, own: &[&str]) -> Parsed {
    let list = tags::parse(text);
    let mut errors = Vec::new();
    for error in &list.errors {
        let kind = match error.kind {
            TagErrorKind::EmptySpec => FieldErrorKind::EmptyField,
            TagErrorKind::MissingEquals => FieldErrorKind::MissingEquals,
            TagErrorKind::EmptyName => FieldErrorKind::BadName,
            TagErrorKind::Duplicate { first } => {
                errors.push(FieldError {
                    kind: FieldErrorKind::Duplicate,
                    range: error.range.clone(),
                    context: list.tags.get(first).map(|t| t.range.clone()),
                });
                continue;
            }
            // Names are checked below with the `ext-name` grammar; bytes in values too.
            TagErrorKind::InvalidName | TagErrorKind::InvalidValue => continue,
        };
        // An empty field: underline the `;` that closes it.
        let range =
            if kind == FieldErrorKind::EmptyField && text.get(error.range.end) == Some(&b';') {
                error.range.end..error.range.end + 1
            } else {
                error.range.clone()
            };
        errors.push(FieldError {
            kind,
            range,
            context: None,
        });
    }
    let fields: Vec<Field> = list
        .tags
        .iter()
        .map(|t| Field {
            name: t.name_range.clone(),
            value: t.value_range.clone(),
            range: t.range.clone(),
        })
        .collect();
    let selected = starts_with_version(text, protocol);
    if !selected {
        errors.push(FieldError {
            kind: FieldErrorKind::NoVersion,
            range: fields.first().map_or(0..text.len(), |f| f.range.clone()),
            context: None,
        });
    }
    for (i, field) in fields.iter().enumerate() {
        let name = &text[field.name.clone()];
        if !name.is_empty() && !is_ext_name(name) {
            errors.push(FieldError {
                kind: FieldErrorKind::BadName,
                range: field.name.clone(),
                context: None,
            });
        }
        if text.get(field.name.end..field.value.start) != Some(b"=") && !name.is_empty() {
            errors.push(FieldError {
                kind: FieldErrorKind::SpaceAroundEquals,
                range: field.range.clone(),
                context: None,
            });
        }
        let version = i == 0 && selected;
        if version || own.iter().any(|o| name == o.as_bytes()) {
            continue;
        }
        if field.value.is_empty() {
            errors.push(FieldError {
                kind: FieldErrorKind::BadValue,
                range: field.range.clone(),
                context: None,
            });
        } else if let Some(at) = text[field.value.clone()]
            .iter()
            .position(|&b| !is_ext_value_byte(b))
        {
            let at = field.value.start + at;
            errors.push(FieldError {
                kind: FieldErrorKind::BadValue,
                range: at..at + 1,
                context: Some(field.range.clone()),
            });
        }
    }
    // `v=STSv1 id=1`: the rest of the record read as the version's value.
    let mut swallowed = false;
    if selected && let Some(version) = fields.first() {
        let rest = version.value.start + protocol.version().len();
        let mut start = rest;
        while start < version.value.end && matches!(text[start], b' ' | b'\t') {
            start += 1;
        }
        if start < version.value.end {
            swallowed = true;
            errors.push(FieldError {
                kind: FieldErrorKind::MissingSeparator,
                range: start..version.value.end,
                context: None,
            });
        }
    }
    let required = protocol.required();
    let has_required = fields
        .iter()
        .any(|f| &text[f.name.clone()] == required.as_bytes());
    if !has_required && !swallowed {
        errors.push(FieldError {
            kind: FieldErrorKind::Missing,
            range: fields.first().map_or(0..text.len(), |f| f.range.clone()),
            context: None,
        });
    }
    Parsed {
        selected,
        fields,
        errors,
    }
}

/// Sorts errors into text order (stable for equal starts).
pub fn sort(errors: &mut [FieldError]) {
    errors.sort_by_key(|e| (e.range.start, e.range.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, protocol: Protocol) -> Vec<(FieldErrorKind, &str)> {
        let mut p = parse(text.as_bytes(), protocol, &[protocol.required()]);
        sort(&mut p.errors);
        p.errors
            .into_iter()
            .map(|e| (e.kind, &text[e.range]))
            .collect()
    }

    #[test]
    fn version_selection_is_exact() {
        assert!(starts_with_version(b"v=STSv1; id=1", Protocol::MtaSts));
        assert!(starts_with_version(b"v=STSv1", Protocol::MtaSts));
        assert!(starts_with_version(b"v=STSv1 ; id=1", Protocol::MtaSts));
        assert!(!starts_with_version(b"v=stsv1; id=1", Protocol::MtaSts));
        assert!(!starts_with_version(b" v=STSv1; id=1", Protocol::MtaSts));
        assert!(!starts_with_version(b"v = STSv1; id=1", Protocol::MtaSts));
        assert!(!starts_with_version(b"v=STSv10; id=1", Protocol::MtaSts));
        assert!(starts_with_version(b"v=TLSRPTv1;rua=x", Protocol::TlsRpt));
    }

    #[test]
    fn shared_grammar() {
        use FieldErrorKind::*;
        let m = Protocol::MtaSts;
        assert_eq!(kinds("v=STSv1; id=abc;", m), []);
        assert_eq!(kinds("v=STSv1;id=abc; x-ext.1=a:b<>", m), []);
        assert_eq!(kinds("v=stsv1; id=abc", m), [(NoVersion, "v=stsv1")]);
        assert_eq!(kinds("v=STSv1;; id=abc", m), [(EmptyField, ";")]);
        assert_eq!(kinds("v=STSv1; ; id=abc", m), [(EmptyField, ";")]);
        assert_eq!(
            kinds("v=STSv1; id = abc", m),
            [(SpaceAroundEquals, "id = abc")]
        );
        assert_eq!(
            kinds("v=STSv1; id=abc; _x=1; junk", m),
            [(BadName, "_x"), (MissingEquals, "junk")]
        );
        assert_eq!(kinds("v=STSv1; id=abc; x=a b", m), [(BadValue, " ")]);
        assert_eq!(kinds("v=STSv1; id=abc; x=a=b", m), [(BadValue, "=")]);
        assert_eq!(kinds("v=STSv1; id=abc; x=", m), [(BadValue, "x=")]);
        assert_eq!(kinds("v=STSv1; id=abc; id=def", m), [(Duplicate, "id")]);
        assert_eq!(kinds("v=STSv1", m), [(Missing, "v=STSv1")]);
        // Names are case-sensitive: `ID` is an extension, and `id` is missing.
        assert_eq!(kinds("v=STSv1; ID=abc", m), [(Missing, "v=STSv1")]);
        assert_eq!(kinds("", m), [(NoVersion, ""), (Missing, "")]);
        assert_eq!(kinds("v=STSv1 id=abc", m), [(MissingSeparator, "id=abc")]);
        assert_eq!(kinds("v=STSv1  ; id=abc", m), []);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..120)) {
            for protocol in [Protocol::MtaSts, Protocol::TlsRpt] {
                let p = parse(&body, protocol, &[]);
                for e in &p.errors {
                    proptest::prop_assert!(e.range.start <= e.range.end && e.range.end <= body.len());
                    let _ = (e.message(&body, protocol), e.help(&body, protocol));
                }
            }
        }
    }
}
