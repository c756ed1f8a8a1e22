//! Domain names in presentation form → uncompressed wire form, with the RFC 1035 limits
//! (labels ≤ 63 octets, names ≤ 255), and back. Case is preserved here; comparisons lowercase.

use std::fmt::Write as _;

/// Why a name could not be read. `at` is a byte offset inside the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    EmptyLabel {
        at: usize,
    },
    LabelTooLong {
        at: usize,
        len: usize,
    },
    NameTooLong {
        len: usize,
    },
    BadEscape {
        at: usize,
    },
    /// A relative name (or `@`) while no origin is known.
    NoOrigin,
}

impl NameError {
    /// Message in the house style.
    #[must_use]
    pub fn message(&self, token: &str) -> String {
        match self {
            NameError::EmptyLabel { .. } => format!("empty label in domain name `{token}`"),
            NameError::LabelTooLong { len, .. } => {
                format!("label of {len} octets in `{token}`: labels are at most 63 octets")
            }
            NameError::NameTooLong { len } => {
                format!("domain name `{token}` is {len} octets long: names are at most 255 octets")
            }
            NameError::BadEscape { .. } => {
                format!("bad escape in `{token}`: use `\\DDD` (000-255) or `\\X`")
            }
            NameError::NoOrigin => format!("relative name `{token}` but no origin is known"),
        }
    }
}

/// Result of reading a name: whether it was relative (the origin was appended).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedName {
    pub relative: bool,
}

/// Decodes a `\DDD` or `\X` escape at `raw[i] == b'\\'`; returns (byte, bytes consumed).
pub fn decode_escape(raw: &[u8], i: usize) -> Option<(u8, usize)> {
    let next = *raw.get(i + 1)?;
    if next.is_ascii_digit() {
        let digits = raw.get(i + 1..i + 4)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let value = digits
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
        let byte = u8::try_from(value).ok()?;
        Some((byte, 4))
    } else {
        Some((next, 2))
    }
}

