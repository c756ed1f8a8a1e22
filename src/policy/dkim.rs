//! DKIM key records (RFC 6376 §3.6.1, RFC 8463): the TXT records at
//! `<selector>._domainkey.<domain>` that publish a signer's public key.
//!
//! ```text
//! v=DKIM1; h=sha256; k=rsa; n=notes; p=<base64>; s=email; t=y:s
//! ```
//!
//! [`parse`] reads the joined text of a record on the tag-list of [`crate::policy::tags`] and
//! returns what a verifier would take from it (key type, acceptable hashes, testing flag, the
//! decoded key and its size) together with every problem it met, each with the byte range of
//! the offending tag or value, so a rule can underline it through
//! [`crate::policy::text_spans::TextMap`]. [`key_records`] selects and parses the key records of
//! a run once, for every DKIM rule.
//!
//! The public key is decoded and measured: for `k=rsa`, a DER SubjectPublicKeyInfo of an
//! `rsaEncryption` key (what every signer publishes) or a bare PKCS#1 RSAPublicKey (what RFC
//! 6376 §3.6.1 literally names, see its erratum 3017), through RustCrypto's `spki` and `pkcs1`;
//! for `k=ed25519`, the raw 32-byte key of RFC 8463 §4.2.

use std::borrow::Cow;
use std::ops::Range;

use data_encoding::BASE64_NOPAD;
use pkcs1::der::Decode as _;
use spki::ObjectIdentifier;

use crate::graph::Graph;
use crate::policy::tags::{self, Tag, TagErrorKind};
use crate::zone::name;
use crate::zone::rtype::RType;

/// The `k=` key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// `rsa`, also the default when `k=` is absent.
    Rsa,
    /// `ed25519` (RFC 8463).
    Ed25519,
    /// Anything else: verifiers ignore the key.
    Unknown,
}

/// What the `p=` tag holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicKey {
    /// No `p=` tag (a syntax error).
    Missing,
    /// `p=` with an empty value: the key is revoked.
    Revoked,
    /// An RSA key whose modulus has `bits` significant bits.
    Rsa { bits: u32 },
    /// A 32-byte Ed25519 key.
    Ed25519,
    /// Data that is not a key of the record's type (or of an unknown type); the error, if any,
    /// is in [`DkimKey::errors`].
    Invalid,
}

/// The `h=` tag: which hash algorithms the key may be used with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashes {
    /// Range of the tag's value.
    pub range: Range<usize>,
    pub sha1: bool,
    pub sha256: bool,
}

impl Hashes {
    /// Whether the key may only be used with `rsa-sha1` (RFC 8301 §3.1 forbids signing with
    /// it).
    #[must_use]
    pub fn sha1_only(&self) -> bool {
        self.sha1 && !self.sha256
    }
}

/// A problem of a key record, at a byte range of its joined text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DkimError {
    pub range: Range<usize>,
    pub message: String,
    /// Most are fixed text: borrowed, not a copy per record (a zone has tens of thousands).
    pub help: Cow<'static, str>,
    /// Why it matters, when that is not obvious from the message.
    pub note: Option<&'static str>,
    /// A second place the error is about (the first of two repeated tags), and its label.
    pub related: Option<(Range<usize>, &'static str)>,
}

/// A parsed DKIM key record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DkimKey {
    pub key_type: KeyType,
    pub key: PublicKey,
    /// Range of the `p=` value (an empty range after the `=` when revoked); `None` without
    /// `p=`.
    pub key_range: Option<Range<usize>>,
    /// Range of the whole `p=` tag.
    pub key_tag: Option<Range<usize>>,
    /// The `h=` tag, when present.
    pub hashes: Option<Hashes>,
    /// Range of the `y` flag of `t=`, when the key is in testing mode.
    pub testing: Option<Range<usize>>,
    /// Every problem, in text order of the tags.
    pub errors: Vec<DkimError>,
}

/// The tags RFC 6376 §3.6.1 defines for key records (names are case-sensitive).
const KNOWN_TAGS: [&str; 7] = ["v", "h", "k", "n", "p", "s", "t"];

/// `rsaEncryption` (RFC 8017 Appendix C).
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-Ed25519` (RFC 8410).
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// `id-ecPublicKey` (RFC 5480).
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

/// Whether the text of a TXT record at a selector looks like a DKIM key record: it has a
/// `v=DKIM1` or a `p=` tag (names and version compared ignoring case, so a miscased one is
/// still checked). Other TXT data at a selector (verification tokens, notes) is not a key.
#[must_use]
pub fn looks_like_key(list: &tags::TagList<'_>) -> bool {
    list.tags
        .iter()
        .any(|t| (t.is("v") && t.value_is("DKIM1")) || t.is("p"))
}

/// Whether `wire` (an owner name) is a selector's key name: a label `_domainkey` below its
/// first label (`sel._domainkey.example.com`, `a.b._domainkey.example.com`). `_domainkey.
/// example.com` itself is not: it held the policy record of a historic draft.
#[must_use]
pub fn is_key_owner(wire: &[u8]) -> bool {
    name::labels(wire)
        .skip(1)
        .any(|l| l.eq_ignore_ascii_case(b"_domainkey"))
}

fn show(text: &[u8], range: Range<usize>) -> String {
    crate::policy::spf::show(text, range)
}

