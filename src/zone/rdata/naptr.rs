//! NAPTR (RFC 3403): fields as usual, and, as BIND checks, a regexp field that is empty or of
//! the form `<delim><ere><delim><replacement><delim>[i]` with back-references the expression can
//! satisfy.

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::fields::Field::{self, Name, Str, U16};
use super::fields::{format_fields, parse_fields};
use super::table::SpecialSyntax;
use super::text::take_char_string;

/// NAPTR.
pub static NAPTR: SpecialSyntax = SpecialSyntax {
    parse: parse_naptr,
    format: format_naptr,
    shape: "<order> <preference> <flags> <services> <regexp> <replacement>",
};

const FIELDS: &[(&str, Field)] = &[
    ("order", U16),
    ("preference", U16),
    ("flags", Str),
    ("services", Str),
    ("regexp", Str),
    ("replacement", Name),
];

/// Counts the subexpressions of a POSIX extended regular expression, or `None` when it is
/// malformed (unbalanced parentheses, an unclosed bracket, a trailing backslash). A subset of
/// BIND's `isc_regex_validate`.
fn subexpressions(re: &[u8]) -> Option<usize> {
    let (mut depth, mut groups, mut i) = (0usize, 0usize, 0);
    while i < re.len() {
        match re[i] {
            b'\\' if i + 1 >= re.len() => return None,
            b'\\' => i += 1,
            b'(' => {
                depth += 1;
                groups += 1;
            }
            b')' => depth = depth.checked_sub(1)?,
            b'[' => {
                i += 1;
                if re.get(i) == Some(&b'^') {
                    i += 1;
                }
                if re.get(i) == Some(&b']') {
                    i += 1;
                }
                while *re.get(i)? != b']' {
                    if re[i] == b'[' && matches!(re.get(i + 1), Some(b':' | b'.' | b'=')) {
                        let close = re[i + 1];
                        i += 2;
                        while !(re.get(i)? == &close && re.get(i + 1) == Some(&b']')) {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(groups)
}

/// BIND's `txt_valid_regex` on the decoded regexp field.
fn regexp_ok(field: &[u8]) -> bool {
    let Some((&delim, body)) = field.split_first() else {
        return true;
    };
    if delim.is_ascii_digit() || delim == b'\\' || delim == b'i' || delim == 0 {
        return false;
    }
    let (mut regex, mut part, mut nsub, mut i) = (Vec::new(), 0, 0usize, 0);
    while i < body.len() {
        let c = body[i];
        i += 1;
        if c == 0 {
            return false;
        }
        if c == delim {
            part += 1;
            if part > 2 {
                return false;
            }
            continue;
        }
        match part {
            2 if c == b'i' => continue,
            2 => return false,
            0 => regex.push(c),
            _ => {}
        }
        if c == b'\\' {
            let Some(&next) = body.get(i) else {
                return false;
            };
            i += 1;
            if next == 0 || (part == 1 && next == b'0') {
                return false;
            }
            if part == 1 && next.is_ascii_digit() {
                nsub = nsub.max(usize::from(next - b'0'));
            }
            if part == 0 {
                regex.push(next);
            }
        }
    }
    part == 2 && subexpressions(&regex).is_some_and(|n| nsub <= n)
}

fn parse_naptr(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    parse_fields(&FIELDS[..4], cur, out)?;
    let tok = cur.peek();
    let at = out.len();
    parse_fields(&FIELDS[4..5], cur, out)?;
    if let Some(tok) = tok.filter(|_| !regexp_ok(&out[at + 1..])) {
        return Err(cur
            .error(tok, format!("malformed regexp `{}`", cur.shown(tok)))
            .with_help("write `!<regular expression>!<replacement>!` (back-references \\1-\\9 must match groups), or `\"\"`"));
    }
    parse_fields(&FIELDS[5..], cur, out)
}

fn format_naptr(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let mut pos = 4;
    take_char_string(wire, &mut pos)?;
    take_char_string(wire, &mut pos)?;
    if !regexp_ok(take_char_string(wire, &mut pos)?) {
        return Err(WireError);
    }
    format_fields(FIELDS, wire, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexps_like_bind() {
        assert!(regexp_ok(b""));
        assert!(regexp_ok(b"!^.*$!sip:info@example.com!"));
        assert!(regexp_ok(b"!^(.*)$!\\1!i"));
        assert!(!regexp_ok(b"!^.*$!\\1!"));
        assert!(!regexp_ok(b"\\"));
        assert!(!regexp_ok(b"!abc!"));
        assert!(!regexp_ok(b"1abc1d1"));
        assert!(!regexp_ok(b"!a!b!x"));
        assert!(!regexp_ok(b"!(a!b!"));
    }
}