/// Appends the wire form of `raw` (a presentation-form name) to `out`, relative names completed
/// with `origin` (wire form). `@` alone is the origin.
///
/// # Errors
/// The [`NameError`] describing the first problem.
pub fn parse_name(
    raw: &[u8],
    origin: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<ParsedName, NameError> {
    if let Some(parsed) = parse_plain_name(raw, origin, out) {
        return Ok(parsed);
    }
    let base = out.len();
    let result = parse_name_inner(raw, origin, out);
    if result.is_err() {
        out.truncate(base);
    }
    result
}

/// The common case, a name with no escape whose labels and length are all in bounds: copied in
/// one go behind a placeholder octet, then each dot overwritten by the length of the label
/// before it (the dot sits exactly where the next label's length octet goes). Anything else
/// (an escape, an empty or long label, `@`, a long name, no origin) leaves `out` as it was and
/// returns `None`, for [`parse_name_inner`] to read or to say what is wrong.
fn parse_plain_name(raw: &[u8], origin: Option<&[u8]>, out: &mut Vec<u8>) -> Option<ParsedName> {
    if raw.is_empty() || raw.len() > 254 || raw == b"@" {
        return None;
    }
    let base = out.len();
    out.push(0);
    out.extend_from_slice(raw);
    // `wire[label]` is the length octet of the label being read; `raw[j]` is at `wire[j + 1]`.
    let wire = &mut out[base..];
    let mut label = 0;
    let mut plain = true;
    for (j, &c) in raw.iter().enumerate() {
        if c == b'.' {
            let len = j - label;
            if len == 0 || len > 63 {
                plain = false;
                break;
            }
            wire[label] = label_len_octet(len);
            label = j + 1;
        } else if c == b'\\' {
            plain = false;
            break;
        }
    }
    let relative = raw[raw.len() - 1] != b'.';
    if plain && relative {
        let len = raw.len() - label;
        match origin {
            Some(origin) if len <= 63 && raw.len() + 1 + origin.len() <= 255 => {
                wire[label] = label_len_octet(len);
                out.extend_from_slice(origin);
            }
            _ => plain = false,
        }
    } else if plain {
        // The final dot: the root label.
        wire[label] = 0;
    }
    if !plain {
        out.truncate(base);
        return None;
    }
    Some(ParsedName { relative })
}

fn parse_name_inner(
    raw: &[u8],
    origin: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<ParsedName, NameError> {
    let base = out.len();
    if raw == b"@" {
        let origin = origin.ok_or(NameError::NoOrigin)?;
        out.extend_from_slice(origin);
        return Ok(ParsedName { relative: true });
    }
    if raw == b"." {
        out.push(0);
        return Ok(ParsedName { relative: false });
    }
    if raw.is_empty() {
        return Err(NameError::EmptyLabel { at: 0 });
    }
    let mut i = 0;
    let mut label_start = out.len();
    let mut label_at = 0;
    out.push(0);
    let mut absolute = false;
    while i < raw.len() {
        // Copy the run of plain bytes up to the next dot or escape in one go (labels are short:
        // a plain loop beats memchr's set-up here).
        let run = raw[i..]
            .iter()
            .position(|&c| c == b'.' || c == b'\\')
            .unwrap_or(raw.len() - i);
        if run > 0 {
            out.extend_from_slice(&raw[i..i + run]);
            i += run;
            if out.len() - base > 256 + 64 {
                return Err(NameError::NameTooLong {
                    len: out.len() - base,
                });
            }
            continue;
        }
        let b = raw[i];
        if b == b'.' {
            let len = out.len() - label_start - 1;
            if len == 0 {
                return Err(NameError::EmptyLabel { at: i });
            }
            if len > 63 {
                return Err(NameError::LabelTooLong { at: label_at, len });
            }
            out[label_start] = label_len_octet(len);
            i += 1;
            if i == raw.len() {
                absolute = true;
                break;
            }
            label_start = out.len();
            label_at = i;
            out.push(0);
            continue;
        }
        if b == b'\\' {
            let (byte, used) = decode_escape(raw, i).ok_or(NameError::BadEscape { at: i })?;
            out.push(byte);
            i += used;
        } else {
            out.push(b);
            i += 1;
        }
        if out.len() - base > 256 + 64 {
            return Err(NameError::NameTooLong {
                len: out.len() - base,
            });
        }
    }
    if absolute {
        out.push(0);
    } else {
        let len = out.len() - label_start - 1;
        if len > 63 {
            return Err(NameError::LabelTooLong { at: label_at, len });
        }
        out[label_start] = label_len_octet(len);
        let origin = origin.ok_or(NameError::NoOrigin)?;
        out.extend_from_slice(origin);
    }
    let len = out.len() - base;
    if len > 255 {
        return Err(NameError::NameTooLong { len });
    }
    Ok(ParsedName {
        relative: !absolute,
    })
}

/// The length octet of a label already checked to be at most 63 long.
fn label_len_octet(len: usize) -> u8 {
    u8::try_from(len).unwrap_or(63)
}

/// Length of the wire name at the start of `wire`, if it is well formed (uncompressed).
#[must_use]
pub fn wire_name_len(wire: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let len = *wire.get(i)? as usize;
        if len > 63 {
            return None;
        }
        i += 1 + len;
        if i > 255 {
            return None;
        }
        if len == 0 {
            return (i <= wire.len()).then_some(i);
        }
    }
}

/// Iterates over the labels of a well-formed wire name (the root label excluded).
pub fn labels(wire: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let len = *wire.get(i)? as usize;
        if len == 0 {
            return None;
        }
        let label = wire.get(i + 1..i + 1 + len)?;
        i += 1 + len;
        Some(label)
    })
}

/// The parent of a wire name (`None` for the root).
#[must_use]
pub fn parent(wire: &[u8]) -> Option<&[u8]> {
    let len = *wire.first()? as usize;
    if len == 0 { None } else { wire.get(1 + len..) }
}

/// Whether `name` is at or below `ancestor` (both lowercase wire form).
#[must_use]
pub fn is_subdomain(name: &[u8], ancestor: &[u8]) -> bool {
    let mut cur = Some(name);
    while let Some(n) = cur {
        if n.len() < ancestor.len() {
            return false;
        }
        if n == ancestor {
            return true;
        }
        cur = parent(n);
    }
    false
}