fn error(range: Range<usize>, message: String, help: impl Into<Cow<'static, str>>) -> DkimError {
    DkimError {
        range,
        message,
        help: help.into(),
        note: None,
        related: None,
    }
}

/// The elements of a colon-separated value (`h=`, `s=`, `t=`), each with its range, trimmed
/// of whitespace.
fn colon_list(text: &[u8], value: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = value.start;
    let trim = |mut r: Range<usize>| {
        while r.start < r.end && text[r.start].is_ascii_whitespace() {
            r.start += 1;
        }
        while r.end > r.start && text[r.end - 1].is_ascii_whitespace() {
            r.end -= 1;
        }
        r
    };
    for at in value.clone() {
        if text[at] == b':' {
            out.push(trim(start..at));
            start = at + 1;
        }
    }
    out.push(trim(start..value.end));
    out
}

/// `hyphenated-word = ALPHA [ *(ALPHA / DIGIT / "-") (ALPHA / DIGIT) ]`.
fn is_hyphenated_word(word: &[u8]) -> bool {
    word.first().is_some_and(u8::is_ascii_alphabetic)
        && word.last().is_some_and(u8::is_ascii_alphanumeric)
        && word.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Errors of the tag-list grammar itself.
fn grammar_errors(text: &[u8], list: &tags::TagList<'_>, errors: &mut Vec<DkimError>) {
    for e in &list.errors {
        let r = e.range.clone();
        let mut err = match e.kind {
            TagErrorKind::EmptySpec => error(
                r,
                "empty tag in DKIM key record".to_owned(),
                "remove the extra `;`",
            ),
            TagErrorKind::MissingEquals => error(
                r.clone(),
                format!("`{}` is not a `tag=value` pair", show(text, r)),
                "write each tag as `name=value`, separated by `;`",
            ),
            TagErrorKind::EmptyName => error(
                r,
                "`=` without a tag name".to_owned(),
                "put the tag name before the `=`, or remove the stray `=`",
            ),
            TagErrorKind::InvalidName => error(
                r.clone(),
                format!("invalid tag name `{}`", show(text, r)),
                "start tag names with a letter and use only letters, digits and `_`",
            ),
            TagErrorKind::InvalidValue => error(
                r.clone(),
                format!("invalid character `{}` in a tag value", show(text, r)),
                "use printable ASCII only in DKIM tag values",
            ),
            TagErrorKind::Duplicate { first } => {
                let mut err = error(
                    r.clone(),
                    format!("tag `{}` repeated", show(text, r)),
                    "keep one of the two tags",
                );
                if let Some(tag) = list.tags.get(first) {
                    err.related = Some((tag.range.clone(), "first written here"));
                }
                err
            }
        };
        err.note = Some("a key record that breaks the tag-list grammar is invalid (RFC 6376 §3.2)");
        errors.push(err);
    }
}

/// The significant bits of a big-endian unsigned integer.
fn bit_length(bytes: &[u8]) -> u32 {
    let mut rest = bytes;
    while let [0, tail @ ..] = rest {
        rest = tail;
    }
    match rest.first() {
        None => 0,
        Some(&top) => {
            let whole = u32::try_from(rest.len() - 1).unwrap_or(u32::MAX / 8 - 1);
            whole * 8 + (8 - top.leading_zeros())
        }
    }
}

/// What public-key DER holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodedKey {
    /// An RSA key (a SubjectPublicKeyInfo of `rsaEncryption`, or a bare PKCS#1
    /// RSAPublicKey) whose modulus has `bits` significant bits.
    Rsa { bits: u32 },
    /// A SubjectPublicKeyInfo of an Ed25519 key.
    Ed25519Spki,
    /// A SubjectPublicKeyInfo of an elliptic-curve (ECDSA) key.
    EcSpki,
    /// A SubjectPublicKeyInfo of another algorithm.
    OtherSpki,
    /// Not DER of a public key.
    NotAKey,
}

/// Identifies and measures public-key DER.
#[must_use]
pub fn decode_der_key(der: &[u8]) -> DecodedKey {
    if let Ok(info) = spki::SubjectPublicKeyInfoRef::from_der(der) {
        let oid = info.algorithm.oid;
        return if oid == RSA_ENCRYPTION {
            info.subject_public_key
                .as_bytes()
                .and_then(rsa_bits)
                .map_or(DecodedKey::NotAKey, |bits| DecodedKey::Rsa { bits })
        } else if oid == ED25519 {
            DecodedKey::Ed25519Spki
        } else if oid == EC_PUBLIC_KEY {
            DecodedKey::EcSpki
        } else {
            DecodedKey::OtherSpki
        };
    }
    rsa_bits(der).map_or(DecodedKey::NotAKey, |bits| DecodedKey::Rsa { bits })
}

/// The modulus bit length of a PKCS#1 RSAPublicKey in DER.
fn rsa_bits(der: &[u8]) -> Option<u32> {
    let key = pkcs1::RsaPublicKeyRef::from_der(der).ok()?;
    Some(bit_length(key.modulus.as_bytes()))
}

