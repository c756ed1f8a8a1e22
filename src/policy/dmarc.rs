//! DMARC policy records (RFC 7489 §6.3–6.4, with `np=` of RFC 9091): which TXT text is a DMARC
//! record, and a parser that checks every tag and keeps its byte ranges in the record's joined
//! text, so a rule can underline the tag through [`super::text_spans::TextMap`].
//!
//! The parser reads the text as the RFC 6376 tag-list it is ([`super::tags`]) and never fails:
//! each problem is listed in [`DmarcRecord::errors`] with the bytes it is about. Report URIs
//! (`rua=`, `ruf=`) are read by [`super::report_uri`] and kept apart: their problems are another
//! rule's. Readings where the RFC leaves room:
//! - tag names and values are compared without regard to case (the ABNF's quoted strings are
//!   case-insensitive), except the version, which the ABNF spells `%x44 %x4d …`: `v=dmarc1` is
//!   selected (receivers compare it loosely) but reported;
//! - `p=` may come anywhere after `v=DMARC1` (every major receiver reads it so), but must be
//!   present in every record, a subdomain's included: a receiver that finds `_dmarc.<sub>` never
//!   falls back to the organisational record for its policy;
//! - empty tag-specs (`;;`) are tolerated, as receivers skip them;
//! - unknown tags are ignored by receivers (§6.3) and reported as such, with the known tag a
//!   typo was probably meant for; `psd=` and `t=` of DMARCbis are known.

use std::ops::Range;

use super::report_uri::{self, ReportUri};
use super::spf::{self, show};
use super::tags::{self, TagErrorKind};

/// The tags DMARC defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    V,
    P,
    Sp,
    Np,
    Adkim,
    Aspf,
    Pct,
    Fo,
    Rf,
    Ri,
    Rua,
    Ruf,
    Psd,
    T,
}

impl Known {
    const ALL: [Known; 14] = [
        Known::V,
        Known::P,
        Known::Sp,
        Known::Np,
        Known::Adkim,
        Known::Aspf,
        Known::Pct,
        Known::Fo,
        Known::Rf,
        Known::Ri,
        Known::Rua,
        Known::Ruf,
        Known::Psd,
        Known::T,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Known::V => "v",
            Known::P => "p",
            Known::Sp => "sp",
            Known::Np => "np",
            Known::Adkim => "adkim",
            Known::Aspf => "aspf",
            Known::Pct => "pct",
            Known::Fo => "fo",
            Known::Rf => "rf",
            Known::Ri => "ri",
            Known::Rua => "rua",
            Known::Ruf => "ruf",
            Known::Psd => "psd",
            Known::T => "t",
        }
    }

    /// The tag named `name`, any case.
    #[must_use]
    pub fn from_name(name: &[u8]) -> Option<Known> {
        Known::ALL
            .into_iter()
            .find(|k| name.eq_ignore_ascii_case(k.as_str().as_bytes()))
    }

    /// The known tag an unknown name is most likely a typo of: one edit (or one swap of
    /// neighbours) away, for names of two letters or more.
    #[must_use]
    pub fn closest(name: &[u8]) -> Option<Known> {
        if name.len() < 2 || name.len() > 8 {
            return None;
        }
        let lower = name.to_ascii_lowercase();
        Known::ALL
            .into_iter()
            .filter(|k| k.as_str().len() >= 2)
            .find(|k| edit_distance(&lower, k.as_str().as_bytes()) <= 1)
    }
}

/// Optimal string alignment distance (edits, and swaps of neighbours) of two short strings.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
}

/// A requested policy (`p=`, `sp=`, `np=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    None,
    Quarantine,
    Reject,
}

impl Policy {
    /// The policy spelled `value`, any case.
    #[must_use]
    pub fn from_value(value: &[u8]) -> Option<Policy> {
        [Policy::None, Policy::Quarantine, Policy::Reject]
            .into_iter()
            .find(|p| value.eq_ignore_ascii_case(p.as_str().as_bytes()))
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }
}

/// What a TXT text is, as far as DMARC goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// Its first tag is `v=DMARC1` (any case): receivers select it (§6.6.3).
    Dmarc,
    /// Meant as a DMARC record (a `v=DMARC…` tag, a `p=`, `sp=`, `rua=` or `ruf=` tag, or the
    /// word `DMARC1`), but receivers discard it: it does not start with `v=DMARC1`.
    Broken,
    /// Not a DMARC record at all: an SPF record, a verification token.
    Other,
}

