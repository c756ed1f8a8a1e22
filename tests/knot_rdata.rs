//! Per-type rdata vectors from Knot DNS's zone scanner tests
//! (`../shared/corpora/knot/tests/libzscanner/data/NN_TYPE.in` with `.out`): every record Knot
//! accepts must be read by zonelint to the same type and wire rdata, and every record Knot
//! rejects must be rejected, except where BIND 9.18, whose dialect zonelint follows, decides
//! otherwise. Those cases are listed in [`DIVERGENCES`] with BIND's verdict as the reason; an
//! entry that no longer matches fails the test, so the list stays true.
//!
//! Each entry of a `.in` file gives one item on both sides (a record, or a rejection), so the two
//! sequences are compared item by item.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use zonelint::zone::ReadOptions;
use zonelint::{Reader, ZoneSet};

/// `(file, line, reason)`: where zonelint, following BIND 9.18 (`named-compilezone`), differs
/// from Knot.
const DIVERGENCES: &[(&str, usize, &str)] = &[
    (
        "12_TXT.in",
        22,
        "a quoted string across lines: BIND says `unbalanced quotes` (lexer)",
    ),
    (
        "12_TXT.in",
        27,
        "strings of 256 octets: BIND rejects them, Knot splits them",
    ),
    (
        "12_TXT.in",
        37,
        "`\"\"\"`: BIND reads `\"\"` and a string running into the comment, as zonelint does",
    ),
    (
        "18_MX.in",
        22,
        "`$` is an ordinary label character for BIND (`\\$.example.`)",
    ),
    (
        "26_SRV.in",
        20,
        "`%` is an ordinary label character for BIND",
    ),
    (
        "28_TYPE.in",
        5,
        "TYPE0: BIND says `invalid use of a meta type`",
    ),
    (
        "29_CERT.in",
        21,
        "DSA-NSEC3-SHA1 is not a BIND algorithm mnemonic (BIND: NSEC3DSA)",
    ),
    (
        "29_CERT.in",
        22,
        "RSASHA1-NSEC3-SHA1 is not a BIND algorithm mnemonic (BIND: NSEC3RSASHA1)",
    ),
    (
        "29_CERT.in",
        25,
        "ECC-GOST is not a BIND algorithm mnemonic (BIND: ECCGOST)",
    ),
    (
        "29_CERT.in",
        52,
        "base64 split as `AA ==`: BIND joins the tokens",
    ),
    (
        "30_KEY.in",
        6,
        "flags 65535 include NOKEY (0xC000): BIND allows no key data (`extra input text`)",
    ),
    (
        "30_KEY.in",
        25,
        "base64 split as `AA ==`: BIND joins the tokens",
    ),
    (
        "34_SSHFP.in",
        21,
        "fingerprint type 0 has no fixed length: BIND accepts an empty fingerprint",
    ),
    (
        "36_RRSIG.in",
        12,
        "labels 0 with a 2-label signer: BIND says `out of range`",
    ),
    (
        "36_RRSIG.in",
        33,
        "a date after 2106: BIND takes it modulo 2^32",
    ),
    (
        "36_RRSIG.in",
        40,
        "base64 split as `AA ==`: BIND joins the tokens",
    ),
    ("37_NSEC.in", 5, "NSEC without types: BIND says FORMERR"),
    ("37_NSEC.in", 6, "NSEC without types: BIND says FORMERR"),
    (
        "37_NSEC.in",
        11,
        "NSEC without types (generic form): BIND says FORMERR",
    ),
    ("37_NSEC.in", 12, "NSEC without types: BIND says FORMERR"),
    ("37_NSEC.in", 13, "NSEC without types: BIND says FORMERR"),
    (
        "38_DHCID.in",
        21,
        "base64 split as `AA ==`: BIND joins the tokens",
    ),
    (
        "42_LOC.in",
        18,
        "90 degrees with minutes: BIND says `out of range`",
    ),
    (
        "42_LOC.in",
        34,
        "latitude 0 on the wire is beyond the pole: BIND says `out of range`",
    ),
    (
        "42_LOC.in",
        35,
        "latitude 0 on the wire is beyond the pole: BIND says `out of range`",
    ),
    (
        "42_LOC.in",
        53,
        "size 90000000.01m: BIND ignores centimetres when there are metres",
    ),
    (
        "42_LOC.in",
        55,
        "horizontal precision 90000000.01m: BIND ignores the centimetres",
    ),
    (
        "42_LOC.in",
        57,
        "vertical precision 90000000.01m: BIND ignores the centimetres",
    ),
    (
        "44_EUI64.in",
        18,
        "BIND 9.18 reads EUIs with sscanf and ignores what follows",
    ),
    (
        "44_EUI64.in",
        19,
        "BIND 9.18 reads EUIs with sscanf: a one-digit group is fine",
    ),
    (
        "50_CDNSKEY.in",
        26,
        "base64 split as `AA ==`: BIND joins the tokens",
    ),
    (
        "52_CAA.in",
        14,
        "a quoted CAA tag: BIND says `unexpected token`",
    ),
    (
        "52_CAA.in",
        15,
        "a quoted CAA tag: BIND says `unexpected token`",
    ),
    (
        "56_ZONEMD.in",
        5,
        "ZONEMD digest under 12 octets: BIND says `unexpected end of input`",
    ),
    (
        "56_ZONEMD.in",
        6,
        "ZONEMD digest under 12 octets: BIND says `unexpected end of input`",
    ),
    (
        "56_ZONEMD.in",
        7,
        "ZONEMD digest under 12 octets: BIND says `unexpected end of input`",
    ),
    (
        "56_ZONEMD.in",
        8,
        "ZONEMD digest under 12 octets: BIND says `unexpected end of input`",
    ),
    (
        "56_ZONEMD.in",
        9,
        "ZONEMD digest under 12 octets: BIND says `unexpected end of input`",
    ),
    (
        "56_ZONEMD.in",
        10,
        "ZONEMD digest under 12 octets: BIND says `unexpected end of input`",
    ),
    (
        "58_HTTPS.in",
        9,
        "an empty key7 (dohpath): BIND says FORMERR",
    ),
    ("62_ALIAS.in", 7, "ALIAS is not a type BIND knows"),
    ("62_ALIAS.in", 8, "ALIAS is not a type BIND knows"),
    (
        "62_ALIAS.in",
        10,
        "TYPE65401 with text data: BIND says `unknown class/type`",
    ),
    ("62_ALIAS.in", 11, "ALIAS is not a type BIND knows"),
    ("63_DELEG.in", 5, "DELEG is not a type BIND knows"),
    ("63_DELEG.in", 6, "DELEGPARAM is not a type BIND knows"),
    ("63_DELEG.in", 7, "DELEG is not a type BIND knows"),
    ("63_DELEG.in", 8, "DELEGPARAM is not a type BIND knows"),
    ("63_DELEG.in", 9, "DELEG is not a type BIND knows"),
    ("63_DELEG.in", 10, "DELEGPARAM is not a type BIND knows"),
    (
        "63_DELEG.in",
        11,
        "TYPE61440 with text data: BIND says `unknown class/type`",
    ),
];

