//! SPF records (RFC 7208): record selection (§4.5) and a parser of the §12 grammar that keeps
//! every term's byte range in the record's joined text (the strings concatenated with nothing
//! between them, §3.3), so a rule can underline the term in the file through
//! [`super::text_spans::TextMap`].
//!
//! The parser never fails: a term that breaks the grammar is kept as [`TermKind::Invalid`] and
//! each problem is listed in [`SpfRecord::errors`] with the range of the offending bytes.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::Range;

/// A directive's qualifier (§4.6.2); `+` when none is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Pass,
    Fail,
    SoftFail,
    Neutral,
}

impl Qualifier {
    /// The qualifier's character.
    #[must_use]
    pub fn symbol(self) -> char {
        match self {
            Qualifier::Pass => '+',
            Qualifier::Fail => '-',
            Qualifier::SoftFail => '~',
            Qualifier::Neutral => '?',
        }
    }
}

/// The eight mechanisms of §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MechanismKind {
    All,
    Include,
    A,
    Mx,
    Ptr,
    Ip4,
    Ip6,
    Exists,
}

impl MechanismKind {
    fn from_name(name: &[u8]) -> Option<MechanismKind> {
        let lower = name.to_ascii_lowercase();
        Some(match lower.as_slice() {
            b"all" => MechanismKind::All,
            b"include" => MechanismKind::Include,
            b"a" => MechanismKind::A,
            b"mx" => MechanismKind::Mx,
            b"ptr" => MechanismKind::Ptr,
            b"ip4" => MechanismKind::Ip4,
            b"ip6" => MechanismKind::Ip6,
            b"exists" => MechanismKind::Exists,
            _ => return None,
        })
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MechanismKind::All => "all",
            MechanismKind::Include => "include",
            MechanismKind::A => "a",
            MechanismKind::Mx => "mx",
            MechanismKind::Ptr => "ptr",
            MechanismKind::Ip4 => "ip4",
            MechanismKind::Ip6 => "ip6",
            MechanismKind::Exists => "exists",
        }
    }

    /// Whether evaluating it queries DNS and counts against the limit of 10 (§4.6.4).
    #[must_use]
    pub fn queries_dns(self) -> bool {
        matches!(
            self,
            MechanismKind::Include
                | MechanismKind::A
                | MechanismKind::Mx
                | MechanismKind::Ptr
                | MechanismKind::Exists
        )
    }
}

/// A mechanism with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mechanism {
    pub qualifier: Qualifier,
    /// Whether the qualifier was written.
    pub explicit_qualifier: bool,
    pub kind: MechanismKind,
    /// The domain-spec (`include:`, `a:`, `mx:`, `ptr:`, `exists:`), range in the joined text.
    pub domain: Option<Range<usize>>,
    /// The network of `ip4:`/`ip6:`.
    pub ip: Option<IpAddr>,
    /// The IPv4 prefix length (`a`, `mx`, `ip4`).
    pub cidr4: Option<u8>,
    /// The IPv6 prefix length (`a`, `mx` after `//`, `ip6`).
    pub cidr6: Option<u8>,
}

/// Which modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModifierKind {
    Redirect,
    Exp,
    /// Any other `name=value` (ignored by evaluators, §6).
    Unknown,
}

/// A `name=value` modifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modifier {
    pub kind: ModifierKind,
    pub name: Range<usize>,
    pub value: Range<usize>,
}

/// What a term is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    Mechanism(Mechanism),
    Modifier(Modifier),
    /// A term that breaks the grammar (its problems are in [`SpfRecord::errors`]).
    Invalid,
}

/// One space-separated term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The term's bytes in the joined text.
    pub range: Range<usize>,
    pub kind: TermKind,
}

impl Term {
    #[must_use]
    pub fn mechanism(&self) -> Option<&Mechanism> {
        match &self.kind {
            TermKind::Mechanism(m) => Some(m),
            _ => None,
        }
    }

    #[must_use]
    pub fn modifier(&self) -> Option<&Modifier> {
        match &self.kind {
            TermKind::Modifier(m) => Some(m),
            _ => None,
        }
    }
}