/// One tag of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DmarcTag {
    pub name: Range<usize>,
    /// The value as written (trimmed).
    pub value: Range<usize>,
    /// The value as read: without what follows a missing `;` (`reject` in `p=reject rua=…`).
    pub read: Range<usize>,
    /// From the name to the end of the value.
    pub range: Range<usize>,
    pub known: Option<Known>,
}

/// What is wrong with some bytes of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DmarcErrorKind {
    /// Against the tag-list grammar: a spec without `=` ([`TagErrorKind::MissingEquals`]), a
    /// `=` without a name ([`TagErrorKind::EmptyName`]), a control or non-ASCII byte
    /// ([`TagErrorKind::InvalidValue`]).
    Grammar(TagErrorKind),
    /// A tag seen before (any case); `context` is the first one.
    Duplicate,
    /// No `v=` tag at all; the range is the first tag (or the text).
    NoVersion,
    /// `v=DMARC1` later than first; `context` is the first tag.
    VersionNotFirst,
    /// A version other than `DMARC1`.
    BadVersion,
    /// `DMARC1` in another case (the ABNF spells it in capitals).
    VersionCase,
    /// `name=value` inside another tag's value: a missing `;` (the range is the swallowed text).
    MissingSeparator,
    /// No `p=` tag; the range is the first tag.
    MissingPolicy,
    /// A value the tag does not take; `context` is the whole tag when the range is one item of
    /// a list (`fo=`, `rf=`).
    BadValue(Known),
    /// A tag DMARC does not define (ignored by receivers); the range is its name.
    UnknownTag,
}

/// A problem of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DmarcError {
    pub kind: DmarcErrorKind,
    /// The offending bytes in the joined text.
    pub range: Range<usize>,
    /// Related bytes (see each kind).
    pub context: Option<Range<usize>>,
}

impl DmarcError {
    /// A message (lowercase, no period) naming the offending bytes.
    #[must_use]
    pub fn message(&self, text: &[u8]) -> String {
        let bad = show(text, self.range.clone());
        match self.kind {
            DmarcErrorKind::Grammar(TagErrorKind::EmptyName) => {
                "DMARC tag without a name before `=`".to_owned()
            }
            DmarcErrorKind::Grammar(TagErrorKind::InvalidValue) => {
                format!("invalid character `{bad}` in DMARC record")
            }
            DmarcErrorKind::Grammar(_) => format!("DMARC tag `{bad}` has no `=`"),
            DmarcErrorKind::Duplicate => format!("DMARC tag `{bad}` appears more than once"),
            DmarcErrorKind::NoVersion => "DMARC record does not start with `v=DMARC1`".to_owned(),
            DmarcErrorKind::VersionNotFirst => {
                format!("`{bad}` is not the first tag of the DMARC record")
            }
            DmarcErrorKind::BadVersion => format!("unknown DMARC version `{bad}`"),
            DmarcErrorKind::VersionCase => {
                format!("DMARC version `{bad}` is not written `DMARC1`")
            }
            DmarcErrorKind::MissingSeparator => {
                format!("missing `;` before `{bad}` in DMARC record")
            }
            DmarcErrorKind::MissingPolicy => "DMARC record has no `p=` tag".to_owned(),
            DmarcErrorKind::BadValue(known) => {
                format!("invalid value `{bad}` for DMARC tag `{}`", known.as_str())
            }
            DmarcErrorKind::UnknownTag => format!("unknown DMARC tag `{bad}`"),
        }
    }