/// Whether wire name `name` (any case) is at or below `ancestor` (lowercase wire), by comparing
/// the trailing labels without allocating.
#[must_use]
pub fn ends_with_name(name: &[u8], ancestor: &[u8]) -> bool {
    if name.len() < ancestor.len() {
        return false;
    }
    // Many names asked about are not below `ancestor`, and their last eight bytes already say
    // so: one word comparison spares them the walk over the labels. Bytes equal but for ASCII
    // case are equal with their 0x20 bit set, so a difference there is a real one.
    if let (Some(a), Some(b)) = (last_word(name), last_word(ancestor))
        && a | 0x2020_2020_2020_2020 != b | 0x2020_2020_2020_2020
    {
        return false;
    }
    // Walk the labels of `name` to the one that starts where a suffix of `ancestor`'s length would.
    let want = name.len() - ancestor.len();
    let mut i = 0;
    while i < want {
        match name.get(i) {
            Some(&len) if len != 0 => i += 1 + usize::from(len),
            _ => return false,
        }
    }
    i == want && name[i..].eq_ignore_ascii_case(ancestor)
}

/// The last eight bytes of `wire` as a word, if it has eight.
fn last_word(wire: &[u8]) -> Option<u64> {
    let tail: [u8; 8] = wire.get(wire.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(u64::from_le_bytes(tail))
}

/// Presentation form of a wire name, absolute (with the final dot), escaping what must be.
#[must_use]
pub fn to_text(wire: &[u8]) -> String {
    let mut s = String::new();
    write_text(wire, &mut s);
    s
}

/// Appends the presentation form of a wire name to `out`.
pub fn write_text(wire: &[u8], out: &mut String) {
    let mut any = false;
    for label in labels(wire) {
        any = true;
        for &b in label {
            if is_plain_byte(b) {
                out.push(b as char);
            } else if b.is_ascii_graphic() {
                out.push('\\');
                out.push(b as char);
            } else {
                let _ = write!(out, "\\{b:03}");
            }
        }
        out.push('.');
    }
    if !any {
        out.push('.');
    }
}

/// Whether a label byte is written as itself in a name's presentation form; the others are
/// escaped, as `\\.` (the special characters of the master format) or `\\DDD`.
#[must_use]
pub fn is_plain_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$')
}