/// What is wrong with some bytes of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Neither a known mechanism nor `name=value`.
    UnknownMechanism,
    /// A mechanism or modifier whose required value is missing or empty.
    MissingValue,
    /// A value where the mechanism takes none (`all:x`, `all/24`).
    UnexpectedValue,
    /// A qualifier on a modifier, or a doubled qualifier.
    MisplacedQualifier,
    /// A domain-spec that does not end in a valid top label or a macro (§7.1, §4.8).
    BadDomain,
    /// A malformed macro (`%x`, unclosed `%{`, unknown letter).
    BadMacro,
    /// `%{c}`, `%{r}` or `%{t}` outside explanation text (§7.2).
    MacroLetterOnlyInExp,
    /// A prefix length out of range, with a leading zero or not a number.
    BadCidr,
    BadIp4,
    BadIp6,
    /// A modifier name that is not `ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )`.
    BadModifierName,
    /// A byte outside visible ASCII (a tab, a control or a non-ASCII byte).
    BadCharacter,
}

/// A grammar violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfError {
    /// The offending bytes in the joined text.
    pub range: Range<usize>,
    /// The range of the term holding them.
    pub term: Range<usize>,
    pub kind: ErrorKind,
}

impl SpfError {
    /// A message (lowercase, no period) naming the offending bytes.
    #[must_use]
    pub fn message(&self, text: &[u8]) -> String {
        let bad = show(text, self.range.clone());
        let term = show(text, self.term.clone());
        match self.kind {
            ErrorKind::UnknownMechanism => format!("unknown SPF mechanism `{bad}`"),
            ErrorKind::MissingValue => format!("missing value in SPF term `{term}`"),
            ErrorKind::UnexpectedValue => {
                format!("unexpected value `{bad}` in SPF term `{term}`")
            }
            ErrorKind::MisplacedQualifier => {
                format!("misplaced qualifier `{bad}` in SPF term `{term}`")
            }
            ErrorKind::BadDomain => format!("invalid domain `{bad}` in SPF term `{term}`"),
            ErrorKind::BadMacro => format!("invalid macro `{bad}` in SPF term `{term}`"),
            ErrorKind::MacroLetterOnlyInExp => {
                format!("macro `{bad}` is allowed only in explanation text")
            }
            ErrorKind::BadCidr => format!("invalid prefix length `{bad}` in SPF term `{term}`"),
            ErrorKind::BadIp4 => format!("invalid IPv4 network `{bad}` in SPF term `{term}`"),
            ErrorKind::BadIp6 => format!("invalid IPv6 network `{bad}` in SPF term `{term}`"),
            ErrorKind::BadModifierName => format!("invalid SPF modifier name `{bad}`"),
            ErrorKind::BadCharacter => {
                format!("invalid character `{bad}` in SPF term `{term}`")
            }
        }
    }

    /// An imperative fix.
    #[must_use]
    pub fn help(&self) -> &'static str {
        match self.kind {
            ErrorKind::UnknownMechanism => {
                "use one of all, include, a, mx, ptr, ip4, ip6, exists, or a `name=value` \
                 modifier"
            }
            ErrorKind::MissingValue => "give the term its value, or remove it",
            ErrorKind::UnexpectedValue => "remove the value",
            ErrorKind::MisplacedQualifier => {
                "write one qualifier (`+`, `-`, `~`, `?`) before a mechanism, none before a \
                 modifier"
            }
            ErrorKind::BadDomain => {
                "write a fully qualified domain name whose last label is not all digits (use \
                 `ip4:`/`ip6:` for addresses)"
            }
            ErrorKind::BadMacro => {
                "write a macro as `%{letter}` (letters s l o d i p h v), `%%`, `%_` or `%-`"
            }
            ErrorKind::MacroLetterOnlyInExp => {
                "use `%{c}`, `%{r}` and `%{t}` only in the TXT record an `exp=` names"
            }
            ErrorKind::BadCidr => {
                "write the prefix length without leading zeros: 0-32 for IPv4, 0-128 for IPv6"
            }
            ErrorKind::BadIp4 => "write the IPv4 network as four decimal octets, like `192.0.2.0`",
            ErrorKind::BadIp6 => "write the IPv6 network in RFC 4291 form, like `2001:db8::`",
            ErrorKind::BadModifierName => {
                "start the modifier name with a letter; use letters, digits, `-`, `_` and `.`"
            }
            ErrorKind::BadCharacter => {
                "separate terms with plain spaces and use visible ASCII characters only"
            }
        }
    }
}

/// Bytes shown in a message (clamped): printable ASCII as is, anything else as a zone-file
/// `\DDD` escape, so a tab or a stray byte is visible.
#[must_use]
pub fn show(text: &[u8], range: Range<usize>) -> String {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let mut out = String::with_capacity(end - start);
    for &b in &text[start..end] {
        if (0x20..=0x7e).contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "\\{b:03}");
        }
    }
    out
}