    /// An imperative fix.
    #[must_use]
    pub fn help(&self, text: &[u8]) -> String {
        match self.kind {
            DmarcErrorKind::Grammar(TagErrorKind::InvalidValue) => {
                "use visible ASCII characters only".to_owned()
            }
            DmarcErrorKind::Grammar(_) => "write tags as `name=value`, separated by `;`".to_owned(),
            DmarcErrorKind::Duplicate => {
                let name = show(text, self.range.clone());
                format!("keep a single `{name}=` tag: receivers may read either one")
            }
            DmarcErrorKind::NoVersion | DmarcErrorKind::VersionNotFirst => {
                "start the record with `v=DMARC1;`".to_owned()
            }
            DmarcErrorKind::BadVersion | DmarcErrorKind::VersionCase => {
                "write `v=DMARC1`".to_owned()
            }
            DmarcErrorKind::MissingSeparator => "separate the tags with `;`".to_owned(),
            DmarcErrorKind::MissingPolicy => {
                "add `p=none`, `p=quarantine` or `p=reject` after `v=DMARC1;`".to_owned()
            }
            DmarcErrorKind::BadValue(known) => match known {
                Known::P | Known::Sp | Known::Np => "use `none`, `quarantine` or `reject`",
                Known::Adkim | Known::Aspf => "use `r` (relaxed) or `s` (strict)",
                Known::Pct => "use a whole number from 0 to 100",
                Known::Fo => "use `0`, `1`, `d` or `s`, several separated by `:`",
                Known::Rf => "use `afrf`",
                Known::Ri => "give the interval in seconds, such as `86400`",
                Known::Psd => "use `y`, `n` or `u`",
                Known::T => "use `y` or `n`",
                Known::V | Known::Rua | Known::Ruf => "correct the value",
            }
            .to_owned(),
            DmarcErrorKind::UnknownTag => {
                match Known::closest(text.get(self.range.clone()).unwrap_or_default()) {
                    Some(k) => format!(
                        "write `{}` if that was meant, or remove the tag",
                        k.as_str()
                    ),
                    None => "remove the tag, or check its spelling".to_owned(),
                }
            }
        }
    }

    /// Background: what a receiver does with it.
    #[must_use]
    pub fn note(&self) -> &'static str {
        match self.kind {
            DmarcErrorKind::NoVersion
            | DmarcErrorKind::VersionNotFirst
            | DmarcErrorKind::BadVersion => {
                "receivers discard a record that does not start with `v=DMARC1`: the domain has \
                 no DMARC policy (RFC 7489 §6.6.3)"
            }
            DmarcErrorKind::VersionCase => {
                "the DMARC grammar spells the version in capitals; strict receivers discard \
                 other spellings (RFC 7489 §6.4)"
            }
            DmarcErrorKind::MissingPolicy => {
                "without a valid `p=`, receivers treat the record as `p=none` when it has a \
                 valid `rua=`, and ignore it otherwise (RFC 7489 §6.6.3)"
            }
            DmarcErrorKind::UnknownTag => {
                "receivers ignore tags DMARC does not define (RFC 7489 §6.3)"
            }
            DmarcErrorKind::MissingSeparator => {
                "receivers read everything up to the next `;` as one value, which is then \
                 invalid: a version or `p=` read so voids the policy (RFC 7489 §6.4, §6.6.3)"
            }
            DmarcErrorKind::BadValue(Known::P | Known::Sp) => {
                "with an invalid `p=` or `sp=`, receivers treat the record as `p=none` or ignore \
                 it (RFC 7489 §6.6.3)"
            }
            _ => {
                "receivers ignore an invalid tag or fall back to its default (RFC 7489 §6.3, \
                 §6.4)"
            }
        }
    }
}

/// A parsed record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DmarcRecord {
    pub kind: RecordKind,
    /// Every tag, in text order.
    pub tags: Vec<DmarcTag>,
    /// The first valid `p=`, and its tag's index.
    pub policy: Option<(Policy, usize)>,
    /// The URIs of every `rua=` tag.
    pub rua: Vec<ReportUri>,
    /// The URIs of every `ruf=` tag.
    pub ruf: Vec<ReportUri>,
    /// The record's problems, in text order (none for [`RecordKind::Other`]).
    pub errors: Vec<DmarcError>,
}

impl DmarcRecord {
    /// The first tag `known`.
    #[must_use]
    pub fn tag(&self, known: Known) -> Option<&DmarcTag> {
        self.tags.iter().find(|t| t.known == Some(known))
    }

    /// The first tag (`v=DMARC1` in a selected record).
    #[must_use]
    pub fn first(&self) -> Option<&DmarcTag> {
        self.tags.first()
    }

