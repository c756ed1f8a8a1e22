//! The tag-list of RFC 6376 §3.2 (`tag=value; tag=value`), shared by DKIM keys and signatures,
//! DMARC, MTA-STS and TLS-RPT records.
//!
//! ```text
//! tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
//! tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//! tag-name  =  ALPHA *ALNUMPUNC
//! tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
//! tval      =  1*VALCHAR          ; %x21-3A / %x3C-7E
//! ```
//!
//! [`parse`] reads the joined text of a record (bytes: TXT data need not be UTF-8) and returns
//! every tag it could read, each with the byte ranges of its name and value in that text, plus
//! every deviation from the grammar it met. It never gives up: a tag-list with errors still yields
//! its readable tags, and the caller decides what an error means (RFC 6376 makes the whole list
//! invalid; DMARC receivers are often more lenient).

use std::ops::Range;

/// One `name=value` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The name as written (tag names are case-sensitive in RFC 6376).
    pub name: &'a [u8],
    /// The value without its leading and trailing whitespace (inner whitespace kept).
    pub value: &'a [u8],
    /// Byte range of the name in the text.
    pub name_range: Range<usize>,
    /// Byte range of the value in the text (empty, just after the `=`'s whitespace, when the
    /// value is empty).
    pub value_range: Range<usize>,
    /// From the first byte of the name to the last byte of the value (or the `=`).
    pub range: Range<usize>,
}

impl Tag<'_> {
    /// Whether the name is `name`, ASCII case-insensitively (DMARC's and MTA-STS's reading).
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// Whether the value is `value`, ASCII case-insensitively.
    #[must_use]
    pub fn value_is(&self, value: &str) -> bool {
        self.value.eq_ignore_ascii_case(value.as_bytes())
    }
}

/// What is wrong at some place of a tag-list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagErrorKind {
    /// An empty tag-spec: `;;`, or a list starting with `;` (one trailing `;` is allowed).
    EmptySpec,
    /// A tag-spec without `=`; the range covers the whole spec.
    MissingEquals,
    /// `=value` with nothing before the `=`.
    EmptyName,
    /// A name that is not `ALPHA *(ALPHA / DIGIT / "_")`; the range covers the name.
    InvalidName,
    /// A byte outside VALCHAR and whitespace in a value (control characters, non-ASCII); the
    /// range covers that byte.
    InvalidValue,
    /// A tag name seen before (compared exactly, as RFC 6376 does); the range covers the second
    /// name, and `first` is the index of the first tag with it in [`TagList::tags`].
    Duplicate { first: usize },
}

/// A deviation from the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagError {
    pub kind: TagErrorKind,
    /// Byte range in the text.
    pub range: Range<usize>,
}

/// The result of [`parse`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagList<'a> {
    /// Every tag with an `=`, in text order (duplicates included).
    pub tags: Vec<Tag<'a>>,
    /// Every deviation from the grammar, in text order.
    pub errors: Vec<TagError>,
}

impl<'a> TagList<'a> {
    /// The first tag named exactly `name` (RFC 6376: names are case-sensitive).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Tag<'a>> {
        self.tags.iter().find(|t| t.name == name.as_bytes())
    }

    /// The first tag named `name`, ASCII case-insensitively.
    #[must_use]
    pub fn get_ignore_case(&self, name: &str) -> Option<&Tag<'a>> {
        self.tags.iter().find(|t| t.is(name))
    }

    /// Whether the list follows the grammar (no errors, no duplicates).
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Whitespace of a tag-list: WSP, and the CR LF of folding whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// VALCHAR: `!` to `~` except `;`.
fn is_valchar(b: u8) -> bool {
    matches!(b, 0x21..=0x3a | 0x3c..=0x7e)
}