/// The reader's syntax diagnostics: an entry with one of these was rejected.
const SYNTAX_IDS: &[&str] = &[
    "invalid-syntax",
    "unknown-record-type",
    "name-too-long",
    "txt-string-too-long",
    "relative-name-without-origin",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Record { rtype: u16, rdata: Vec<u8> },
    Rejected(String),
}

impl Item {
    fn show(&self) -> String {
        match self {
            Item::Record { rtype, rdata } => {
                let mut s = format!("{} ", zonelint::zone::RType(*rtype));
                for b in rdata {
                    let _ = write!(s, "{b:02X}");
                }
                s
            }
            Item::Rejected(why) => format!("rejected ({why})"),
        }
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/knot/tests/libzscanner/data")
}

/// The type files: `NN_TYPE.in` from 10 on (the lower numbers test directives and owners).
fn type_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let bytes = name.as_bytes();
        p.extension().is_some_and(|e| e == "in")
            && bytes.len() > 3
            && bytes[..2].iter().all(u8::is_ascii_digit)
            && bytes[2] == b'_'
            && name[..2] >= *"10"
    });
    files.sort();
    files
}

/// Knot's items from the `.out` file.
fn knot_items(out: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let (mut rtype, mut rdata) = (None, Vec::new());
    for line in out.lines() {
        if let Some(t) = line.strip_prefix("RTYPE=") {
            rtype = Some(u16::from_str_radix(t, 16).expect("RTYPE is hex"));
        } else if let Some(d) = line.strip_prefix("RDATA=") {
            rdata = (0..d.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&d[i..i + 2], 16).expect("RDATA is hex"))
                .collect();
        } else if line.starts_with("------") {
            // A separator also follows each rejection; only a block with a type is a record.
            if let Some(rtype) = rtype.take() {
                items.push(Item::Record {
                    rtype,
                    rdata: std::mem::take(&mut rdata),
                });
            }
        } else if let Some(code) = line
            .strip_prefix("WARNG=")
            .or_else(|| line.strip_prefix("ERROR="))
        {
            items.push(Item::Rejected(code.to_owned()));
        }
    }
    items
}

