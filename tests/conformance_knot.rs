//! Conformance against Knot DNS's zone scanner (`knot/tests/libzscanner/data/*.in` with `.out`
//! in the shared corpora): for every input, the records zonelint reads must be, in order, the
//! records Knot printed (owner, class, TTL, type and rdata in wire form), and every entry Knot
//! rejected (`WARNG=` or `ERROR=`) must get a syntax diagnostic.
//!
//! Knot's dialect differs from BIND's in places; zonelint follows BIND, and each difference is an
//! entry of [`KNOWN_DIFFERENCES`] with its reason (also in `docs/zone-format.md`). An entry that
//! no longer matches a difference fails the test.
//!
//! How the two sides are compared: each side is a sequence of items, one per entry: a record, or
//! a rejection. Knot stops at its first `ERROR=` (a fatal error), zonelint reads on, so zonelint's
//! items after that point are ignored. The sequences are aligned (longest common subsequence),
//! and every stretch between aligned items where the two disagree is a difference, named by
//! the first line of zonelint's items in it (`FILE:LINE`, or `FILE>INCLUDED:LINE` in an included
//! file, or `FILE:after LINE` when only Knot has items there).

mod common;

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use common::{announce, hex, is_opaque_type, is_syntax, read_with, skip};
use zonelint::ZoneSet;
use zonelint::zone::{IncludeLookup, Span};

