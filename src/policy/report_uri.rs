//! Report destination URIs of DMARC (`rua=`, `ruf=`, RFC 7489 §6.2–6.4) and SMTP TLS Reporting
//! (`rua=`, RFC 8460 §3): a comma-separated list of `mailto:` or `https:` URIs, each (in DMARC
//! only) with an optional `!size` limit. [`parse_list`] splits a tag value into its URIs, keeps
//! every URI's byte range in the record's text, extracts the destination domain (the mailbox's
//! domain, or the `https:` host) and says what is wrong with each. Text only: whether the
//! destination accepts the reports is for the rules to judge.

use std::ops::Range;

use super::spf::show;

/// A URI's scheme, as far as reports go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Mailto,
    Https,
    /// Any other scheme (`http:`, `ftp:`): receivers send nothing there.
    Other,
}

/// What is wrong with one URI of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UriProblemKind {
    /// An empty element: `rua=`, or `,,` in the list.
    Empty,
    /// No scheme: `dmarc@example.com` for `mailto:dmarc@example.com`.
    MissingScheme,
    /// A scheme other than `mailto:` and `https:`.
    UnsupportedScheme,
    /// A byte that a URI cannot hold unescaped (space, quote, non-ASCII), or a bad `%` escape.
    BadCharacter,
    /// A `mailto:` without a `local@domain` mailbox.
    BadAddress,
    /// A mailbox domain or `https:` host that is no valid host name.
    BadHost,
    /// A `!size` that is not digits with an optional `k`, `m`, `g` or `t`.
    BadSize,
}

/// A problem and the bytes it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriProblem {
    pub kind: UriProblemKind,
    pub range: Range<usize>,
}

impl UriProblem {
    /// A message (lowercase, no period): `uri` is the URI's bytes, `list` names the tag
    /// (``DMARC `rua` ``).
    #[must_use]
    pub fn message(&self, text: &[u8], uri: &Range<usize>, list: &str) -> String {
        let bad = show(text, self.range.clone());
        let uri = show(text, uri.clone());
        match self.kind {
            UriProblemKind::Empty => format!("empty report URI in {list}"),
            UriProblemKind::MissingScheme => {
                format!("report URI `{uri}` in {list} has no scheme")
            }
            UriProblemKind::UnsupportedScheme => {
                format!("unsupported scheme `{bad}` in report URI `{uri}`")
            }
            UriProblemKind::BadCharacter => {
                format!("invalid character `{bad}` in report URI `{uri}`")
            }
            UriProblemKind::BadAddress => format!("report URI `{uri}` has no mailbox"),
            UriProblemKind::BadHost => format!("invalid host `{bad}` in report URI `{uri}`"),
            UriProblemKind::BadSize => format!("invalid size limit `{bad}` in report URI `{uri}`"),
        }
    }

    /// An imperative fix.
    #[must_use]
    pub fn help(&self, text: &[u8], uri: &Range<usize>) -> String {
        match self.kind {
            UriProblemKind::Empty if self.range.is_empty() => {
                "give the tag a `mailto:` URI, or remove the tag".to_owned()
            }
            UriProblemKind::Empty => "remove the extra `,`".to_owned(),
            UriProblemKind::MissingScheme => {
                let uri = show(text, uri.clone());
                if uri.contains('@') {
                    format!("write `mailto:{uri}`")
                } else {
                    "write the address as a `mailto:` URI".to_owned()
                }
            }
            UriProblemKind::UnsupportedScheme => "use a `mailto:` or `https:` URI".to_owned(),
            UriProblemKind::BadCharacter => {
                "remove it, or percent-encode it (`%2C` for `,`, `%21` for `!`)".to_owned()
            }
            UriProblemKind::BadAddress => {
                "write a mailbox after `mailto:`, such as `mailto:reports@example.com`".to_owned()
            }
            UriProblemKind::BadHost => "use a fully qualified domain name".to_owned(),
            UriProblemKind::BadSize => {
                "write the limit as digits with an optional unit `k`, `m`, `g` or `t`, such as \
                 `!10m`"
                    .to_owned()
            }
        }
    }
}

/// One element of a report URI list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportUri {
    /// The element: the URI and its `!size`.
    pub range: Range<usize>,
    /// The URI alone.
    pub uri: Range<usize>,
    /// The `!size` suffix, `!` included.
    pub size: Option<Range<usize>>,
    pub scheme: Option<Scheme>,
    /// The destination: the mailbox's domain or the `https:` host, as written.
    pub host: Option<Range<usize>>,
    /// The destination domain, `%`-decoded, lowercase, without a final dot.
    pub domain: Option<String>,
    /// The first problem found.
    pub problem: Option<UriProblem>,
}

/// Whitespace around list separators (WSP; CR LF of folding tolerated).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Bytes a URI may hold unescaped (RFC 3986 unreserved, gen-delims and sub-delims; `%` is
/// checked apart).
fn is_uri_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)
}