    /// The report URIs with the tag each belongs to.
    pub fn report_uris(&self) -> impl Iterator<Item = (Known, &ReportUri)> {
        self.rua
            .iter()
            .map(|u| (Known::Rua, u))
            .chain(self.ruf.iter().map(|u| (Known::Ruf, u)))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether `text` (joined TXT data) is a DMARC record a receiver selects: `v=DMARC1` (any case)
/// as its first tag. Reads the bytes once and allocates nothing, so callers can feed it every
/// TXT record through [`crate::graph::Graph::strings`].
pub fn is_dmarc(bytes: impl IntoIterator<Item = u8>) -> bool {
    let mut bytes = bytes.into_iter().skip_while(|&b| is_space(b)).peekable();
    if !bytes.next().is_some_and(|b| b.eq_ignore_ascii_case(&b'v')) {
        return false;
    }
    while bytes.next_if(|&b| is_space(b)).is_some() {}
    if bytes.next() != Some(b'=') {
        return false;
    }
    while bytes.next_if(|&b| is_space(b)).is_some() {}
    for want in b"dmarc1" {
        if !bytes.next().is_some_and(|b| b.eq_ignore_ascii_case(want)) {
            return false;
        }
    }
    while bytes.next_if(|&b| is_space(b)).is_some() {}
    matches!(bytes.next(), None | Some(b';'))
}

/// Within a tag's value: where a `name=` starts after whitespace (a swallowed tag).
fn swallowed_tag(text: &[u8], value: &Range<usize>) -> Option<usize> {
    let mut i = value.start;
    while i < value.end {
        if !is_space(text[i]) {
            i += 1;
            continue;
        }
        while i < value.end && is_space(text[i]) {
            i += 1;
        }
        let start = i;
        if i < value.end && text[i].is_ascii_alphabetic() {
            while i < value.end && (text[i].is_ascii_alphanumeric() || text[i] == b'_') {
                i += 1;
            }
            while i < value.end && is_space(text[i]) {
                i += 1;
            }
            if i < value.end && text[i] == b'=' {
                return Some(start);
            }
        }
    }
    None
}

/// Whether a list of `:`-separated items (whitespace around them allowed) all satisfy `ok`;
/// else the first bad item's range (empty items included).
fn bad_item(text: &[u8], value: &Range<usize>, ok: impl Fn(&[u8]) -> bool) -> Option<Range<usize>> {
    let mut start = value.start;
    for i in value.clone().chain(std::iter::once(value.end)) {
        if i < value.end && text[i] != b':' {
            continue;
        }
        let (mut s, mut e) = (start, i);
        while s < e && is_space(text[s]) {
            s += 1;
        }
        while e > s && is_space(text[e - 1]) {
            e -= 1;
        }
        if !ok(&text[s..e]) {
            return Some(s..e);
        }
        start = i + 1;
    }
    None
}

/// `Keyword` of RFC 5321: a letter or digit, then letters, digits and `-`, not ending in `-`.
fn is_keyword(item: &[u8]) -> bool {
    item.first().is_some_and(u8::is_ascii_alphanumeric)
        && item.last().is_some_and(u8::is_ascii_alphanumeric)
        && item.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

fn one_of(value: &[u8], allowed: &[&str]) -> bool {
    allowed
        .iter()
        .any(|a| value.eq_ignore_ascii_case(a.as_bytes()))
}

/// What a text that is not selected as DMARC is.
fn unselected_kind(text: &[u8], list: &tags::TagList<'_>) -> RecordKind {
    if spf::is_spf(text) {
        return RecordKind::Other;
    }
    let versioned = list.tags.iter().any(|t| {
        t.is("v")
            && t.value
                .get(..5)
                .is_some_and(|v| v.eq_ignore_ascii_case(b"dmarc"))
    });
    let policy_tags = list
        .tags
        .iter()
        .any(|t| t.is("p") || t.is("sp") || t.is("rua") || t.is("ruf"));
    let word = text.windows(6).any(|w| w.eq_ignore_ascii_case(b"dmarc1"));
    if versioned || policy_tags || word {
        RecordKind::Broken
    } else {
        RecordKind::Other
    }
}

/// Checks a tag's value (the part read).
fn check_value(text: &[u8], tag: &DmarcTag, known: Known, errors: &mut Vec<DmarcError>) {
    let value = &text[tag.read.clone()];
    let bad = |range: Range<usize>, errors: &mut Vec<DmarcError>| {
        let (range, context) = if range.is_empty() {
            (tag.range.clone(), None)
        } else if range == tag.read {
            (range, None)
        } else {
            (range, Some(tag.range.clone()))
        };
        errors.push(DmarcError {
            kind: DmarcErrorKind::BadValue(known),
            range,
            context,
        });
    };
    match known {
        Known::P | Known::Sp | Known::Np => {
            if Policy::from_value(value).is_none() {
                bad(tag.read.clone(), errors);
            }
        }
        Known::Adkim | Known::Aspf => {
            if !one_of(value, &["r", "s"]) {
                bad(tag.read.clone(), errors);
            }
        }
        Known::Pct => {
            let ok = (1..=3).contains(&value.len())
                && value.iter().all(u8::is_ascii_digit)
                && std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<u16>().ok())
                    .is_some_and(|n| n <= 100);
            if !ok {
                bad(tag.read.clone(), errors);
            }
        }
        Known::Fo => {
            if let Some(item) = bad_item(text, &tag.read, |i| one_of(i, &["0", "1", "d", "s"])) {
                bad(item, errors);
            }
        }
        Known::Rf => {
            if let Some(item) = bad_item(text, &tag.read, is_keyword) {
                bad(item, errors);
            }
        }
        Known::Ri => {
            let ok = !value.is_empty()
                && value.iter().all(u8::is_ascii_digit)
                && std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<u32>().ok())
                    .is_some();
            if !ok {
                bad(tag.read.clone(), errors);
            }
        }
        Known::Psd => {
            if !one_of(value, &["y", "n", "u"]) {
                bad(tag.read.clone(), errors);
            }
        }
        Known::T => {
            if !one_of(value, &["y", "n"]) {
                bad(tag.read.clone(), errors);
            }
        }
        Known::V | Known::Rua | Known::Ruf => {}
    }
}

/// Tags named alike, without regard to case (sorted, so a list of thousands stays n log n).
fn duplicates(text: &[u8], tags: &[DmarcTag], errors: &mut Vec<DmarcError>) {
    let mut order: Vec<(Vec<u8>, usize)> = tags
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.name.is_empty())
        .map(|(i, t)| (text[t.name.clone()].to_ascii_lowercase(), i))
        .collect();
    order.sort();
    for run in order.chunk_by(|a, b| a.0 == b.0) {
        if let [(_, first), rest @ ..] = run {
            for (_, again) in rest {
                errors.push(DmarcError {
                    kind: DmarcErrorKind::Duplicate,
                    range: tags[*again].name.clone(),
                    context: Some(tags[*first].range.clone()),
                });
            }
        }
    }
}