/// Decodes the base64 of a `p=` value (whitespace allowed anywhere, padding optional as the
/// grammar of RFC 6376 §3.6.1 allows). On failure, the range of the offending bytes and what is
/// wrong.
fn decode_base64(text: &[u8], value: Range<usize>) -> Result<Vec<u8>, (Range<usize>, String)> {
    // Most keys are one unbroken run of base64, decoded where they lie; anything else (spaces
    // inside, a mistake) takes the careful path below, which says where it went wrong. Both
    // accept exactly the same texts.
    let raw = &text[value.clone()];
    if !raw
        .iter()
        .fold(false, |space, b| space | b.is_ascii_whitespace())
    {
        let padding = raw.iter().rev().take(2).take_while(|&&b| b == b'=').count();
        if (padding == 0 || raw.len().is_multiple_of(4))
            && let Ok(bytes) = BASE64_NOPAD.decode(&raw[..raw.len() - padding])
        {
            return Ok(bytes);
        }
    }
    decode_base64_carefully(text, value)
}

/// [`decode_base64`] character by character, remembering where each one was written.
fn decode_base64_carefully(
    text: &[u8],
    value: Range<usize>,
) -> Result<Vec<u8>, (Range<usize>, String)> {
    let mut chars = Vec::with_capacity(value.len());
    let mut at = Vec::with_capacity(value.len());
    for i in value.clone() {
        if !text[i].is_ascii_whitespace() {
            chars.push(text[i]);
            at.push(i);
        }
    }
    let mut body = chars.len();
    let mut padding = 0;
    while body > 0 && chars[body - 1] == b'=' && padding < 2 {
        body -= 1;
        padding += 1;
    }
    if let Some(p) = chars[..body].iter().position(|&b| b == b'=') {
        return Err((
            at[p]..at[p] + 1,
            "padding `=` inside the base64 key data".to_owned(),
        ));
    }
    // Symbols first: a stray character also makes the length wrong, and the character is
    // what to point at.
    if let Some(bad) = chars[..body]
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
    {
        let i = at[bad];
        return Err((
            i..i + 1,
            format!(
                "invalid base64 character `{}` in the key data",
                show(text, i..i + 1)
            ),
        ));
    }
    if padding > 0 && chars.len() % 4 != 0 {
        return Err((value, "wrong base64 padding in the key data".to_owned()));
    }
    match BASE64_NOPAD.decode(&chars[..body]) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind == data_encoding::DecodeKind::Trailing => {
            let i = at.get(e.position).copied().unwrap_or(value.start);
            Err((
                i..value.end,
                "the key data ends in a non-canonical base64 character".to_owned(),
            ))
        }
        Err(e) if e.kind == data_encoding::DecodeKind::Length => Err((
            value,
            format!("the key data is not valid base64: {body} characters is not a possible length"),
        )),
        Err(_) => Err((value, "the key data is not valid base64".to_owned())),
    }
}

/// Checks the decoded key against the key type; returns what it is.
fn check_key(
    key_type: KeyType,
    bytes: &[u8],
    range: Range<usize>,
    errors: &mut Vec<DkimError>,
) -> PublicKey {
    const HOW_RSA: &str = "publish the base64 of the key's DER SubjectPublicKeyInfo \
                           (`openssl pkey -pubout -outform der | base64`)";
    const HOW_ED: &str = "publish the base64 of the raw 32-byte Ed25519 public key \
                          (RFC 8463 §4.2), not a SubjectPublicKeyInfo";
    let note = Some("verifiers cannot use the key: every signature made with this selector fails");
    let mut bad = |message: String, help: &'static str| {
        let mut e = error(range.clone(), message, help);
        e.note = note;
        errors.push(e);
        PublicKey::Invalid
    };
    match key_type {
        KeyType::Unknown => PublicKey::Invalid,
        KeyType::Rsa => match decode_der_key(bytes) {
            DecodedKey::Rsa { bits } => PublicKey::Rsa { bits },
            DecodedKey::Ed25519Spki => bad(
                "`p=` holds an Ed25519 key but the key type is RSA".to_owned(),
                "add `k=ed25519` and publish the raw 32-byte key",
            ),
            DecodedKey::EcSpki => bad(
                "`p=` holds an ECDSA key, which DKIM does not define".to_owned(),
                "publish an RSA or an Ed25519 key",
            ),
            DecodedKey::OtherSpki => bad(
                "`p=` holds a public key of an algorithm other than RSA".to_owned(),
                HOW_RSA,
            ),
            DecodedKey::NotAKey if bytes.len() == 32 => bad(
                "`p=` holds 32 bytes, an Ed25519 key, but the key type is RSA".to_owned(),
                "add `k=ed25519` to the record",
            ),
            DecodedKey::NotAKey => bad(
                format!(
                    "`p=` is not an RSA public key ({} bytes that are not DER of one)",
                    bytes.len()
                ),
                HOW_RSA,
            ),
        },
        KeyType::Ed25519 => {
            if bytes.len() == 32 {
                return PublicKey::Ed25519;
            }
            match decode_der_key(bytes) {
                DecodedKey::Ed25519Spki => bad(
                    "`p=` wraps the Ed25519 key in a SubjectPublicKeyInfo".to_owned(),
                    HOW_ED,
                ),
                DecodedKey::Rsa { .. } => bad(
                    "`p=` holds an RSA key but the key type is `ed25519`".to_owned(),
                    "use `k=rsa` (or no `k=`) for an RSA key",
                ),
                _ => bad(
                    format!(
                        "`p=` is not an Ed25519 public key ({} bytes instead of 32)",
                        bytes.len()
                    ),
                    HOW_ED,
                ),
            }
        }
    }
}