/// Differences between Knot's scanner and zonelint, by location, with the reason. In every one
/// zonelint agrees with BIND 9.18 (`named-checkzone -i none` on the same file, quoted), which is
/// the dialect zonelint follows; `docs/zone-format.md` lists them too.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "01_owner.in:27",
        "owner `&`: BIND accepts any octet in a name but the specials (check-names only warns); Knot allows letters, digits and `-_/*`",
    ),
    (
        "01_owner.in:31",
        "owners `a,`, `a,b`, `,b`: BIND accepts them (see line 27); Knot rejects them and then the blank-owner entry that would inherit `,b`",
    ),
    (
        "01_owner.in:36",
        "owner `@@`: to BIND a one-label name (only a lone `@` is the origin); Knot rejects it",
    ),
    (
        "02_class.in:9",
        "Knot reads only class IN; BIND reads CH (then `class 'CH' != zone class 'IN'`, zonelint's class-mismatch) and `CLASS1`, which is IN (RFC 3597)",
    ),
    (
        "04-1_ORIGIN.in:after:0",
        "`$ORIGIN tld` (relative): BIND appends the current origin; Knot wants an absolute name",
    ),
    (
        "04-2_ORIGIN.in:after:0",
        "`$ORIGIN %`: BIND accepts `%` in names (check-names only warns); Knot rejects it",
    ),
    (
        "05-0_TTL.in:9",
        "`$TTL 4294967295`: BIND loads a TTL above 2^31-1 as 0 (RFC 2181 §8; zonelint's ttl-out-of-range); Knot keeps it",
    ),
    (
        "06-0_INCLUDE.in:11",
        "BIND keeps a `$TTL` set in an included file after it returns (records get 3600, not 1) and takes `$INCLUDE` names literally (`include\\050` and `\\./includes/include2`: file not found); Knot restores the TTL and decodes escapes",
    ),
    (
        "06-0_INCLUDE.in:20",
        "the TTL after an `$INCLUDE` whose file set `$TTL 1H`: BIND keeps 3600, Knot restores 1",
    ),
    (
        "06-0_INCLUDE.in:23",
        "the TTL after an `$INCLUDE` whose file set `$TTL 1H`: BIND keeps 3600, Knot restores 1",
    ),
    (
        "06-0_INCLUDE.in:26",
        "the TTL after an `$INCLUDE` whose file set `$TTL 1H`: BIND keeps 3600, Knot restores 1",
    ),
    (
        "06-2_INCLUDE.in>include1:3",
        "`$INCLUDE file %`: BIND accepts `%` in the origin (check-names only warns); Knot rejects it",
    ),
    (
        "12_TXT.in:22",
        "a quoted string over two lines: BIND `unbalanced quotes` (zonelint reports it and each leftover line); Knot joins the lines",
    ),
    (
        "12_TXT.in:27",
        "strings of 256 octets: BIND `syntax error` (zonelint's txt-string-too-long); Knot splits them in two",
    ),
    (
        "12_TXT.in:37",
        "`\"\"\"`: BIND reads an empty string, then a string up to the next quote; Knot rejects",
    ),
    (
        "18_MX.in:22",
        "`$` as an MX exchange: BIND accepts any octet in names; Knot rejects it",
    ),
    (
        "26_SRV.in:20",
        "`%` as an SRV target: BIND accepts it (check-names only warns); Knot rejects it",
    ),
    (
        "28_TYPE.in:5",
        "TYPE0: BIND `invalid use of a meta type`; Knot accepts it",
    ),
    (
        "29_CERT.in:21",
        "algorithm mnemonics DSA-NSEC3-SHA1 and RSASHA1-NSEC3-SHA1: BIND 9.18 `unknown class/type` (it knows NSEC3DSA and NSEC3RSASHA1); Knot accepts them",
    ),
    (
        "29_CERT.in:25",
        "algorithm mnemonic ECC-GOST: BIND 9.18 `unknown class/type`; Knot accepts it",
    ),
    (
        "29_CERT.in:52",
        "base64 in tokens that are not whole quanta (`AA ==`): BIND joins the tokens before decoding; Knot rejects",
    ),
    (
        "30_KEY.in:6",
        "KEY flags 65535 (both no-key bits): BIND refuses key data after them (`extra input text`); Knot accepts",
    ),
    (
        "30_KEY.in:25",
        "base64 `AA ==`: BIND joins the tokens; Knot rejects",
    ),
    (
        "34_SSHFP.in:21",
        "SSHFP with no fingerprint: BIND accepts an empty one; Knot rejects",
    ),
    (
        "36_RRSIG.in:12",
        "RRSIG labels field 0 with a 2-label signer: BIND `out of range`; Knot accepts",
    ),
    (
        "36_RRSIG.in:33",
        "RRSIG expiration 22260101000000: BIND reads times modulo 2^32 (RFC 4034 §3.1.5); Knot rejects a date past 2106",
    ),
    (
        "36_RRSIG.in:40",
        "base64 `AA ==`: BIND joins the tokens; Knot rejects",
    ),
    (
        "37_NSEC.in:5",
        "NSEC with no type bitmap: BIND 9.18 `FORMERR`; Knot accepts",
    ),
    (
        "37_NSEC.in:11",
        "NSEC with no type bitmap: BIND 9.18 `FORMERR`; Knot accepts",
    ),
    (
        "38_DHCID.in:21",
        "base64 `AA ==`: BIND joins the tokens; Knot rejects",
    ),
    (
        "42_LOC.in:18",
        "latitude 90 59 59.999: BIND `out of range` (above 90 degrees); Knot accepts",
    ),
    (
        "42_LOC.in:34",
        "LOC `\\# 16` with size, precision and version 0 fields that BIND 9.18 finds `out of range`; Knot accepts",
    ),
    (
        "42_LOC.in:53",
        "LOC size 90000000.01m: BIND rounds it to the largest size; Knot rejects",
    ),
    (
        "42_LOC.in:55",
        "LOC horizontal precision 90000000.01m: BIND rounds it; Knot rejects",
    ),
    (
        "42_LOC.in:57",
        "LOC vertical precision 90000000.01m: BIND rounds it; Knot rejects",
    ),
    (
        "44_EUI64.in:18",
        "EUI64 with a ninth pair, or a last pair of one digit: BIND 9.18 accepts both (its sscanf reads eight pairs); Knot rejects",
    ),
    (
        "50_CDNSKEY.in:26",
        "base64 `AA ==`: BIND joins the tokens; Knot rejects",
    ),
    (
        "52_CAA.in:14",
        "CAA tag empty or quoted: BIND `unexpected token`; Knot accepts",
    ),
    (
        "56_ZONEMD.in:5",
        "ZONEMD digest shorter than 12 octets: BIND 9.18 `unexpected end of input`; Knot accepts",
    ),
    (
        "58_HTTPS.in:9",
        "`key7` with no value listed in `mandatory`: BIND `FORMERR`; Knot accepts",
    ),
    (
        "62_ALIAS.in:7",
        "ALIAS (65401) is Knot's private type: BIND `unknown RR type`",
    ),
    (
        "62_ALIAS.in:10",
        "TYPE65401 with text rdata: BIND `unknown class/type` (an unknown type takes only `\\#` data); Knot knows ALIAS",
    ),
    (
        "63_DELEG.in:5",
        "DELEG and DELEGPARAM (drafts): BIND 9.18 `unknown RR type`",
    ),
];