/// The first byte of `range` that is no URI byte, or a `%` not followed by two hex digits.
fn bad_byte(text: &[u8], range: Range<usize>) -> Option<Range<usize>> {
    let mut i = range.start;
    while i < range.end {
        let b = text[i];
        if b == b'%' {
            let ok = i + 2 < range.end
                && text[i + 1].is_ascii_hexdigit()
                && text[i + 2].is_ascii_hexdigit();
            if !ok {
                return Some(i..(i + 3).min(range.end));
            }
            i += 3;
            continue;
        }
        if !is_uri_byte(b) {
            return Some(i..i + 1);
        }
        i += 1;
    }
    None
}

/// `%XX` escapes decoded (the bytes were checked by [`bad_byte`]).
fn percent_decode(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && let Some(hex) = raw.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Whether `host` is a host name: dot-separated labels of letters, digits, `-` and `_` (not
/// starting or ending with `-`), at least two of them, the last not all digits; one final dot
/// allowed.
#[must_use]
pub fn is_host_name(host: &[u8]) -> bool {
    let body = host.strip_suffix(b".").unwrap_or(host);
    if body.is_empty() || body.len() > 253 {
        return false;
    }
    let mut count = 0;
    let mut last: &[u8] = &[];
    for label in body.split(|&b| b == b'.') {
        let ok = (1..=63).contains(&label.len())
            && label
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && label.first() != Some(&b'-')
            && label.last() != Some(&b'-');
        if !ok {
            return false;
        }
        count += 1;
        last = label;
    }
    count >= 2 && !last.iter().all(u8::is_ascii_digit)
}

/// The end of the scheme (the `:`) when `uri` starts with `ALPHA *( ALPHA / DIGIT / "+" / "-" /
/// "." ) ":"`.
fn scheme_end(uri: &[u8]) -> Option<usize> {
    let colon = uri.iter().position(|&b| b == b':')?;
    let scheme = &uri[..colon];
    (scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)))
    .then_some(colon)
}

/// The destination of a URI whose scheme ends at `colon`: (host range, decoded domain) or the
/// problem.
fn destination(
    text: &[u8],
    uri: Range<usize>,
    colon: usize,
    scheme: Scheme,
) -> Result<(Range<usize>, String), UriProblem> {
    let rest = colon + 1..uri.end;
    let problem = |kind, range: Range<usize>| UriProblem { kind, range };
    match scheme {
        Scheme::Mailto => {
            // `mailto:local@domain`, then optional `?headers`.
            let end = text[rest.clone()]
                .iter()
                .position(|&b| b == b'?')
                .map_or(rest.end, |p| rest.start + p);
            let address = rest.start..end;
            let Some(at) = text[address.clone()].iter().rposition(|&b| b == b'@') else {
                return Err(problem(UriProblemKind::BadAddress, uri));
            };
            let at = address.start + at;
            let host = at + 1..address.end;
            if at == address.start || host.is_empty() {
                return Err(problem(UriProblemKind::BadAddress, uri));
            }
            let decoded = percent_decode(&text[host.clone()]);
            if !is_host_name(&decoded) {
                return Err(problem(UriProblemKind::BadHost, host));
            }
            Ok((host, domain_string(&decoded)))
        }
        Scheme::Https => {
            // `https://[userinfo@]host[:port][/path…]`.
            let Some(authority_start) = text[rest.clone()]
                .starts_with(b"//")
                .then_some(rest.start + 2)
            else {
                return Err(problem(UriProblemKind::BadHost, uri));
            };
            let authority_end = text[authority_start..rest.end]
                .iter()
                .position(|&b| matches!(b, b'/' | b'?' | b'#'))
                .map_or(rest.end, |p| authority_start + p);
            let authority = authority_start..authority_end;
            let host_start = text[authority.clone()]
                .iter()
                .rposition(|&b| b == b'@')
                .map_or(authority.start, |p| authority.start + p + 1);
            let host_end = text[host_start..authority.end]
                .iter()
                .position(|&b| b == b':')
                .map_or(authority.end, |p| host_start + p);
            let host = host_start..host_end;
            let port = &text[host_end..authority.end];
            let port_ok =
                port.is_empty() || (port.len() > 1 && port[1..].iter().all(u8::is_ascii_digit));
            let decoded = percent_decode(&text[host.clone()]);
            if !is_host_name(&decoded) {
                let range = if host.is_empty() { uri } else { host };
                return Err(problem(UriProblemKind::BadHost, range));
            }
            if !port_ok {
                return Err(problem(UriProblemKind::BadHost, host_end..authority.end));
            }
            Ok((host, domain_string(&decoded)))
        }
        Scheme::Other => Err(problem(UriProblemKind::UnsupportedScheme, uri.start..colon)),
    }
}