/// A colon-separated list tag (`h=`, `s=`, `t=`) and what it may hold.
struct ListSpec<'k> {
    known: &'k [&'k str],
    /// What one element is ("hash algorithm").
    what: &'k str,
    /// The known values, for help texts ("`sha256`").
    instead: &'k str,
    /// Why an unknown value matters when nothing usable is left (`None`: it never matters).
    unusable: Option<&'static str>,
}

/// Checks the elements of a colon-separated list against the known values; reports malformed
/// and unknown ones. Returns the known values present.
fn check_list<'t>(
    text: &'t [u8],
    tag: &Tag<'_>,
    spec: &ListSpec<'_>,
    errors: &mut Vec<DkimError>,
) -> Vec<(&'t [u8], Range<usize>)> {
    let mut found = Vec::new();
    let name = show(text, tag.name_range.clone());
    let what = spec.what;
    if tag.value.is_empty() {
        errors.push(error(
            tag.range.clone(),
            format!("`{name}=` has no value"),
            format!("write {} or remove the tag", spec.instead),
        ));
        return found;
    }
    let first_unknown = errors.len();
    for r in colon_list(text, tag.value_range.clone()) {
        let word = &text[r.clone()];
        if spec.known.iter().any(|k| k.as_bytes() == word) {
            found.push((word, r));
        } else if word.is_empty() {
            errors.push(error(
                r.start.saturating_sub(1)..r.end.max(r.start),
                format!("empty {what} in `{name}=`"),
                "remove the extra `:`",
            ));
        } else {
            let shown = show(text, r.clone());
            let lower = word.to_ascii_lowercase();
            let help = if spec.known.iter().any(|k| k.as_bytes() == lower) {
                format!("write `{shown}` in lowercase")
            } else {
                format!("replace `{shown}` with {}, or remove it", spec.instead)
            };
            let message = if is_hyphenated_word(word) || word == b"*" {
                format!("unknown {what} `{shown}` in `{name}=`")
            } else {
                format!("invalid {what} `{shown}` in `{name}=`")
            };
            let mut e = error(r, message, help);
            e.note = Some("verifiers ignore values they do not know (RFC 6376 §3.6.1)");
            errors.push(e);
        }
    }
    if found.is_empty()
        && let Some(unusable) = spec.unusable
    {
        for e in &mut errors[first_unknown..] {
            e.note = Some(unusable);
        }
    }
    found
}

/// Known tags written in another case (verifiers compare names exactly and ignore them), and
/// `v=` that is not first or not `DKIM1`.
fn check_names_and_version(text: &[u8], list: &tags::TagList<'_>, errors: &mut Vec<DkimError>) {
    for tag in &list.tags {
        if let Some(known) = KNOWN_TAGS
            .iter()
            .find(|k| tag.is(k) && tag.name != k.as_bytes())
        {
            let mut e = error(
                tag.name_range.clone(),
                format!(
                    "tag `{}` is not `{known}`: tag names are case-sensitive",
                    show(text, tag.name_range.clone())
                ),
                format!("write the tag name as `{known}`"),
            );
            e.note = Some("verifiers ignore unknown tags, so this tag has no effect");
            errors.push(e);
        }
    }

    if let Some(v) = list.get("v") {
        if !list
            .tags
            .first()
            .is_some_and(|first| std::ptr::eq(first, v))
        {
            errors.push(error(
                v.range.clone(),
                "`v=` is not the first tag of the key record".to_owned(),
                "move `v=DKIM1` to the start of the record, or remove it",
            ));
        }
        if v.value != b"DKIM1" {
            let mut e = error(
                v.value_range.clone(),
                format!(
                    "key record version `{}` is not `DKIM1`",
                    show(text, v.value_range.clone())
                ),
                "write `v=DKIM1`",
            );
            e.note =
                Some("verifiers discard key records whose `v=` is not `DKIM1` (RFC 6376 §3.6.1)");
            errors.push(e);
        }
    }
}

/// The `k=` key type; reports one verifiers do not know.
fn key_type(text: &[u8], k: &Tag<'_>, errors: &mut Vec<DkimError>) -> KeyType {
    match k.value {
        b"rsa" => KeyType::Rsa,
        b"ed25519" => KeyType::Ed25519,
        _ => {
            let lower = k.value.to_ascii_lowercase();
            let (message, help) = if k.value.is_empty() {
                (
                    "`k=` has no value".to_owned(),
                    "write `k=rsa` or `k=ed25519`",
                )
            } else if lower == b"rsa" || lower == b"ed25519" {
                (
                    format!(
                        "key type `{}` must be lowercase",
                        show(text, k.value_range.clone())
                    ),
                    "write the key type in lowercase",
                )
            } else {
                (
                    format!("unknown key type `{}`", show(text, k.value_range.clone())),
                    "use `k=rsa` or `k=ed25519`",
                )
            };
            let range = if k.value.is_empty() {
                k.range.clone()
            } else {
                k.value_range.clone()
            };
            let mut e = error(range, message, help);
            e.note = Some("verifiers ignore a key of a type they do not know (RFC 6376 §3.6.1)");
            errors.push(e);
            KeyType::Unknown
        }
    }
}