/// The version: `v=DMARC1`, first, in capitals.
fn version(
    text: &[u8],
    tags: &[DmarcTag],
    first_range: &Range<usize>,
    errors: &mut Vec<DmarcError>,
) {
    match tags.iter().position(|t| t.known == Some(Known::V)) {
        Some(0) => {
            let v = &tags[0];
            let value = &text[v.read.clone()];
            if value == b"DMARC1" {
                // As the grammar spells it.
            } else if value.eq_ignore_ascii_case(b"DMARC1") {
                errors.push(DmarcError {
                    kind: DmarcErrorKind::VersionCase,
                    range: v.read.clone(),
                    context: None,
                });
            } else {
                errors.push(DmarcError {
                    kind: DmarcErrorKind::BadVersion,
                    range: if v.read.is_empty() {
                        v.range.clone()
                    } else {
                        v.read.clone()
                    },
                    context: None,
                });
            }
        }
        Some(at) => errors.push(DmarcError {
            kind: DmarcErrorKind::VersionNotFirst,
            range: tags[at].range.clone(),
            context: Some(first_range.clone()),
        }),
        None => errors.push(DmarcError {
            kind: DmarcErrorKind::NoVersion,
            range: first_range.clone(),
            context: None,
        }),
    }
}

/// `more` after `list`, taking `more` itself when `list` is empty: parsed records live for the
/// whole run, and extending an empty list would reserve room for four URIs.
fn append(list: &mut Vec<ReportUri>, more: Vec<ReportUri>) {
    if list.is_empty() {
        *list = more;
    } else {
        list.extend(more);
    }
}