/// zonelint's items, by line.
fn our_items(set: &ZoneSet) -> BTreeMap<usize, Item> {
    let mut items = BTreeMap::new();
    for r in &set.records {
        let (_, line, _) = set.sources.location(r.span);
        items.insert(
            line,
            Item::Record {
                rtype: r.rtype.0,
                rdata: r.rdata(&set.rdata).to_vec(),
            },
        );
    }
    for d in set
        .diagnostics
        .iter()
        .filter(|d| SYNTAX_IDS.contains(&d.id))
    {
        let (_, line, _) = set.sources.location(d.span);
        items
            .entry(line)
            .or_insert_with(|| Item::Rejected(d.message.clone()));
    }
    items
}

fn read(path: &Path) -> ZoneSet {
    let mut reader = Reader::new(ReadOptions {
        origin: Some(".".into()),
        infer_origin: false,
        ..ReadOptions::default()
    });
    let bytes = std::fs::read(path).expect("readable corpus file");
    reader.read_bytes(path, bytes).expect("in-memory read");
    reader.finish()
}

/// Whether two items agree: the same record, or both rejections (the reasons differ in form).
fn agree(a: &Item, b: &Item) -> bool {
    matches!((a, b), (Item::Rejected(_), Item::Rejected(_))) || a == b
}

/// Longest common subsequence of agreeing items: the matched index pairs, in order.
fn align(ours: &[Item], knot: &[Item]) -> Vec<(usize, usize)> {
    let (n, m) = (ours.len(), knot.len());
    let mut len = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if agree(&ours[i], &knot[j]) {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if agree(&ours[i], &knot[j]) && len[i][j] == len[i + 1][j + 1] + 1 {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// One stretch where the two sides disagree: zonelint's line (of its first item there, else of
/// the item before), and both sides' items.
struct Difference {
    line: usize,
    ours: Vec<Item>,
    knot: Vec<Item>,
}

/// The differences of one file.
fn differences(path: &Path) -> Vec<Difference> {
    let knot = knot_items(
        &std::fs::read_to_string(path.with_extension("out")).expect("an .out beside the .in"),
    );
    let (lines, ours): (Vec<usize>, Vec<Item>) = our_items(&read(path)).into_iter().unzip();
    if ours.len() == knot.len() {
        // One item per entry on both sides: compare entry by entry.
        return ours
            .into_iter()
            .zip(knot)
            .zip(lines)
            .filter(|((o, k), _)| !agree(o, k))
            .map(|((o, k), line)| Difference {
                line,
                ours: vec![o],
                knot: vec![k],
            })
            .collect();
    }
    // The sides split some entry differently (a lexer matter): align the sequences.
    let mut pairs = align(&ours, &knot);
    pairs.push((ours.len(), knot.len()));
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    for (pi, pj) in pairs {
        if pi > i || pj > j {
            let line = lines
                .get(i)
                .filter(|_| pi > i)
                .or_else(|| i.checked_sub(1).and_then(|k| lines.get(k)))
                .copied()
                .unwrap_or(0);
            out.push(Difference {
                line,
                ours: ours[i..pi].to_vec(),
                knot: knot[j..pj].to_vec(),
            });
        }
        (i, j) = (pi + 1, pj + 1);
    }
    out
}

fn show_all(items: &[Item]) -> String {
    if items.is_empty() {
        return "nothing".into();
    }
    items.iter().map(Item::show).collect::<Vec<_>>().join(", ")
}

#[test]
fn knot_type_vectors() {
    let dir = data_dir();
    let files = type_files(&dir);
    if files.is_empty() {
        eprintln!(
            "knot_type_vectors: skipped: no Knot corpus at {}",
            dir.display()
        );
        return;
    }
    let mut report = String::new();
    let mut seen = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        for d in differences(path) {
            if DIVERGENCES
                .iter()
                .any(|&(f, l, _)| f == name && l == d.line)
            {
                seen.push((name.clone(), d.line));
                continue;
            }
            let _ = writeln!(
                report,
                "{name}:{}: zonelint {} / Knot {}",
                d.line,
                show_all(&d.ours),
                show_all(&d.knot)
            );
        }
    }
    for &(f, l, why) in DIVERGENCES {
        if !seen.iter().any(|(sf, sl)| sf == f && *sl == l) {
            let _ = writeln!(
                report,
                "{f}:{l}: listed divergence no longer occurs ({why})"
            );
        }
    }
    assert!(
        report.is_empty(),
        "differences from Knot not explained by BIND:\n{report}"
    );
    assert!(
        files.len() > 30,
        "expected the Knot type files, found {}",
        files.len()
    );
}