fn is_valid_name(name: &[u8]) -> bool {
    name.first().is_some_and(u8::is_ascii_alphabetic)
        && name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `range` narrowed to its bytes between leading and trailing whitespace.
fn trim(text: &[u8], range: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (range.start, range.end);
    while start < end && is_space(text[start]) {
        start += 1;
    }
    while end > start && is_space(text[end - 1]) {
        end -= 1;
    }
    start..end
}

/// Parses a tag-list, in time linear in the text (duplicates are found by sorting the tags).
#[must_use]
pub fn parse(text: &[u8]) -> TagList<'_> {
    let mut list = TagList::default();
    let mut start = 0;
    let mut specs = Vec::new();
    // memchr, not a byte loop: a DKIM key record is hundreds of bytes with two or three `;`.
    for i in memchr::memchr_iter(b';', text) {
        specs.push(start..i);
        start = i + 1;
    }
    specs.push(start..text.len());
    let count = specs.len();
    for (n, spec) in specs.into_iter().enumerate() {
        let trimmed = trim(text, spec.clone());
        if trimmed.is_empty() {
            // The part after a final `;` may be empty (the grammar's optional trailing `;`); an
            // empty text is an empty list.
            let last = n + 1 == count;
            if !last && count != 1 {
                list.errors.push(TagError {
                    kind: TagErrorKind::EmptySpec,
                    range: spec.start..spec.end.max(spec.start),
                });
            }
            continue;
        }
        let Some(eq) = text[trimmed.clone()].iter().position(|&b| b == b'=') else {
            list.errors.push(TagError {
                kind: TagErrorKind::MissingEquals,
                range: trimmed,
            });
            continue;
        };
        let eq = trimmed.start + eq;
        let name_range = trim(text, trimmed.start..eq);
        let value_range = trim(text, eq + 1..trimmed.end);
        let name = &text[name_range.clone()];
        if name.is_empty() {
            list.errors.push(TagError {
                kind: TagErrorKind::EmptyName,
                range: eq..eq + 1,
            });
        } else if !is_valid_name(name) {
            list.errors.push(TagError {
                kind: TagErrorKind::InvalidName,
                range: name_range.clone(),
            });
        }
        // Checked in one pass without branches first (a DKIM key is hundreds of characters,
        // nearly always all valid); only a value with a bad character is walked for where.
        let value = &text[value_range.clone()];
        let any_bad = value
            .iter()
            .fold(false, |bad, &b| bad | !(is_valchar(b) || is_space(b)));
        if any_bad {
            for at in value_range.clone() {
                let b = text[at];
                if !is_valchar(b) && !is_space(b) {
                    list.errors.push(TagError {
                        kind: TagErrorKind::InvalidValue,
                        range: at..at + 1,
                    });
                }
            }
        }
        let range = name_range.start.min(eq)..value_range.end.max(eq + 1);
        list.tags.push(Tag {
            name,
            value: &text[value_range.clone()],
            name_range,
            value_range,
            range,
        });
    }
    // Duplicates by sorting (stable: the first of each run is the first written), so a
    // pathological list of thousands of tags stays n log n.
    let mut order: Vec<usize> = (0..list.tags.len()).collect();
    order.sort_by(|&a, &b| list.tags[a].name.cmp(list.tags[b].name));
    let mut found = false;
    for run in order.chunk_by(|&a, &b| list.tags[a].name == list.tags[b].name) {
        if let [first, rest @ ..] = run
            && !list.tags[*first].name.is_empty()
        {
            for &again in rest {
                found = true;
                list.errors.push(TagError {
                    kind: TagErrorKind::Duplicate { first: *first },
                    range: list.tags[again].name_range.clone(),
                });
            }
        }
    }
    if found {
        list.errors.sort_by_key(|e| e.range.start);
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs<'a>(list: &TagList<'a>) -> Vec<(&'a str, &'a str)> {
        list.tags
            .iter()
            .map(|t| {
                (
                    std::str::from_utf8(t.name).unwrap_or("?"),
                    std::str::from_utf8(t.value).unwrap_or("?"),
                )
            })
            .collect()
    }

    #[test]
    fn reads_tags_with_ranges() {
        let text = b"v=DMARC1; p=reject; rua=mailto:d@example.com";
        let list = parse(text);
        assert!(list.is_valid(), "{:?}", list.errors);
        assert_eq!(
            pairs(&list),
            [
                ("v", "DMARC1"),
                ("p", "reject"),
                ("rua", "mailto:d@example.com")
            ]
        );
        let p = list.get("p").unwrap();
        assert_eq!(p.name_range, 10..11);
        assert_eq!(p.value_range, 12..18);
        assert_eq!(p.range, 10..18);
        assert_eq!(&text[p.value_range.clone()], b"reject");
    }

    #[test]
    fn whitespace_around_names_values_and_separators() {
        let text = b" \tv = DKIM1 ;\r\n k=rsa;  p = MIGf MA0G ; ";
        let list = parse(text);
        assert!(list.is_valid(), "{:?}", list.errors);
        assert_eq!(
            pairs(&list),
            [("v", "DKIM1"), ("k", "rsa"), ("p", "MIGf MA0G")]
        );
        let v = &list.tags[0];
        assert_eq!(&text[v.name_range.clone()], b"v");
        assert_eq!(&text[v.value_range.clone()], b"DKIM1");
        assert_eq!(&text[v.range.clone()], b"v = DKIM1");
    }

    #[test]
    fn empty_values_and_lists() {
        assert_eq!(parse(b""), TagList::default());
        assert_eq!(parse(b"  "), TagList::default());
        let list = parse(b"p=; t=y;");
        assert!(list.is_valid());
        assert_eq!(pairs(&list), [("p", ""), ("t", "y")]);
        assert_eq!(list.tags[0].value_range, 2..2);
        assert_eq!(list.tags[0].range, 0..2);
    }

    #[test]
    fn empty_specs_are_errors_but_one_trailing_separator_is_not() {
        let list = parse(b"a=1;;b=2;");
        assert_eq!(pairs(&list), [("a", "1"), ("b", "2")]);
        assert_eq!(
            list.errors,
            [TagError {
                kind: TagErrorKind::EmptySpec,
                range: 4..4
            }]
        );
        let list = parse(b";a=1");
        assert_eq!(list.errors[0].kind, TagErrorKind::EmptySpec);
        let list = parse(b"a=1; ;");
        assert_eq!(list.errors[0].kind, TagErrorKind::EmptySpec);
        assert_eq!(list.errors[0].range, 4..5);
    }

    #[test]
    fn duplicates_are_detected_exactly() {
        let list = parse(b"v=DMARC1; p=none; p=reject; P=quarantine");
        assert_eq!(
            list.errors,
            [TagError {
                kind: TagErrorKind::Duplicate { first: 1 },
                range: 18..19
            }]
        );
        // The first one wins for lookups; the duplicate is kept.
        assert_eq!(list.get("p").unwrap().value, b"none");
        assert_eq!(list.tags.len(), 4);
        assert_eq!(list.get_ignore_case("P").unwrap().value, b"none");
        assert_eq!(list.get("P").unwrap().value, b"quarantine");
    }

    #[test]
    fn every_repeat_points_at_the_first_and_errors_stay_in_text_order() {
        let list = parse(b"a=1; b=2; a=3; x y; a=4; b=5");
        let kinds: Vec<(TagErrorKind, usize)> = list
            .errors
            .iter()
            .map(|e| (e.kind, e.range.start))
            .collect();
        assert_eq!(
            kinds,
            [
                (TagErrorKind::Duplicate { first: 0 }, 10),
                (TagErrorKind::MissingEquals, 15),
                (TagErrorKind::Duplicate { first: 0 }, 20),
                (TagErrorKind::Duplicate { first: 1 }, 25),
            ]
        );
        // Empty names are reported as such, never as duplicates of each other.
        let list = parse(b"=1; =2");
        assert!(
            list.errors
                .iter()
                .all(|e| e.kind == TagErrorKind::EmptyName)
        );
    }

    #[test]
    fn bad_names_missing_equals_and_bad_values() {
        let list = parse(b"1v=x; =y; p reject; a-b=1; ok=\x01\xc3\xa9");
        let kinds: Vec<(TagErrorKind, Range<usize>)> = list
            .errors
            .iter()
            .map(|e| (e.kind, e.range.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (TagErrorKind::InvalidName, 0..2),
                (TagErrorKind::EmptyName, 6..7),
                (TagErrorKind::MissingEquals, 10..18),
                (TagErrorKind::InvalidName, 20..23),
                (TagErrorKind::InvalidValue, 30..31),
                (TagErrorKind::InvalidValue, 31..32),
                (TagErrorKind::InvalidValue, 32..33),
            ]
        );
        // Readable tags are still returned.
        assert_eq!(list.tags.len(), 4);
        assert_eq!(list.tags[1].name, b"");
        assert_eq!(list.tags[1].value, b"y");
    }

    #[test]
    fn value_may_hold_equals_signs_and_inner_space() {
        let list = parse(b"h=a=b c; x=base64==");
        assert!(list.is_valid());
        assert_eq!(pairs(&list), [("h", "a=b c"), ("x", "base64==")]);
    }

    #[test]
    fn case_helpers() {
        let list = parse(b"V=dmarc1");
        let v = &list.tags[0];
        assert!(v.is("v") && v.value_is("DMARC1"));
        assert!(list.get("v").is_none());
        assert!(list.get_ignore_case("v").is_some());
    }
}