/// A parsed SPF record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfRecord {
    /// The version tag (`v=spf1`, any case), always `0..6`.
    pub version: Range<usize>,
    pub terms: Vec<Term>,
    pub errors: Vec<SpfError>,
}

impl SpfRecord {
    /// The mechanisms with their terms, in order.
    pub fn mechanisms(&self) -> impl Iterator<Item = (&Term, &Mechanism)> {
        self.terms
            .iter()
            .filter_map(|t| t.mechanism().map(|m| (t, m)))
    }

    /// The modifiers with their terms, in order.
    pub fn modifiers(&self) -> impl Iterator<Item = (&Term, &Modifier)> {
        self.terms
            .iter()
            .filter_map(|t| t.modifier().map(|m| (t, m)))
    }

    /// The first `all` mechanism.
    #[must_use]
    pub fn all(&self) -> Option<(&Term, &Mechanism)> {
        self.mechanisms()
            .find(|(_, m)| m.kind == MechanismKind::All)
    }

    /// The first `redirect=` modifier.
    #[must_use]
    pub fn redirect(&self) -> Option<(&Term, &Modifier)> {
        self.modifiers()
            .find(|(_, m)| m.kind == ModifierKind::Redirect)
    }
}

/// Whether joined TXT text is an SPF record by §4.5: exactly `v=spf1` or `v=spf1` then a space
/// (the version tag compared without regard to case, as the ABNF does).
#[must_use]
pub fn is_spf(text: &[u8]) -> bool {
    text.len() >= 6
        && text[..6].eq_ignore_ascii_case(b"v=spf1")
        && (text.len() == 6 || text[6] == b' ')
}

/// Parses joined text; `None` when it is not an SPF record ([`is_spf`]).
#[must_use]
pub fn parse(text: &[u8]) -> Option<SpfRecord> {
    if !is_spf(text) {
        return None;
    }
    let mut record = SpfRecord {
        version: 0..6,
        terms: Vec::new(),
        errors: Vec::new(),
    };
    let mut i = 6;
    while i < text.len() {
        if text[i] == b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && text[i] != b' ' {
            i += 1;
        }
        let kind = parse_term(text, start..i, &mut record.errors);
        record.terms.push(Term {
            range: start..i,
            kind,
        });
    }
    // Kept for the whole run (a shared fact of every SPF record): exact, not the capacity of
    // four that the first push gives (a term is 64 bytes, and most records have two or three).
    record.terms.shrink_to_fit();
    record.errors.shrink_to_fit();
    Some(record)
}

/// Parses one term on its own (text without the version), for checks that try how a piece of
/// text would read as a term. Errors are dropped; `Invalid` when any was found.
#[must_use]
pub fn parse_single_term(text: &[u8]) -> TermKind {
    let mut errors = Vec::new();
    let kind = parse_term(text, 0..text.len(), &mut errors);
    if errors.is_empty() {
        kind
    } else {
        TermKind::Invalid
    }
}