/// Parses a key record's joined text. `None` when the text does not look like a key record
/// (see [`looks_like_key`]).
#[must_use]
pub fn parse(text: &[u8]) -> Option<DkimKey> {
    let list = tags::parse(text);
    if !looks_like_key(&list) {
        return None;
    }
    let mut errors = Vec::new();
    grammar_errors(text, &list, &mut errors);
    let mut key = DkimKey {
        key_type: KeyType::Rsa,
        key: PublicKey::Missing,
        key_range: None,
        key_tag: None,
        hashes: None,
        testing: None,
        errors: Vec::new(),
    };

    check_names_and_version(text, &list, &mut errors);
    if let Some(k) = list.get("k") {
        key.key_type = key_type(text, k, &mut errors);
    }

    if let Some(h) = list.get("h") {
        let spec = ListSpec {
            known: &["sha1", "sha256"],
            what: "hash algorithm",
            instead: "`sha256`",
            unusable: Some(
                "verifiers ignore algorithms they do not know (RFC 6376 §3.6.1): with none left, \
                 the key verifies no signature",
            ),
        };
        let found = check_list(text, h, &spec, &mut errors);
        key.hashes = Some(Hashes {
            range: h.value_range.clone(),
            sha1: found.iter().any(|(w, _)| *w == b"sha1"),
            sha256: found.iter().any(|(w, _)| *w == b"sha256"),
        });
    }

    if let Some(s) = list.get("s") {
        let spec = ListSpec {
            known: &["*", "email"],
            what: "service type",
            instead: "`email` or `*`",
            unusable: Some(
                "verifiers ignore service types they do not know (RFC 6376 §3.6.1): with none \
                 left, the key is not for email and verifies no signature",
            ),
        };
        check_list(text, s, &spec, &mut errors);
    }

    if let Some(t) = list.get("t") {
        let spec = ListSpec {
            known: &["y", "s"],
            what: "flag",
            instead: "`y` (testing) or `s` (no subdomains)",
            unusable: None,
        };
        let found = check_list(text, t, &spec, &mut errors);
        key.testing = found.into_iter().find(|(w, _)| *w == b"y").map(|(_, r)| r);
    }

    match list.get("p") {
        None => {
            // A miscased `P=` was reported above; do not also call the key missing.
            if !list.tags.iter().any(|t| t.is("p")) {
                let mut e = error(
                    0..text.len(),
                    "DKIM key record has no `p=` tag".to_owned(),
                    "add the public key as `p=<base64>`, or an empty `p=` to revoke the selector",
                );
                e.note = Some("`p=` is required in a key record (RFC 6376 §3.6.1)");
                errors.push(e);
            }
        }
        Some(p) => {
            key.key_range = Some(p.value_range.clone());
            key.key_tag = Some(p.range.clone());
            let value = p.value_range.clone();
            let bad_bytes = list.errors.iter().any(|e| {
                e.kind == TagErrorKind::InvalidValue
                    && e.range.start >= value.start
                    && e.range.end <= value.end
            });
            key.key = if p.value.is_empty() {
                PublicKey::Revoked
            } else if bad_bytes {
                PublicKey::Invalid
            } else {
                match decode_base64(text, value.clone()) {
                    Ok(bytes) => check_key(key.key_type, &bytes, value, &mut errors),
                    Err((range, message)) => {
                        let mut e = error(
                            range,
                            message,
                            "publish the key exactly as the key generator printed it",
                        );
                        e.note = Some("a key that does not decode verifies no signature");
                        errors.push(e);
                        PublicKey::Invalid
                    }
                }
            };
        }
    }

    errors.sort_by_key(|e| e.range.start);
    // Kept for the whole run by every key record: exact, not the growth of a few pushes.
    errors.shrink_to_fit();
    key.errors = errors;
    Some(key)
}

/// A key record of the run: the TXT record, the length of its joined text (spans into the text
/// are offsets in it; the text itself is the graph's, not copied: keys are long) and its parse.
#[derive(Debug)]
pub struct KeyRecord {
    pub index: usize,
    pub text_len: usize,
    pub key: DkimKey,
}

/// Every DKIM key record of the run, in source order.
#[derive(Debug, Default)]
pub struct KeyRecords(pub Vec<KeyRecord>);

impl KeyRecords {
    fn build(graph: &Graph) -> KeyRecords {
        let mut out = Vec::new();
        for &index in graph.records_of_type(RType::TXT) {
            let index = index as usize;
            let owner = graph.set.names.wire(graph.set.records[index].owner);
            if !is_key_owner(owner) {
                continue;
            }
            let text = graph.joined_text(index);
            if let Some(key) = parse(&text) {
                out.push(KeyRecord {
                    index,
                    text_len: text.len(),
                    key,
                });
            }
        }
        out.shrink_to_fit();
        KeyRecords(out)
    }
}