/// Parses joined TXT text. Never fails; a text that is no DMARC record at all comes back as
/// [`RecordKind::Other`] with its tags but no errors.
#[must_use]
pub fn parse(text: &[u8]) -> DmarcRecord {
    let list = tags::parse(text);
    let first_is_v = list.tags.first().is_some_and(|t| t.is("v"));
    let kind = if first_is_v && list.tags[0].value_is("DMARC1") {
        RecordKind::Dmarc
    } else {
        unselected_kind(text, &list)
    };
    let mut record = DmarcRecord {
        kind,
        tags: Vec::with_capacity(list.tags.len()),
        policy: None,
        rua: Vec::new(),
        ruf: Vec::new(),
        errors: Vec::new(),
    };
    let mut errors = Vec::new();
    for tag in &list.tags {
        let known = Known::from_name(tag.name);
        let swallowed = swallowed_tag(text, &tag.value_range);
        let read = match swallowed {
            Some(at) => {
                errors.push(DmarcError {
                    kind: DmarcErrorKind::MissingSeparator,
                    range: at..tag.value_range.end,
                    context: None,
                });
                let mut end = at;
                while end > tag.value_range.start && is_space(text[end - 1]) {
                    end -= 1;
                }
                tag.value_range.start..end
            }
            None => tag.value_range.clone(),
        };
        record.tags.push(DmarcTag {
            name: tag.name_range.clone(),
            value: tag.value_range.clone(),
            read,
            range: tag.range.clone(),
            known,
        });
    }
    for (index, tag) in record.tags.iter().enumerate() {
        match tag.known {
            Some(Known::P) if record.policy.is_none() => {
                if let Some(p) = Policy::from_value(&text[tag.read.clone()]) {
                    record.policy = Some((p, index));
                }
            }
            Some(Known::Rua) => {
                append(
                    &mut record.rua,
                    report_uri::parse_list(text, tag.read.clone(), true),
                );
            }
            Some(Known::Ruf) => {
                append(
                    &mut record.ruf,
                    report_uri::parse_list(text, tag.read.clone(), true),
                );
            }
            _ => {}
        }
    }
    if kind == RecordKind::Other {
        return record;
    }
    // The tag-list grammar; a name that is not `ALPHA *(ALNUM / "_")` is an unknown tag (below),
    // empty specs are skipped by receivers, duplicates are found without regard to case.
    for error in &list.errors {
        if matches!(
            error.kind,
            TagErrorKind::MissingEquals | TagErrorKind::EmptyName | TagErrorKind::InvalidValue
        ) {
            errors.push(DmarcError {
                kind: DmarcErrorKind::Grammar(error.kind),
                range: error.range.clone(),
                context: None,
            });
        }
    }
    duplicates(text, &record.tags, &mut errors);
    let first_range = record
        .tags
        .first()
        .map_or(0..text.len(), |t| t.range.clone());
    version(text, &record.tags, &first_range, &mut errors);
    let swallowed = errors
        .iter()
        .any(|e| e.kind == DmarcErrorKind::MissingSeparator);
    if record.tag(Known::P).is_none() && !swallowed {
        errors.push(DmarcError {
            kind: DmarcErrorKind::MissingPolicy,
            range: first_range,
            context: None,
        });
    }
    for tag in &record.tags {
        match tag.known {
            Some(known) => check_value(text, tag, known, &mut errors),
            None if !tag.name.is_empty() => errors.push(DmarcError {
                kind: DmarcErrorKind::UnknownTag,
                range: tag.name.clone(),
                context: None,
            }),
            None => {}
        }
    }
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    record.errors = errors;
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(DmarcErrorKind, &str)> {
        parse(text.as_bytes())
            .errors
            .into_iter()
            .map(|e| (e.kind, &text[e.range]))
            .collect()
    }

    #[test]
    fn selection() {
        for yes in [
            "v=DMARC1; p=reject",
            "v=DMARC1",
            "v=DMARC1;",
            " V = dmarc1 ;p=none",
            "v=DMARC1\t; p=none",
        ] {
            assert!(is_dmarc(yes.bytes()), "{yes}");
            assert_eq!(parse(yes.as_bytes()).kind, RecordKind::Dmarc, "{yes}");
        }
        for no in [
            "v=DMARC1 p=reject",
            "p=reject; v=DMARC1",
            "v=DMARC2; p=reject",
            "v=DMARC",
            "v=DMARC10",
            "v:DMARC1; p=none",
            "v=spf1 -all",
            "",
        ] {
            assert!(!is_dmarc(no.bytes()), "{no}");
            assert_ne!(parse(no.as_bytes()).kind, RecordKind::Dmarc, "{no}");
        }
    }

    #[test]
    fn kinds_of_unselected_text() {
        assert_eq!(parse(b"v=spf1 -all").kind, RecordKind::Other);
        assert_eq!(
            parse(b"google-site-verification=abc").kind,
            RecordKind::Other
        );
        assert_eq!(parse(b"v=DMARC2; p=none").kind, RecordKind::Broken);
        assert_eq!(
            parse(b"p=reject; rua=mailto:a@example.com").kind,
            RecordKind::Broken
        );
        assert_eq!(parse(b"DMARC1; p=reject").kind, RecordKind::Broken);
        assert!(parse(b"v=spf1 -all").errors.is_empty());
    }

    #[test]
    fn a_good_record_has_no_errors_and_gives_its_values() {
        let text = "v=DMARC1; p=quarantine; sp=reject; np=reject; adkim=s; aspf=r; pct=50; \
                    fo=0:1:d:s; rf=afrf; ri=86400; rua=mailto:a@example.com!10m; \
                    ruf=mailto:f@example.com; psd=n; t=n";
        let record = parse(text.as_bytes());
        assert_eq!(record.errors, []);
        assert_eq!(record.policy.map(|p| p.0), Some(Policy::Quarantine));
        assert_eq!(record.rua.len(), 1);
        assert_eq!(record.ruf.len(), 1);
        assert_eq!(record.report_uris().count(), 2);
        let p = record.tag(Known::P).unwrap();
        assert_eq!(&text[p.value.clone()], "quarantine");
        assert_eq!(&text[p.range.clone()], "p=quarantine");
        // Names and values in any case.
        assert_eq!(parse(b"v=DMARC1; P=Reject; ADKIM=S").errors, []);
    }

    #[test]
    fn version_problems() {
        use DmarcErrorKind::*;
        assert_eq!(kinds("v=dmarc1; p=none"), [(VersionCase, "dmarc1")]);
        assert_eq!(kinds("v=DMARC2; p=none"), [(BadVersion, "DMARC2")]);
        assert_eq!(kinds("p=none; v=DMARC1"), [(VersionNotFirst, "v=DMARC1")]);
        assert_eq!(
            kinds("p=none; rua=mailto:a@example.com"),
            [(NoVersion, "p=none")]
        );
        assert_eq!(kinds("v=; p=none"), [(BadVersion, "v=")]);
    }

    #[test]
    fn missing_separators_and_policy() {
        use DmarcErrorKind::*;
        assert_eq!(kinds("v=DMARC1 p=reject"), [(MissingSeparator, "p=reject")]);
        let record = parse(b"v=DMARC1; p=reject rua=mailto:a@example.com");
        assert_eq!(record.errors.len(), 1);
        assert_eq!(record.errors[0].kind, MissingSeparator);
        // The value read stops before the swallowed tag.
        assert_eq!(record.policy.map(|p| p.0), Some(Policy::Reject));
        assert_eq!(
            kinds("v=DMARC1; rua=mailto:a@example.com"),
            [(MissingPolicy, "v=DMARC1")]
        );
        assert_eq!(kinds("v=DMARC1"), [(MissingPolicy, "v=DMARC1")]);
        // A URI with a query is no swallowed tag.
        assert_eq!(
            kinds("v=DMARC1; p=none; rua=mailto:a@example.com, https://r.example.net/?k=v"),
            []
        );
    }

    #[test]
    fn bad_values() {
        use DmarcErrorKind::*;
        assert_eq!(
            kinds("v=DMARC1; p=rejected; sp=; adkim=x; aspf=relaxed; pct=101; ri=1.5"),
            [
                (BadValue(Known::P), "rejected"),
                (BadValue(Known::Sp), "sp="),
                (BadValue(Known::Adkim), "x"),
                (BadValue(Known::Aspf), "relaxed"),
                (BadValue(Known::Pct), "101"),
                (BadValue(Known::Ri), "1.5"),
            ]
        );
        assert_eq!(
            kinds("v=DMARC1; p=none; fo=1:x:d; rf=afrf:-x; pct=0100; psd=x; t=u"),
            [
                (BadValue(Known::Fo), "x"),
                (BadValue(Known::Rf), "-x"),
                (BadValue(Known::Pct), "0100"),
                (BadValue(Known::Psd), "x"),
                (BadValue(Known::T), "u"),
            ]
        );
        let record = parse(b"v=DMARC1; p=none; fo=1:x");
        assert_eq!(record.errors[0].context, Some(18..24));
        // An empty item underlines the whole tag.
        assert_eq!(
            kinds("v=DMARC1; p=none; fo=1::d"),
            [(BadValue(Known::Fo), "fo=1::d")]
        );
        assert_eq!(
            kinds("v=DMARC1; p=none; ri=4294967296"),
            [(BadValue(Known::Ri), "4294967296")]
        );
        assert_eq!(kinds("v=DMARC1; p=none; pct=0; ri=4294967295"), []);
    }

    #[test]
    fn duplicates_unknown_tags_and_grammar() {
        use DmarcErrorKind::*;
        assert_eq!(kinds("v=DMARC1; p=none; P=reject"), [(Duplicate, "P")]);
        assert_eq!(
            kinds("v=DMARC1; p=none; rau=mailto:a@example.com; x-y=1"),
            [(UnknownTag, "rau"), (UnknownTag, "x-y")]
        );
        assert_eq!(
            kinds("v=DMARC1; p=none; junk; =1; ok=\x01"),
            [
                (Grammar(TagErrorKind::MissingEquals), "junk"),
                (Grammar(TagErrorKind::EmptyName), "="),
                (UnknownTag, "ok"),
                (Grammar(TagErrorKind::InvalidValue), "\x01"),
            ]
        );
        // Empty specs are tolerated.
        assert_eq!(kinds("v=DMARC1;; p=none;"), []);
    }

    #[test]
    fn typo_suggestions() {
        assert_eq!(Known::closest(b"rau"), Some(Known::Rua));
        assert_eq!(Known::closest(b"ruaa"), Some(Known::Rua));
        assert_eq!(Known::closest(b"ASPF"), Some(Known::Aspf));
        assert_eq!(Known::closest(b"adkm"), Some(Known::Adkim));
        assert_eq!(Known::closest(b"x"), None);
        assert_eq!(Known::closest(b"report"), None);
        let record = parse(b"v=DMARC1; p=none; rau=mailto:a@example.com");
        let error = &record.errors[0];
        assert!(
            error
                .help(b"v=DMARC1; p=none; rau=mailto:a@example.com")
                .contains("`rua`")
        );
    }

    #[test]
    fn report_uris_are_read_but_not_errors_here() {
        let record = parse(b"v=DMARC1; p=none; rua=dmarc@example.com; ruf=");
        assert_eq!(record.errors, []);
        assert_eq!(record.rua.len(), 1);
        assert!(record.rua[0].problem.is_some());
        assert_eq!(record.ruf.len(), 1);
        assert!(record.ruf[0].problem.is_some());
    }

    #[test]
    fn messages_read_well() {
        let text = b"v=DMARC1; p=rejected";
        let record = parse(text);
        let e = &record.errors[0];
        assert_eq!(
            e.message(text),
            "invalid value `rejected` for DMARC tag `p`"
        );
        assert_eq!(e.help(text), "use `none`, `quarantine` or `reject`");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let mut text = b"v=DMARC1; ".to_vec();
            text.extend_from_slice(&body);
            for t in [&text[..], &body[..]] {
                let r = parse(t);
                for e in &r.errors {
                    proptest::prop_assert!(e.range.start <= e.range.end && e.range.end <= t.len());
                    let _ = (e.message(t), e.help(t));
                }
                for (_, u) in r.report_uris() {
                    proptest::prop_assert!(u.range.end <= t.len());
                }
                let _ = is_dmarc(t.iter().copied());
            }
        }

        #[test]
        fn never_panics_on_dmarc_like_text(body in "[ a-z0-9:;=,!%@./-]{0,80}") {
            let text = format!("v=DMARC1; {body}");
            let r = parse(text.as_bytes());
            proptest::prop_assert_eq!(r.kind, RecordKind::Dmarc);
            for e in &r.errors {
                proptest::prop_assert!(e.range.end <= text.len());
            }
        }
    }
}