/// One item of either side.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Record(Rec),
    /// A rejected entry; with Knot's error code (empty for zonelint), and whether Knot stopped.
    Rejected {
        code: String,
        fatal: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rec {
    /// Lowercase wire owner.
    owner: Vec<u8>,
    class: u16,
    ttl: u32,
    rtype: u16,
    /// `None` when zonelint keeps this type as opaque text (then only the type is compared).
    rdata: Option<Vec<u8>>,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Record(r) => write!(
                f,
                "{} {} {} {} {}",
                zonelint::zone::name::to_text(&r.owner),
                r.ttl,
                zonelint::zone::Class(r.class),
                zonelint::zone::RType(r.rtype),
                r.rdata
                    .as_deref()
                    .map_or_else(|| String::from("(opaque)"), hex)
            ),
            Item::Rejected { code, .. } if code.is_empty() => write!(f, "rejected"),
            Item::Rejected { code, fatal } => {
                write!(f, "{}={code}", if *fatal { "ERROR" } else { "WARNG" })
            }
        }
    }
}

/// Whether two items (Knot's, zonelint's) agree.
fn agree(knot: &Item, ours: &Item) -> bool {
    match (knot, ours) {
        (Item::Record(k), Item::Record(o)) => {
            k.owner == o.owner
                && k.class == o.class
                && k.ttl == o.ttl
                && k.rtype == o.rtype
                && (o.rdata.is_none() || k.rdata == o.rdata)
        }
        (Item::Rejected { .. }, Item::Rejected { .. }) => true,
        _ => false,
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}

fn lowercase_wire(mut wire: Vec<u8>) -> Vec<u8> {
    zonelint::zone::name::make_lowercase(&mut wire);
    wire
}

/// Parses a `.out` file (`zscanner-tool -m 2` output). `ZS_UNPROCESSED_INCLUDE` is dropped: it
/// repeats, on the `$INCLUDE` line, an error already reported inside the included file.
fn parse_out(text: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for block in text.split("------") {
        let field = |name: &str| {
            block
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(str::trim)
        };
        if let Some(code) = field("WARNG=") {
            items.push(Item::Rejected {
                code: code.to_owned(),
                fatal: false,
            });
        } else if let Some(code) = field("ERROR=") {
            if code != "ZS_UNPROCESSED_INCLUDE" {
                items.push(Item::Rejected {
                    code: code.to_owned(),
                    fatal: true,
                });
            }
        } else if let Some(owner) = field("OWNER=") {
            let number = |name: &str| {
                field(name)
                    .and_then(|v| u32::from_str_radix(v, 16).ok())
                    .unwrap_or(u32::MAX)
            };
            items.push(Item::Record(Rec {
                owner: lowercase_wire(unhex(owner)),
                class: u16::try_from(number("CLASS=")).unwrap_or(u16::MAX),
                ttl: number("RRTTL="),
                rtype: u16::try_from(number("RTYPE=")).unwrap_or(u16::MAX),
                rdata: Some(unhex(field("RDATA=").unwrap_or(""))),
            }));
        }
    }
    items
}

/// A position in the whole read, through `$INCLUDE`s: the include site's key, then the offset.
fn order_key(set: &ZoneSet, span: Span) -> Vec<u32> {
    let mut key = vec![span.start];
    let mut file = span.file;
    let mut depth = 0;
    while let Some(site) = set.sources.file(file).included_from() {
        key.insert(0, site.start);
        file = site.file;
        depth += 1;
        if depth > 64 {
            break;
        }
    }
    key
}

/// Where an item of zonelint's is: `LINE` in the top file, `INCLUDED:LINE` in an included one.
fn location(set: &ZoneSet, span: Span) -> String {
    let (path, line, _) = set.sources.location(span);
    if set.sources.file(span.file).included_from().is_some() {
        let name = Path::new(&path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        format!(">{name}:{line}")
    } else {
        format!(":{line}")
    }
}

/// zonelint's items for a read, in reading order, each with its location.
fn our_items(set: &ZoneSet) -> Vec<(Item, String)> {
    let mut items: Vec<(Vec<u32>, usize, Item, String)> = Vec::new();
    for (i, r) in set.records.iter().enumerate() {
        let rdata =
            (!(r.is_opaque() || is_opaque_type(r.rtype))).then(|| r.rdata(&set.rdata).to_vec());
        let rec = Rec {
            owner: set.names.wire(r.owner).to_vec(),
            class: r.class.0,
            ttl: r.ttl,
            rtype: r.rtype.0,
            rdata,
        };
        items.push((
            order_key(set, r.span),
            i,
            Item::Record(rec),
            location(set, r.span),
        ));
    }
    // One rejection per entry: several syntax diagnostics on one line count once.
    let mut seen = BTreeSet::new();
    for d in set.diagnostics.iter().filter(|d| is_syntax(d)) {
        let loc = location(set, d.span);
        if seen.insert(loc.clone()) {
            items.push((
                order_key(set, d.span),
                usize::MAX,
                Item::Rejected {
                    code: String::new(),
                    fatal: false,
                },
                loc,
            ));
        }
    }
    items.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    items
        .into_iter()
        .map(|(_, _, item, loc)| (item, loc))
        .collect()
}

/// How much an agreement between two items is worth in the alignment: a record says where it
/// is, a rejection does not, so records anchor the alignment (a rejection is matched only where
/// it does not cost a record).
fn weight(knot: &Item, ours: &Item) -> u32 {
    match (knot, ours) {
        (Item::Record(_), _) if agree(knot, ours) => 2,
        _ if agree(knot, ours) => 1,
        _ => 0,
    }
}

/// Heaviest common subsequence of agreeing items: the aligned (knot, ours) index pairs.
fn align(knot: &[Item], ours: &[(Item, String)]) -> Vec<(usize, usize)> {
    let (n, m) = (knot.len(), ours.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let w = weight(&knot[i], &ours[j].0);
            let take = if w > 0 { table[i + 1][j + 1] + w } else { 0 };
            table[i][j] = take.max(table[i + 1][j]).max(table[i][j + 1]);
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        let w = weight(&knot[i], &ours[j].0);
        if w > 0 && table[i][j] == table[i + 1][j + 1] + w {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// One stretch where the sides disagree.
struct Difference {
    key: String,
    knot: Vec<String>,
    ours: Vec<String>,
    /// zonelint's items: (file name, line, rejected).
    ours_at: Vec<(String, usize, bool)>,
}

/// The comparison of one file: agreeing (knot, ours) pairs, and the stretches where the sides
/// disagree, as (knot range, ours range).
struct Comparison {
    agreeing: Vec<(usize, usize)>,
    stretches: Vec<(Range<usize>, Range<usize>)>,
}

/// Compares the sequences. When both have one item per entry (same length up to Knot's fatal
/// error), items are paired by position, which names each disagreement exactly; otherwise (an
/// entry one side splits or joins, an include) by [`align`]. zonelint's items past Knot's fatal
/// error are not compared.
fn compare(knot: &[Item], ours: &[(Item, String)]) -> Comparison {
    let fatal = knot
        .iter()
        .position(|k| matches!(k, Item::Rejected { fatal: true, .. }));
    let aligned = align(knot, ours);
    let positional_len = match fatal {
        Some(f) if ours.len() > f => Some(f + 1),
        None if ours.len() == knot.len() => Some(knot.len()),
        _ => None,
    };
    let total = |pairs: &[(usize, usize)]| {
        pairs
            .iter()
            .map(|&(k, o)| weight(&knot[k], &ours[o].0))
            .sum::<u32>()
    };
    if let Some(len) = positional_len {
        let agreeing: Vec<(usize, usize)> = (0..len)
            .filter(|&i| agree(&knot[i], &ours[i].0))
            .map(|i| (i, i))
            .collect();
        if total(&agreeing) >= total(&aligned) {
            let mut stretches: Vec<(Range<usize>, Range<usize>)> = Vec::new();
            for i in (0..len).filter(|&i| !agree(&knot[i], &ours[i].0)) {
                match stretches.last_mut() {
                    Some((k, o)) if k.end == i => {
                        k.end = i + 1;
                        o.end = i + 1;
                    }
                    _ => stretches.push((i..i + 1, i..i + 1)),
                }
            }
            return Comparison {
                agreeing,
                stretches,
            };
        }
    }
    // Past the aligned fatal error itself, or (when zonelint did not report it) past the last
    // aligned item before it.
    let ours_end = match fatal {
        Some(f) => aligned.iter().find(|&&(k, _)| k == f).map_or_else(
            || {
                aligned
                    .iter()
                    .filter(|&&(k, _)| k < f)
                    .map(|&(_, o)| o + 1)
                    .max()
                    .unwrap_or(0)
            },
            |&(_, o)| o + 1,
        ),
        None => ours.len(),
    };
    let mut anchors = aligned.clone();
    anchors.push((knot.len(), ours_end));
    let mut stretches = Vec::new();
    let (mut ki, mut oi) = (0, 0);
    for (ka, oa) in anchors {
        if ki < ka || oi < oa {
            stretches.push((ki..ka, oi..oa));
        }
        ki = ka + 1;
        oi = oa + 1;
    }
    Comparison {
        agreeing: aligned,
        stretches,
    }
}

/// The differences of one file, each named by its first zonelint item's location.
fn differences(
    name: &str,
    knot: &[Item],
    ours: &[(Item, String)],
    stretches: &[(Range<usize>, Range<usize>)],
) -> Vec<Difference> {
    // `:LINE` in the file itself, `>FILE:LINE` in an included one.
    let at = |(item, loc): &(Item, String)| {
        let (file, line) = loc
            .trim_start_matches('>')
            .rsplit_once(':')
            .unwrap_or(("", "0"));
        (
            if loc.starts_with('>') {
                file.to_owned()
            } else {
                name.to_owned()
            },
            line.parse().unwrap_or(0),
            matches!(item, Item::Rejected { .. }),
        )
    };
    stretches
        .iter()
        .map(|(k, o)| {
            let key = match ours.get(o.start) {
                Some((_, loc)) if !o.is_empty() => format!("{name}{loc}"),
                _ => format!(
                    "{name}:after{}",
                    o.start
                        .checked_sub(1)
                        .and_then(|p| ours.get(p))
                        .map_or(":0", |(_, loc)| loc.as_str())
                ),
            };
            Difference {
                key,
                knot: knot[k.clone()].iter().map(ToString::to_string).collect(),
                ours: ours[o.clone()]
                    .iter()
                    .map(|(item, loc)| format!("{item} (at {})", &loc[1..]))
                    .collect(),
                ours_at: ours[o.clone()].iter().map(at).collect(),
            }
        })
        .collect()
}

/// Where BIND reports a syntax error in a file of the copy, as (file name, line): the messages of
/// `named-checkzone -i none -k ignore . FILE` run in the copy, classified by
/// [`common::BIND_MESSAGES`] (messages with no line are left out).
fn bind_syntax_lines(
    checkzone: &Path,
    dir: &Path,
    name: &str,
) -> Result<BTreeSet<(String, usize)>, String> {
    let (_, out, err) = common::run(
        std::process::Command::new(checkzone)
            .args(["-i", "none", "-k", "ignore", ".", name])
            .current_dir(dir),
    );
    let text = String::from_utf8_lossy(&out).into_owned() + &err;
    let mut lines = BTreeSet::new();
    for message in text.lines().filter(|l| !l.trim().is_empty() && *l != "OK") {
        match common::classify(message) {
            Some(common::Reason::Syntax) => {}
            Some(_) => continue,
            None => {
                return Err(format!(
                    "{name}: unclassified BIND message `{message}`: add it to BIND_MESSAGES in tests/common/mod.rs"
                ));
            }
        }
        // The location is the word `PATH:LINE:`.
        let location = message.split_whitespace().find_map(|w| {
            let (path, line) = w.strip_suffix(':')?.rsplit_once(':')?;
            let file = Path::new(path).file_name()?.to_string_lossy().into_owned();
            Some((file, line.parse::<usize>().ok()?))
        });
        lines.extend(location);
    }
    Ok(lines)
}

/// Checks an allow-listed difference against BIND's verdict on the same lines: BIND must accept
/// every record zonelint reads there, and reject at least one line where zonelint rejects.
fn check_follows_bind(d: &Difference, bind: &BTreeSet<(String, usize)>) -> Option<String> {
    for (file, line, rejected) in &d.ours_at {
        if !rejected && bind.contains(&(file.clone(), *line)) {
            return Some(format!(
                "{}: allow-listed as following BIND, but BIND rejects {file}:{line}, which zonelint reads",
                d.key
            ));
        }
    }
    let rejected: Vec<&(String, usize, bool)> = d.ours_at.iter().filter(|a| a.2).collect();
    if let (Some(first), Some(last)) = (rejected.first(), rejected.last())
        && !bind
            .iter()
            .any(|(f, l)| *f == first.0 && (first.1..=last.1).contains(l))
    {
        return Some(format!(
            "{}: allow-listed as following BIND, but BIND accepts {}:{}-{}, which zonelint rejects",
            d.key, first.0, first.1, last.1
        ));
    }
    None
}

/// A copy of the data folder with `@TMPDIR@` replaced by the copy's path, as Knot's harness does.
fn copy_data(data: &Path) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("zonelint-knot-{}", std::process::id()));
    for sub in ["", "includes"] {
        std::fs::create_dir_all(dir.join(sub))?;
        for entry in std::fs::read_dir(data.join(sub))? {
            let path = entry?.path();
            if path.is_file() {
                let bytes = std::fs::read(&path)?;
                let text = String::from_utf8_lossy(&bytes);
                let out = if text.contains("@TMPDIR@") {
                    text.replace("@TMPDIR@", &dir.to_string_lossy())
                        .into_bytes()
                } else {
                    bytes
                };
                std::fs::write(
                    dir.join(sub).join(path.file_name().unwrap_or_default()),
                    out,
                )?;
            }
        }
    }
    Ok(dir)
}

#[test]
fn knot_zscanner_records_match() {
    const TEST: &str = "knot_zscanner_records_match";
    let data = common::corpus_dir().join("knot/tests/libzscanner/data");
    if !data.is_dir() {
        skip(
            TEST,
            &format!(
                "{} not found (the shared corpora are not beside the repository)",
                data.display()
            ),
        );
        return;
    }
    let dir = copy_data(&data).expect("copy of the Knot data folder");
    let checkzone = common::tool("named-checkzone");
    if checkzone.is_none() {
        skip(
            TEST,
            "named-checkzone not installed: the allow-list's claim that zonelint follows BIND is not checked",
        );
    }
    let mut verified = 0;
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("listing of the copy")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "in") && p.with_extension("out").is_file())
        .collect();
    inputs.sort();
    let allowed: std::collections::BTreeMap<&str, &str> =
        KNOWN_DIFFERENCES.iter().copied().collect();
    let mut used = BTreeSet::new();
    let mut failures = Vec::new();
    let (
        mut knot_records,
        mut matched,
        mut knot_rejections,
        mut caught,
        mut opaque,
        mut files_equal,
    ) = (0, 0, 0, 0, 0, 0);
    for input in &inputs {
        let name = input
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let knot = parse_out(
            &std::fs::read_to_string(input.with_extension("out")).expect("readable .out"),
        );
        let set = match read_with(input, ".", &dir, IncludeLookup::FileDirFirst) {
            Ok(set) => set,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let ours = our_items(&set);
        let comparison = compare(&knot, &ours);
        for &(k, o) in &comparison.agreeing {
            match (&knot[k], &ours[o].0) {
                (Item::Record(_), Item::Record(r)) => {
                    matched += 1;
                    opaque += usize::from(r.rdata.is_none());
                }
                _ => caught += 1,
            }
        }
        knot_records += knot.iter().filter(|k| matches!(k, Item::Record(_))).count();
        knot_rejections += knot
            .iter()
            .filter(|k| matches!(k, Item::Rejected { .. }))
            .count();
        let diffs = differences(&name, &knot, &ours, &comparison.stretches);
        if diffs.is_empty() {
            files_equal += 1;
        }
        let mut bind_lines = None;
        for d in diffs {
            if let Some((key, _)) = allowed.get_key_value(d.key.as_str()) {
                used.insert(*key);
                // The reason says zonelint follows BIND there: check it, when BIND is here.
                if let Some(checkzone) = &checkzone {
                    match bind_lines
                        .get_or_insert_with(|| bind_syntax_lines(checkzone, &dir, &name))
                    {
                        Ok(lines) => failures.extend(check_follows_bind(&d, lines)),
                        Err(e) => failures.push(e.clone()),
                    }
                    verified += 1;
                }
            } else {
                failures.push(format!(
                    "{}: Knot has [{}], zonelint has [{}]",
                    d.key,
                    d.knot.join("; "),
                    d.ours.join("; ")
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    failures.extend(common::stale_entries(
        KNOWN_DIFFERENCES,
        &used,
        "KNOWN_DIFFERENCES",
    ));
    announce(&format!(
        "{TEST}: {matched}/{knot_records} Knot records matched ({opaque} of opaque types by type only), {caught}/{knot_rejections} Knot rejections caught, {files_equal}/{} files identical ({} allow-listed differences, {verified} of them checked against named-checkzone)",
        inputs.len(),
        used.len()
    ));
    assert!(
        failures.is_empty(),
        "{TEST}: {} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