/// The DKIM key records of the run (TXT records at `<selector>._domainkey.<domain>` that look
/// like keys), parsed once per run and shared by the DKIM rules.
#[must_use]
pub fn key_records(graph: &Graph) -> &KeyRecords {
    graph.derived(KeyRecords::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test keys generated with `openssl genpkey` (public halves only).
    const RSA512_SPKI: &str = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMT4efBWcri2yOiMM1HGStt1n3y5q8NGo7lXWJcTor+dLBOQ8AugpcRqA2RsftQNQu41jucn8UgaLNHXy78+wyMCAwEAAQ==";
    const RSA512_PKCS1: &str = "MEgCQQDE+HnwVnK4tsjojDNRxkrbdZ98uavDRqO5V1iXE6K/nSwTkPALoKXEagNkbH7UDULuNY7nJ/FIGizR18u/PsMjAgMBAAE=";
    const RSA1024_SPKI: &str = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCbC2s9kxDTd/5U+UQ8YrH3IF0M2HaVRKtX+wYtXTzeLDjSRRsNKVzvsnrCLWf8x8XmIcr6R3cF9qy9NOw+wn3tXFLCE3UcnIgAYq3yhl0IjsFXoY1GMWrvQLyYJS93UDGGFd2u6zCW+OC939XLJSwom15Q4gQ4j6lAiD4LBed2QIDAQAB";
    const RSA2048_SPKI: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6NSx7oKTN4FSKR1y4OTwtvluoimv27P3z0nxBCSAJcPOYMSQ2/N86BiYheWWesc+FCsOmdC20X8wMlxwfyGhng8yrej3dHkk05sn+DChGrPMl772khjwh+vSTPkKdkAAj7EEK0SbIhO7fAvhhRkBCkdMnYuuzBj+96uwWGqmHTv4oS/JxAxIry5Yq6sUoA8TB7q0ZpH5NsWFqtQ8UrwKnu8Ypp+Fl2tC9/knr59/QFpRE8uVUsRfVHEO1oq1m/u6HcGej1vYrV/Po3Xh10YjuMjDT5Pd/jFXTtjT+46fWY2l+7NNB8Z6nVlsIC4z8L/UHDQFWsIIOyp2fbk29GifaQIDAQAB";
    const RSA2048_PKCS1: &str = "MIIBCgKCAQEA6NSx7oKTN4FSKR1y4OTwtvluoimv27P3z0nxBCSAJcPOYMSQ2/N86BiYheWWesc+FCsOmdC20X8wMlxwfyGhng8yrej3dHkk05sn+DChGrPMl772khjwh+vSTPkKdkAAj7EEK0SbIhO7fAvhhRkBCkdMnYuuzBj+96uwWGqmHTv4oS/JxAxIry5Yq6sUoA8TB7q0ZpH5NsWFqtQ8UrwKnu8Ypp+Fl2tC9/knr59/QFpRE8uVUsRfVHEO1oq1m/u6HcGej1vYrV/Po3Xh10YjuMjDT5Pd/jFXTtjT+46fWY2l+7NNB8Z6nVlsIC4z8L/UHDQFWsIIOyp2fbk29GifaQIDAQAB";
    const ED25519_RAW: &str = "l23a6UISvRjhDCxaBADRK6ZCAHWdlunKRDoV2OHEz2g=";
    const ED25519_SPKI: &str = "MCowBQYDK2VwAyEAl23a6UISvRjhDCxaBADRK6ZCAHWdlunKRDoV2OHEz2g=";
    const EC_SPKI: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEXTGQVCTBVGWROxr8NRBHuG82UJ94SdXilt1QszNQ3Bra/o0rsk/ztXfgiDteC7BdbohyxIx1/hFBCpXY5fad1w==";

    fn der(b64: &str) -> Vec<u8> {
        data_encoding::BASE64.decode(b64.as_bytes()).unwrap()
    }

    fn key(text: &str) -> DkimKey {
        parse(text.as_bytes()).expect("looks like a key")
    }

    fn messages(k: &DkimKey) -> Vec<&str> {
        k.errors.iter().map(|e| e.message.as_str()).collect()
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0, 0]), 0);
        assert_eq!(bit_length(&[1]), 1);
        assert_eq!(bit_length(&[0x80]), 8);
        assert_eq!(bit_length(&[0, 0x7f, 0]), 15);
        assert_eq!(bit_length(&[0x01, 0, 0]), 17);
    }

    #[test]
    fn decodes_and_measures_rsa_keys() {
        assert_eq!(
            decode_der_key(&der(RSA512_SPKI)),
            DecodedKey::Rsa { bits: 512 }
        );
        assert_eq!(
            decode_der_key(&der(RSA512_PKCS1)),
            DecodedKey::Rsa { bits: 512 }
        );
        assert_eq!(
            decode_der_key(&der(RSA1024_SPKI)),
            DecodedKey::Rsa { bits: 1024 }
        );
        assert_eq!(
            decode_der_key(&der(RSA2048_SPKI)),
            DecodedKey::Rsa { bits: 2048 }
        );
        assert_eq!(
            decode_der_key(&der(RSA2048_PKCS1)),
            DecodedKey::Rsa { bits: 2048 }
        );
    }

    #[test]
    fn tells_other_keys_and_garbage_apart() {
        assert_eq!(decode_der_key(&der(ED25519_SPKI)), DecodedKey::Ed25519Spki);
        assert_eq!(decode_der_key(&der(EC_SPKI)), DecodedKey::EcSpki);
        assert_eq!(decode_der_key(&der(ED25519_RAW)), DecodedKey::NotAKey);
        assert_eq!(decode_der_key(b""), DecodedKey::NotAKey);
        assert_eq!(decode_der_key(b"hello world"), DecodedKey::NotAKey);
        // Truncated, and with trailing data.
        let mut k = der(RSA1024_SPKI);
        assert_eq!(decode_der_key(&k[..k.len() - 1]), DecodedKey::NotAKey);
        k.push(0);
        assert_eq!(decode_der_key(&k), DecodedKey::NotAKey);
        // An rsaEncryption SubjectPublicKeyInfo whose key is not an RSAPublicKey.
        let bogus = [
            0x30, 0x15, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00, 0x03, 0x04, 0x00, 0x01, 0x02, 0x03,
        ];
        assert_eq!(decode_der_key(&bogus), DecodedKey::NotAKey);
        // A negative modulus (high bit set, no leading zero) is not a valid key.
        let mut k = der(RSA512_PKCS1);
        assert_eq!(k[3..6], [0x41, 0x00, 0xc4]);
        k.remove(4);
        k[1] -= 1;
        k[3] -= 1;
        assert_eq!(decode_der_key(&k), DecodedKey::NotAKey);
    }

    #[test]
    fn reads_a_full_record() {
        let text = format!("v=DKIM1; h=sha256; k=rsa; n=ok; s=email; t=s; p={RSA2048_SPKI}");
        let k = key(&text);
        assert!(k.errors.is_empty(), "{:?}", k.errors);
        assert_eq!(k.key_type, KeyType::Rsa);
        assert_eq!(k.key, PublicKey::Rsa { bits: 2048 });
        let h = k.hashes.unwrap();
        assert!(h.sha256 && !h.sha1 && !h.sha1_only());
        assert_eq!(&text[h.range], "sha256");
        assert!(k.testing.is_none());
        assert_eq!(&text[k.key_range.unwrap()], RSA2048_SPKI);
    }

    #[test]
    fn key_with_whitespace_and_without_padding() {
        let (a, b) = RSA1024_SPKI.split_at(60);
        let k = key(&format!("p={a} \t {b}"));
        assert!(k.errors.is_empty(), "{:?}", k.errors);
        assert_eq!(k.key, PublicKey::Rsa { bits: 1024 });
        let k = key(&format!("p={}", RSA512_SPKI.trim_end_matches('=')));
        assert_eq!(k.key, PublicKey::Rsa { bits: 512 });
        // Padding split by whitespace is still padding.
        let k = key(&format!("p={} = =", RSA512_SPKI.trim_end_matches('=')));
        assert!(k.errors.is_empty(), "{:?}", k.errors);
        assert_eq!(k.key, PublicKey::Rsa { bits: 512 });
    }

    #[test]
    fn bad_base64_points_at_the_character() {
        let text = "v=DKIM1; p=MIGf MA0G*SqG";
        let k = key(text);
        assert_eq!(k.key, PublicKey::Invalid);
        assert_eq!(k.errors.len(), 1);
        assert_eq!(&text[k.errors[0].range.clone()], "*");
        assert!(k.errors[0].message.contains("invalid base64 character `*`"));
        let text = "p=MIG=fMA0G";
        let k = key(text);
        assert_eq!(&text[k.errors[0].range.clone()], "=");
        let k = key("p=MIGfM");
        assert!(k.errors[0].message.contains("not a possible length"));
        // A stray character is pointed at, although it also makes the length wrong.
        let text = "p=MIGf-MA0G";
        let k = key(text);
        assert_eq!(&text[k.errors[0].range.clone()], "-");
        let k = key("p=QQ=");
        assert!(k.errors[0].message.contains("padding"), "{:?}", k.errors);
        let k = key("p=QR==");
        assert!(
            k.errors[0].message.contains("non-canonical"),
            "{:?}",
            k.errors
        );
    }

    #[test]
    fn keys_of_the_wrong_type() {
        let k = key(&format!("p={ED25519_RAW}"));
        assert_eq!(k.key, PublicKey::Invalid);
        assert!(messages(&k)[0].contains("an Ed25519 key, but the key type is RSA"));
        let k = key(&format!("k=rsa; p={ED25519_SPKI}"));
        assert!(messages(&k)[0].contains("holds an Ed25519 key"));
        let k = key(&format!("p={EC_SPKI}"));
        assert!(messages(&k)[0].contains("ECDSA"));
        let k = key("p=aGVsbG8gd29ybGQ=");
        assert!(messages(&k)[0].contains("is not an RSA public key (11 bytes"));
        let k = key(&format!("k=ed25519; p={ED25519_RAW}"));
        assert!(k.errors.is_empty());
        assert_eq!(k.key, PublicKey::Ed25519);
        let k = key(&format!("k=ed25519; p={ED25519_SPKI}"));
        assert!(messages(&k)[0].contains("wraps the Ed25519 key"));
        let k = key(&format!("k=ed25519; p={RSA1024_SPKI}"));
        assert!(messages(&k)[0].contains("holds an RSA key"));
    }

    #[test]
    fn revoked_testing_and_missing_keys() {
        let k = key("v=DKIM1; p=");
        assert!(k.errors.is_empty());
        assert_eq!(k.key, PublicKey::Revoked);
        assert_eq!(k.key_range, Some(11..11));
        let text = "v=DKIM1; t=s:y; p=";
        let k = key(text);
        assert_eq!(&text[k.testing.unwrap()], "y");
        let k = key("v=DKIM1; k=rsa");
        assert_eq!(k.key, PublicKey::Missing);
        assert_eq!(messages(&k), ["DKIM key record has no `p=` tag"]);
        // A miscased `P=` is reported once, as miscased.
        let k = key("v=DKIM1; P=abcd");
        assert_eq!(
            messages(&k),
            ["tag `P` is not `p`: tag names are case-sensitive"]
        );
    }

    #[test]
    fn version_must_be_first_and_exact() {
        let k = key("p=; v=DKIM1");
        assert_eq!(
            messages(&k),
            ["`v=` is not the first tag of the key record"]
        );
        let text = "v=dkim1; p=";
        let k = key(text);
        assert_eq!(messages(&k), ["key record version `dkim1` is not `DKIM1`"]);
        assert_eq!(&text[k.errors[0].range.clone()], "dkim1");
    }

    #[test]
    fn values_of_k_h_s_t() {
        let text = "v=DKIM1; k=dsa; h=sha256:sha512; s=mail; t=yes; p=";
        let k = key(text);
        assert_eq!(
            messages(&k),
            [
                "unknown key type `dsa`",
                "unknown hash algorithm `sha512` in `h=`",
                "unknown service type `mail` in `s=`",
                "unknown flag `yes` in `t=`",
            ]
        );
        assert_eq!(k.key_type, KeyType::Unknown);
        assert_eq!(&text[k.errors[1].range.clone()], "sha512");
        let k = key("k=RSA; h=SHA256; p=");
        assert_eq!(
            messages(&k),
            [
                "key type `RSA` must be lowercase",
                "unknown hash algorithm `SHA256` in `h=`"
            ]
        );
        assert_eq!(k.errors[1].help, "write `SHA256` in lowercase");
        let k = key("h=sha1 : sha256; s=email:*; t=y:s; p=");
        assert!(k.errors.is_empty(), "{:?}", k.errors);
        assert!(k.testing.is_some());
        let k = key("h=; s=email::*; h2=x; p=");
        assert_eq!(
            messages(&k),
            ["`h=` has no value", "empty service type in `s=`"]
        );
        let k = key("h=sha_256; p=");
        assert_eq!(messages(&k), ["invalid hash algorithm `sha_256` in `h=`"]);
        let k = key("k=; p=");
        assert_eq!(messages(&k), ["`k=` has no value"]);
    }

    #[test]
    fn sha1_only() {
        let k = key("h=sha1; p=");
        assert!(k.hashes.unwrap().sha1_only());
        let k = key("h=sha1:sha256; p=");
        assert!(!k.hashes.unwrap().sha1_only());
        let k = key("h=sha256; p=");
        assert!(!k.hashes.unwrap().sha1_only());
        assert!(key("p=").hashes.is_none());
    }

    #[test]
    fn grammar_errors_are_reported_once() {
        let text = "v=DKIM1;; k=rsa; k=rsa; p=abc\u{e9}";
        let k = key(text);
        assert_eq!(
            messages(&k),
            [
                "empty tag in DKIM key record",
                "tag `k` repeated",
                "invalid character `\\195` in a tag value",
                "invalid character `\\169` in a tag value",
            ]
        );
        assert_eq!(k.errors[1].related.as_ref().unwrap().0, 10..15);
        assert_eq!(k.key, PublicKey::Invalid);
    }

    #[test]
    fn what_is_a_key_record() {
        assert!(parse(b"v=DKIM1; p=").is_some());
        assert!(parse(b"V=dkim1").is_some());
        assert!(parse(b"k=rsa; p=abc").is_some());
        assert!(parse(b"o=~; r=postmaster@example.com").is_none());
        assert!(parse(b"v=spf1 -all").is_none());
        assert!(parse(b"google-site-verification=abc").is_none());
        assert!(parse(b"v=DKIM2; k=new").is_none());
        let wire = |s: &str| {
            let mut out = Vec::new();
            for l in s.split('.').filter(|l| !l.is_empty()) {
                out.push(u8::try_from(l.len()).unwrap());
                out.extend_from_slice(l.as_bytes());
            }
            out.push(0);
            out
        };
        assert!(is_key_owner(&wire("sel._domainkey.example.com.")));
        assert!(is_key_owner(&wire("a.b._DomainKey.example.com.")));
        assert!(is_key_owner(&wire("*._domainkey.example.com.")));
        assert!(!is_key_owner(&wire("_domainkey.example.com.")));
        assert!(!is_key_owner(&wire("sel.domainkey.example.com.")));
    }

    #[test]
    fn the_quick_base64_path_agrees_with_the_careful_one() {
        for text in [
            "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
            "TWFu",
            "TWE=",
            "TQ==",
            "TQ=",
            "TQ===",
            "TW=u",
            "TWFu TWE=",
            "TWFu\tTQ==",
            "TW*u",
            "TR==",
            "TWF",
            "",
            "====",
        ] {
            let bytes = text.as_bytes();
            assert_eq!(
                decode_base64(bytes, 0..bytes.len()),
                decode_base64_carefully(bytes, 0..bytes.len()),
                "{text:?}"
            );
        }
    }
}