fn domain_string(decoded: &[u8]) -> String {
    let body = decoded.strip_suffix(b".").unwrap_or(decoded);
    String::from_utf8_lossy(body).to_ascii_lowercase()
}

/// Whether `size` (after the `!`) is `1*DIGIT [ "k" / "m" / "g" / "t" ]`, any case.
fn is_size(size: &[u8]) -> bool {
    let digits = match size.last() {
        Some(b'k' | b'm' | b'g' | b't' | b'K' | b'M' | b'G' | b'T') => &size[..size.len() - 1],
        _ => size,
    };
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// Reads one element (trimmed, non-empty range of `text`).
fn parse_one(text: &[u8], element: Range<usize>, with_size: bool) -> ReportUri {
    let bang = with_size
        .then(|| text[element.clone()].iter().position(|&b| b == b'!'))
        .flatten()
        .map(|p| element.start + p);
    let uri = element.start..bang.unwrap_or(element.end);
    let size = bang.map(|b| b..element.end);
    let mut out = ReportUri {
        range: element.clone(),
        uri: uri.clone(),
        size: size.clone(),
        scheme: None,
        host: None,
        domain: None,
        problem: None,
    };
    let fail = |mut out: ReportUri, kind, range| {
        out.problem = Some(UriProblem { kind, range });
        out
    };
    if uri.is_empty() {
        return fail(out, UriProblemKind::Empty, element);
    }
    if let Some(bad) = bad_byte(text, uri.clone()) {
        return fail(out, UriProblemKind::BadCharacter, bad);
    }
    let Some(colon) = scheme_end(&text[uri.clone()]).map(|c| uri.start + c) else {
        return fail(out, UriProblemKind::MissingScheme, uri);
    };
    let scheme_text = &text[uri.start..colon];
    let scheme = if scheme_text.eq_ignore_ascii_case(b"mailto") {
        Scheme::Mailto
    } else if scheme_text.eq_ignore_ascii_case(b"https") {
        Scheme::Https
    } else {
        Scheme::Other
    };
    out.scheme = Some(scheme);
    match destination(text, uri.clone(), colon, scheme) {
        Ok((host, domain)) => {
            out.host = Some(host);
            out.domain = Some(domain);
        }
        Err(problem) => {
            out.problem = Some(problem);
            return out;
        }
    }
    if let Some(size) = size
        && !is_size(&text[size.start + 1..size.end])
    {
        return fail(out, UriProblemKind::BadSize, size);
    }
    out
}

/// Splits the value at `value` (a range of `text`) into its comma-separated URIs. `with_size`
/// reads DMARC's `!size` suffix; without it a `!` is part of the URI. An empty value gives one
/// [`UriProblemKind::Empty`] element.
#[must_use]
pub fn parse_list(text: &[u8], value: Range<usize>, with_size: bool) -> Vec<ReportUri> {
    // Exact: the list lives as long as its DMARC record, and a first push would reserve room
    // for four (a `rua=` of one URI is the common case).
    let mut out = Vec::with_capacity(memchr::memchr_iter(b',', &text[value.clone()]).count() + 1);
    let mut start = value.start;
    for i in value.clone().chain(std::iter::once(value.end)) {
        if i < value.end && text[i] != b',' {
            continue;
        }
        let (mut s, mut e) = (start, i);
        while s < e && is_space(text[s]) {
            s += 1;
        }
        while e > s && is_space(text[e - 1]) {
            e -= 1;
        }
        let mut uri = parse_one(text, s..e, with_size);
        // An empty entry between commas: underline the comma after it, or before it.
        if let Some(problem) = &mut uri.problem
            && problem.kind == UriProblemKind::Empty
        {
            if i < value.end {
                problem.range = i..i + 1;
            } else if start > value.start {
                problem.range = start - 1..start;
            }
        }
        out.push(uri);
        start = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str, with_size: bool) -> Vec<ReportUri> {
        parse_list(text.as_bytes(), 0..text.len(), with_size)
    }

    fn problems(text: &str, with_size: bool) -> Vec<Option<(UriProblemKind, &str)>> {
        list(text, with_size)
            .into_iter()
            .map(|u| u.problem.map(|p| (p.kind, &text[p.range])))
            .collect()
    }

    #[test]
    fn reads_mailto_and_https_with_sizes() {
        let text = "mailto:d@example.com!10m, https://reports.example.net:8443/dmarc";
        let uris = list(text, true);
        assert_eq!(uris.len(), 2);
        assert_eq!(&text[uris[0].uri.clone()], "mailto:d@example.com");
        assert_eq!(uris[0].size.clone().map(|r| &text[r]), Some("!10m"));
        assert_eq!(uris[0].scheme, Some(Scheme::Mailto));
        assert_eq!(uris[0].host.clone().map(|r| &text[r]), Some("example.com"));
        assert_eq!(uris[0].domain.as_deref(), Some("example.com"));
        assert_eq!(uris[1].scheme, Some(Scheme::Https));
        assert_eq!(
            uris[1].host.clone().map(|r| &text[r]),
            Some("reports.example.net")
        );
        assert!(uris.iter().all(|u| u.problem.is_none()));
        assert_eq!(
            &text[uris[1].range.clone()],
            "https://reports.example.net:8443/dmarc"
        );
    }

    #[test]
    fn domains_are_decoded_lowercased_and_undotted() {
        let uris = list("mailto:a%40b@Ex%61mple.COM.?subject=x", true);
        assert_eq!(uris[0].problem, None);
        assert_eq!(uris[0].domain.as_deref(), Some("example.com"));
        let uris = list("https://user@Host.Example.net", false);
        assert_eq!(uris[0].domain.as_deref(), Some("host.example.net"));
    }

    #[test]
    fn problems_are_found() {
        use UriProblemKind::*;
        assert_eq!(
            problems("dmarc@example.com", true),
            [Some((MissingScheme, "dmarc@example.com"))]
        );
        assert_eq!(
            problems("http://example.com/r", true),
            [Some((UnsupportedScheme, "http"))]
        );
        assert_eq!(problems("mailto:", true), [Some((BadAddress, "mailto:"))]);
        assert_eq!(
            problems("mailto:example.com", true),
            [Some((BadAddress, "mailto:example.com"))]
        );
        assert_eq!(
            problems("mailto:@example.com", true),
            [Some((BadAddress, "mailto:@example.com"))]
        );
        assert_eq!(
            problems("mailto:d@localhost", true),
            [Some((BadHost, "localhost"))]
        );
        assert_eq!(
            problems("mailto:d@exa mple.com", true),
            [Some((BadCharacter, " "))]
        );
        assert_eq!(
            problems("mailto:d@example.com!10x", true),
            [Some((BadSize, "!10x"))]
        );
        assert_eq!(
            problems("mailto:d@example.com!", true),
            [Some((BadSize, "!"))]
        );
        assert_eq!(
            problems("mailto:d%4@example.com", true),
            [Some((BadCharacter, "%4@"))]
        );
        assert_eq!(
            problems("https:example.com", true),
            [Some((BadHost, "https:example.com"))]
        );
        // Address literals cannot be checked against a domain.
        assert_eq!(
            problems("https://[2001:db8::1]/", true),
            [Some((BadHost, "[2001"))]
        );
        assert_eq!(
            problems("https://x.example:80a/", true),
            [Some((BadHost, ":80a"))]
        );
        assert_eq!(
            problems("mailto:d@192.0.2.1", true),
            [Some((BadHost, "192.0.2.1"))]
        );
    }

    #[test]
    fn empty_elements_and_separators() {
        use UriProblemKind::*;
        assert_eq!(problems("", true), [Some((Empty, ""))]);
        // An empty entry is pinned on a comma next to it.
        let text = "mailto:a@example.com,,mailto:b@example.com";
        let uris = list(text, true);
        assert_eq!(
            uris[1].problem.clone().map(|p| (p.kind, p.range)),
            Some((Empty, 21..22))
        );
        assert_eq!(uris[1].range, 21..21);
        let text = " mailto:a@example.com , mailto:b@example.com ,";
        let uris = list(text, true);
        assert_eq!(
            uris[2].problem.clone().map(|p| (p.kind, p.range)),
            Some((Empty, 45..46))
        );
        // Without sizes, `!` is an ordinary URI byte.
        assert_eq!(problems("https://example.com/a!b", false), [None]);
        assert_eq!(
            problems("https://example.com/a!b", true),
            [Some((BadSize, "!b"))]
        );
        // Sizes in any case.
        assert_eq!(problems("mailto:a@example.com!1G", true), [None]);
    }

    #[test]
    fn host_names() {
        assert!(is_host_name(b"example.com"));
        assert!(is_host_name(b"example.com."));
        assert!(is_host_name(b"_r.example-1.com"));
        assert!(!is_host_name(b"com"));
        assert!(!is_host_name(b"-a.com"));
        assert!(!is_host_name(b"a..com"));
        assert!(!is_host_name(b"a.123"));
        assert!(!is_host_name(b""));
        assert!(!is_host_name(&[b'a'; 64]));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[ a-zA-Z0-9:/.%@!,?=\\[\\]-]{0,60}") {
            for with_size in [true, false] {
                for u in parse_list(text.as_bytes(), 0..text.len(), with_size) {
                    proptest::prop_assert!(u.range.end <= text.len());
                    if let Some(p) = u.problem {
                        proptest::prop_assert!(p.range.start <= p.range.end && p.range.end <= text.len());
                    }
                }
            }
        }
    }
}