fn parse_term(text: &[u8], term: Range<usize>, errors: &mut Vec<SpfError>) -> TermKind {
    let before = errors.len();
    let mut err = |range: Range<usize>, kind: ErrorKind| {
        errors.push(SpfError {
            range,
            term: term.clone(),
            kind,
        });
    };
    let bytes = &text[term.clone()];
    if let Some(bad) = bytes.iter().position(|&b| !(0x21..=0x7e).contains(&b)) {
        let at = term.start + bad;
        err(at..at + 1, ErrorKind::BadCharacter);
        return TermKind::Invalid;
    }
    // A modifier: name "=" before any ":" or "/".
    let name_end = bytes
        .iter()
        .position(|&b| matches!(b, b'=' | b':' | b'/'))
        .unwrap_or(bytes.len());
    if bytes.get(name_end) == Some(&b'=') {
        return parse_modifier(text, term, name_end, errors);
    }
    let (qualifier, explicit, q_len) = match bytes.first() {
        Some(b'+') => (Qualifier::Pass, true, 1),
        Some(b'-') => (Qualifier::Fail, true, 1),
        Some(b'~') => (Qualifier::SoftFail, true, 1),
        Some(b'?') => (Qualifier::Neutral, true, 1),
        _ => (Qualifier::Pass, false, 0),
    };
    let name = term.start + q_len..term.start + name_end;
    if explicit && matches!(bytes.get(1), Some(b'+' | b'-' | b'~' | b'?')) {
        err(term.start..term.start + 2, ErrorKind::MisplacedQualifier);
        return TermKind::Invalid;
    }
    let Some(kind) = MechanismKind::from_name(&text[name.clone()]) else {
        let shown = if name.is_empty() { term.clone() } else { name };
        err(shown, ErrorKind::UnknownMechanism);
        return TermKind::Invalid;
    };
    let mut mech = Mechanism {
        qualifier,
        explicit_qualifier: explicit,
        kind,
        domain: None,
        ip: None,
        cidr4: None,
        cidr6: None,
    };
    let rest = name.end..term.end;
    let has_colon = text.get(rest.start) == Some(&b':') && !rest.is_empty();
    match kind {
        MechanismKind::All => {
            if !rest.is_empty() {
                err(rest, ErrorKind::UnexpectedValue);
            }
        }
        MechanismKind::Include | MechanismKind::Exists | MechanismKind::Ptr => {
            if has_colon {
                let domain = rest.start + 1..rest.end;
                if domain.is_empty() {
                    err(term.clone(), ErrorKind::MissingValue);
                } else {
                    check_domain_spec(text, domain.clone(), false, &mut err);
                    mech.domain = Some(domain);
                }
            } else if rest.is_empty() {
                if kind != MechanismKind::Ptr {
                    err(term.clone(), ErrorKind::MissingValue);
                }
            } else {
                err(rest, ErrorKind::UnexpectedValue);
            }
        }
        MechanismKind::A | MechanismKind::Mx => {
            let (body, cidr4, cidr6) = split_dual_cidr(text, rest.clone(), &mut err);
            mech.cidr4 = cidr4;
            mech.cidr6 = cidr6;
            if text.get(body.start) == Some(&b':') && !body.is_empty() {
                let domain = body.start + 1..body.end;
                if domain.is_empty() {
                    err(term.clone(), ErrorKind::MissingValue);
                } else {
                    check_domain_spec(text, domain.clone(), false, &mut err);
                    mech.domain = Some(domain);
                }
            } else if !body.is_empty() {
                err(body, ErrorKind::UnexpectedValue);
            }
        }
        MechanismKind::Ip4 | MechanismKind::Ip6 => {
            if !has_colon || rest.len() == 1 {
                err(term.clone(), ErrorKind::MissingValue);
            } else {
                let value = rest.start + 1..rest.end;
                let v6 = kind == MechanismKind::Ip6;
                let slash = text[value.clone()].iter().position(|&b| b == b'/');
                let net = match slash {
                    Some(s) => value.start..value.start + s,
                    None => value.clone(),
                };
                if let Some(s) = slash {
                    let digits = value.start + s + 1..value.end;
                    let max = if v6 { 128 } else { 32 };
                    match cidr(&text[digits.clone()], max) {
                        Some(n) if v6 => mech.cidr6 = Some(n),
                        Some(n) => mech.cidr4 = Some(n),
                        None => err(value.start + s..value.end, ErrorKind::BadCidr),
                    }
                }
                let ip = if v6 {
                    parse_ip6(&text[net.clone()]).map(IpAddr::V6)
                } else {
                    parse_ip4(&text[net.clone()]).map(IpAddr::V4)
                };
                match ip {
                    Some(ip) => mech.ip = Some(ip),
                    None if v6 => err(net, ErrorKind::BadIp6),
                    None => err(net, ErrorKind::BadIp4),
                }
            }
        }
    }
    if errors.len() > before {
        TermKind::Invalid
    } else {
        TermKind::Mechanism(mech)
    }
}

fn parse_modifier(
    text: &[u8],
    term: Range<usize>,
    name_end: usize,
    errors: &mut Vec<SpfError>,
) -> TermKind {
    let before = errors.len();
    let mut err = |range: Range<usize>, kind: ErrorKind| {
        errors.push(SpfError {
            range,
            term: term.clone(),
            kind,
        });
    };
    let name = term.start..term.start + name_end;
    let value = name.end + 1..term.end;
    let name_bytes = &text[name.clone()];
    let kind = if name_bytes.eq_ignore_ascii_case(b"redirect") {
        ModifierKind::Redirect
    } else if name_bytes.eq_ignore_ascii_case(b"exp") {
        ModifierKind::Exp
    } else {
        ModifierKind::Unknown
    };
    if kind == ModifierKind::Unknown {
        let valid_name = name_bytes.first().is_some_and(u8::is_ascii_alphabetic)
            && name_bytes
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !valid_name {
            let first = name_bytes.first().copied();
            let kind = if matches!(first, Some(b'+' | b'-' | b'~' | b'?')) {
                ErrorKind::MisplacedQualifier
            } else {
                ErrorKind::BadModifierName
            };
            let range = if kind == ErrorKind::MisplacedQualifier {
                name.start..name.start + 1
            } else if name.is_empty() {
                term.clone()
            } else {
                name.clone()
            };
            err(range, kind);
            return TermKind::Invalid;
        }
        // An unknown modifier's value is a macro-string, possibly empty.
        check_macro_string(text, value.clone(), true, &mut err);
    } else if value.is_empty() {
        err(term.clone(), ErrorKind::MissingValue);
    } else {
        check_domain_spec(text, value.clone(), false, &mut err);
    }
    if errors.len() > before {
        TermKind::Invalid
    } else {
        TermKind::Modifier(Modifier { kind, name, value })
    }
}