/// Lowercases ASCII letters of a wire name in place (label length octets are < 64, unaffected).
pub fn make_lowercase(wire: &mut [u8]) {
    wire.make_ascii_lowercase();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_bytes_are_the_ones_written_as_themselves() {
        for b in 0..=u8::MAX {
            let text = to_text(&[1, b, 0]);
            assert_eq!(
                text == format!("{}.", b as char),
                is_plain_byte(b),
                "byte {b}"
            );
        }
    }

    fn wire(s: &str, origin: Option<&str>) -> Result<Vec<u8>, NameError> {
        let mut o = Vec::new();
        let origin = origin.map(|s| {
            let mut v = Vec::new();
            parse_name(s.as_bytes(), None, &mut v).unwrap();
            v
        });
        parse_name(s.as_bytes(), origin.as_deref(), &mut o).map(|_| o)
    }

    #[test]
    fn absolute_relative_and_at() {
        assert_eq!(wire("a.b.", None).unwrap(), b"\x01a\x01b\x00");
        assert_eq!(wire("a", Some("b.")).unwrap(), b"\x01a\x01b\x00");
        assert_eq!(wire("@", Some("b.")).unwrap(), b"\x01b\x00");
        assert_eq!(wire(".", None).unwrap(), b"\x00");
        assert_eq!(wire("a", None), Err(NameError::NoOrigin));
    }

    #[test]
    fn escapes_and_limits() {
        assert_eq!(wire("a\\.b.", None).unwrap(), b"\x03a.b\x00");
        assert_eq!(wire("\\065.", None).unwrap(), b"\x01A\x00");
        assert!(matches!(
            wire("\\256.", None),
            Err(NameError::BadEscape { .. })
        ));
        assert!(matches!(
            wire("a..b.", None),
            Err(NameError::EmptyLabel { .. })
        ));
        let long = "a".repeat(64) + ".";
        assert!(matches!(
            wire(&long, None),
            Err(NameError::LabelTooLong { len: 64, .. })
        ));
        let name = format!("{0}.{0}.{0}.{0}.", "a".repeat(63));
        assert!(matches!(
            wire(&name, None),
            Err(NameError::NameTooLong { len: 257 })
        ));
    }

    #[test]
    fn suffix_test_respects_label_boundaries_and_case() {
        let n = |s: &str| wire(s, None).unwrap();
        assert!(ends_with_name(
            &n("NS1.Sub.Example.COM."),
            &n("example.com.")
        ));
        assert!(ends_with_name(&n("example.com."), &n("example.com.")));
        assert!(ends_with_name(&n("a.b."), &n(".")));
        assert!(!ends_with_name(&n("notexample.com."), &n("example.com.")));
        assert!(!ends_with_name(&n("x.example.net."), &n("example.com.")));
        assert!(!ends_with_name(&n("com."), &n("example.com.")));
    }

    #[test]
    fn text_round_trip() {
        let w = wire("a\\.b.c\\032d.", None).unwrap();
        assert_eq!(to_text(&w), "a\\.b.c\\032d.");
        assert!(is_subdomain(b"\x01a\x01b\x00", b"\x01b\x00"));
        assert!(!is_subdomain(b"\x01b\x00", b"\x01a\x01b\x00"));
    }

    #[test]
    fn plain_names_read_in_one_go() {
        let read = |raw: &str, origin: Option<&[u8]>| {
            let mut out = b"kept".to_vec();
            let parsed = parse_plain_name(raw.as_bytes(), origin, &mut out);
            (parsed.map(|p| p.relative), out)
        };
        assert_eq!(
            read("a.bc.", None),
            (Some(false), b"kept\x01a\x02bc\x00".to_vec())
        );
        assert_eq!(
            read("Mail.x", Some(b"\x03com\x00")),
            (Some(true), b"kept\x04Mail\x01x\x03com\x00".to_vec())
        );
        // The rest is left to the general reader, with `out` untouched.
        for raw in ["", "@", ".", "a..b.", ".a.", "a\\.b.", "rel"] {
            assert_eq!(read(raw, None), (None, b"kept".to_vec()), "{raw:?}");
        }
        assert_eq!(read(&format!("{}.", "a".repeat(64)), None).0, None);
        assert_eq!(read(&format!("{}.", "a".repeat(63)), None).0, Some(false));
    }

    proptest::proptest! {
        /// The one-go reader gives what the general one gives, whenever it answers.
        #[test]
        fn plain_reader_agrees_with_the_general_one(
            raw in "[a-c.\\\\0-9@]{0,12}|[a-z]{60,70}(\\.[a-z]{60,70}){0,4}\\.?",
            origin in proptest::option::of("[a-z]{1,63}(\\.[a-z]{1,63}){0,3}\\."),
        ) {
            let origin = origin.map(|o| wire(&o, None).unwrap());
            let mut fast = Vec::new();
            let mut general = Vec::new();
            let plain = parse_plain_name(raw.as_bytes(), origin.as_deref(), &mut fast);
            let inner = parse_name_inner(raw.as_bytes(), origin.as_deref(), &mut general);
            if let Some(parsed) = plain {
                proptest::prop_assert_eq!(Ok(parsed), inner);
                proptest::prop_assert_eq!(fast, general);
            } else {
                proptest::prop_assert!(fast.is_empty());
            }
        }

        /// The suffix test (with its early look at the last bytes) says what comparing label
        /// lists says.
        #[test]
        fn suffix_test_agrees_with_label_lists(
            name in "([a-cA-C]{1,4}\\.){0,6}",
            ancestor in "([a-c]{1,4}\\.){0,4}",
        ) {
            let name = wire(if name.is_empty() { "." } else { &name }, None).unwrap();
            let ancestor = wire(if ancestor.is_empty() { "." } else { &ancestor }, None).unwrap();
            let lower = |w: &[u8]| labels(w).map(<[u8]>::to_ascii_lowercase).collect::<Vec<_>>();
            let (name_labels, ancestor_labels) = (lower(&name), lower(&ancestor));
            proptest::prop_assert_eq!(
                ends_with_name(&name, &ancestor),
                name_labels.ends_with(&ancestor_labels)
            );
        }
    }
}