/// Splits `[":" domain-spec] [ip4-cidr] ["/" ip6-cidr]` from the right: the domain may itself
/// hold `/` (a macro literal), the prefix lengths are the trailing `/N` and `//N`.
fn split_dual_cidr(
    text: &[u8],
    rest: Range<usize>,
    err: &mut impl FnMut(Range<usize>, ErrorKind),
) -> (Range<usize>, Option<u8>, Option<u8>) {
    let mut end = rest.end;
    let mut cidr4 = None;
    let mut cidr6 = None;
    let bytes = &text[rest.clone()];
    // Only a slash-separated tail of digits (or nothing) after the last `/` is a prefix
    // length; a domain ending in `/` alone is left to the domain check.
    let Some(last_slash) = bytes.iter().rposition(|&b| b == b'/') else {
        return (rest, None, None);
    };
    let tail = rest.start + last_slash + 1..end;
    let is_v6 = last_slash > 0 && bytes[last_slash - 1] == b'/';
    let has_domain = bytes.first() == Some(&b':');
    // With a domain, a trailing `/x` that is not a number could be part of the domain-spec
    // (a macro literal); take it as a prefix length only when digits follow.
    if has_domain && !text[tail.clone()].iter().all(u8::is_ascii_digit) {
        return (rest, None, None);
    }
    let slash_at = if is_v6 {
        rest.start + last_slash - 1
    } else {
        rest.start + last_slash
    };
    let max = if is_v6 { 128 } else { 32 };
    match cidr(&text[tail.clone()], max) {
        Some(n) if is_v6 => cidr6 = Some(n),
        Some(n) => cidr4 = Some(n),
        None => err(slash_at..end, ErrorKind::BadCidr),
    }
    end = slash_at;
    if is_v6 {
        // An IPv4 prefix may precede the IPv6 one.
        let head = &text[rest.start..end];
        if let Some(s) = head.iter().rposition(|&b| b == b'/') {
            let digits = rest.start + s + 1..end;
            if !has_domain || text[digits.clone()].iter().all(u8::is_ascii_digit) {
                match cidr(&text[digits], 32) {
                    Some(n) => cidr4 = Some(n),
                    None => err(rest.start + s..end, ErrorKind::BadCidr),
                }
                end = rest.start + s;
            }
        }
    }
    (rest.start..end, cidr4, cidr6)
}

/// A prefix length: `0` or digits without a leading zero, at most `max`.
fn cidr(digits: &[u8], max: u8) -> Option<u8> {
    if digits.is_empty() || digits.len() > 3 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if digits.len() > 1 && digits[0] == b'0' {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
    u8::try_from(n).ok().filter(|&n| n <= max)
}

/// A dotted quad with octets 0-255 and no leading zeros (§12 `qnum`).
fn parse_ip4(bytes: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = bytes.split(|&b| b == b'.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty()
            || part.len() > 3
            || !part.iter().all(u8::is_ascii_digit)
            || (part.len() > 1 && part[0] == b'0')
        {
            return None;
        }
        let n = part
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
        *octet = u8::try_from(n).ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some(Ipv4Addr::from(octets))
}

fn parse_ip6(bytes: &[u8]) -> Option<Ipv6Addr> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

/// Checks `macro-string domain-end` (§7.1): macros well formed, and the name ends in a
/// top label (not all digits) with an optional trailing dot, or in a macro.
fn check_domain_spec(
    text: &[u8],
    range: Range<usize>,
    in_exp: bool,
    err: &mut impl FnMut(Range<usize>, ErrorKind),
) {
    let Some(last_macro_end) = check_macro_string(text, range.clone(), in_exp, err) else {
        return;
    };
    if last_macro_end == Some(range.end) {
        return; // domain-end = macro-expand
    }
    // The literal tail after the last macro must hold "." toplabel ["."] (a lone "." after a
    // final macro is accepted too, as evaluators do).
    let tail = &text[last_macro_end.unwrap_or(range.start)..range.end];
    let ok = if last_macro_end.is_some() && tail == b"." {
        true
    } else {
        let body = tail.strip_suffix(b".").unwrap_or(tail);
        body.iter()
            .rposition(|&b| b == b'.')
            .is_some_and(|dot| is_toplabel(&body[dot + 1..]))
    };
    if !ok {
        err(range, ErrorKind::BadDomain);
    }
}

/// `toplabel` (§7.1): alphanumerics with at least one letter, or alphanumerics with inner
/// hyphens.
fn is_toplabel(label: &[u8]) -> bool {
    if label.is_empty() || label.len() > 63 {
        return false;
    }
    if !label
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return false;
    }
    if label.contains(&b'-') {
        label[0].is_ascii_alphanumeric() && label[label.len() - 1].is_ascii_alphanumeric()
    } else {
        label.iter().any(u8::is_ascii_alphabetic)
    }
}

/// Checks a macro-string (§7.1). Returns `None` when it reported an error, else the end of the
/// last macro-expand (`Some(None)` when there is none).
#[allow(clippy::option_option)]
fn check_macro_string(
    text: &[u8],
    range: Range<usize>,
    in_exp: bool,
    err: &mut impl FnMut(Range<usize>, ErrorKind),
) -> Option<Option<usize>> {
    let mut i = range.start;
    let mut last = None;
    let mut ok = true;
    while i < range.end {
        if text[i] != b'%' {
            i += 1;
            continue;
        }
        match text.get(i + 1).filter(|_| i + 1 < range.end) {
            Some(b'%' | b'_' | b'-') => {
                i += 2;
                last = Some(i);
            }
            Some(b'{') => {
                let close = text[i + 2..range.end].iter().position(|&b| b == b'}');
                let Some(close) = close else {
                    err(i..range.end, ErrorKind::BadMacro);
                    return None;
                };
                let end = i + 2 + close + 1;
                let inner = &text[i + 2..end - 1];
                match check_macro_body(inner, in_exp) {
                    Ok(()) => {}
                    Err(kind) => {
                        err(i..end, kind);
                        ok = false;
                    }
                }
                i = end;
                last = Some(i);
            }
            _ => {
                err(i..(i + 2).min(range.end), ErrorKind::BadMacro);
                return None;
            }
        }
    }
    ok.then_some(last)
}

/// `macro-letter transformers *delimiter` (§7.1).
fn check_macro_body(inner: &[u8], in_exp: bool) -> Result<(), ErrorKind> {
    let (&letter, rest) = inner.split_first().ok_or(ErrorKind::BadMacro)?;
    match letter.to_ascii_lowercase() {
        b's' | b'l' | b'o' | b'd' | b'i' | b'p' | b'h' | b'v' => {}
        b'c' | b'r' | b't' if in_exp => {}
        b'c' | b'r' | b't' => return Err(ErrorKind::MacroLetterOnlyInExp),
        _ => return Err(ErrorKind::BadMacro),
    }
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut rest = &rest[digits..];
    if digits > 0 {
        // "*DIGIT": a count of labels; zero is not meaningful (RFC 7208 §7.3 says 1-128).
        let n = std::str::from_utf8(&inner[1..=digits])
            .ok()
            .and_then(|s| s.parse::<u32>().ok());
        if !n.is_some_and(|n| (1..=128).contains(&n)) {
            return Err(ErrorKind::BadMacro);
        }
    }
    if let Some((b'r' | b'R', tail)) = rest.split_first() {
        rest = tail;
    }
    if rest
        .iter()
        .all(|b| matches!(b, b'.' | b'-' | b'+' | b',' | b'/' | b'_' | b'='))
    {
        Ok(())
    } else {
        Err(ErrorKind::BadMacro)
    }
}

/// Whether a domain-spec holds a macro (then its target depends on the message and cannot be
/// followed offline). `%%`, `%_` and `%-` are escapes, not lookups, but a name with them is
/// not followed either.
#[must_use]
pub fn has_macro(domain: &[u8]) -> bool {
    domain.contains(&b'%')
}

#[cfg(test)]
mod tests;
