//! Shared by the conformance tests (`tests/conformance*.rs`): the corpus manifest, reading a corpus
//! file the way the peers were run, finding peer tools, and the normalized record form that the
//! comparisons use. Test code only: it prints (to the real stderr, so a skip is visible even in a
//! passing run) and panics.
#![allow(dead_code)] // each conformance test uses a different subset

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use zonelint::zone::rdata::{TypeSyntax, syntax_of};
use zonelint::zone::{IncludeLookup, RType, Record};
use zonelint::{Diagnostic, ReadOptions, Reader, ZoneSet};

/// The reader's "syntax and loading" diagnostics: a file BIND rejects for a syntax reason must get
/// one of these, a file BIND loads must get none.
pub const SYNTAX_IDS: &[&str] = &[
    "invalid-syntax",
    "unknown-record-type",
    "name-too-long",
    "txt-string-too-long",
    "relative-name-without-origin",
    "include-problem",
    "generate-problem",
];

/// Set by `.ci/run` (and by most CI services): a missing corpus or peer tool is then a failure,
/// not a skip, so that a broken install cannot pass silently.
pub const REQUIRE_ENV: &str = "CI";

fn required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// Writes a line to the process's stderr, bypassing libtest's output capture.
pub fn announce(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Announces a skip, or fails when the environment requires the missing piece.
pub fn skip(test: &str, why: &str) {
    assert!(!required(), "{test}: {why}, and {REQUIRE_ENV} is set");
    announce(&format!("{test}: skipped: {why}"));
}

/// `../shared/corpora` beside the repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

/// One row of `MANIFEST.tsv`.
#[derive(Debug, Clone)]
pub struct Row(BTreeMap<String, String>);

impl Row {
    /// A column's value ("" when the column is absent).
    pub fn get(&self, column: &str) -> &str {
        self.0.get(column).map_or("", String::as_str)
    }

    pub fn path(&self) -> &str {
        self.get("local_path")
    }

    /// Absolute path of the file.
    pub fn file(&self) -> PathBuf {
        corpus_dir().join(self.path())
    }

    /// The directory the peers were run in.
    pub fn cwd(&self) -> PathBuf {
        corpus_dir().join(self.get("run_cwd"))
    }

    pub fn origin(&self) -> &str {
        match self.get("origin_used") {
            "" => ".",
            o => o,
        }
    }
}

/// One TSV field: quoted fields (`"…"`, with `""` for a quote) are unquoted.
fn unquote(field: &str) -> String {
    if field.len() >= 2 && field.starts_with('"') && field.ends_with('"') {
        field[1..field.len() - 1].replace("\"\"", "\"")
    } else {
        field.to_owned()
    }
}

/// The manifest's rows, or `None` (announced) when the corpora are not beside the repository.
pub fn manifest(test: &str) -> Option<Vec<Row>> {
    let path = corpus_dir().join("MANIFEST.tsv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        skip(
            test,
            &format!(
                "{} not found (the shared corpora are not beside the repository)",
                path.display()
            ),
        );
        return None;
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            Row(header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| ((*h).to_owned(), unquote(v)))
                .collect())
        })
        .collect();
    Some(rows)
}

/// The zone files of the manifest (not include fragments nor expected outputs).
pub fn zone_rows(rows: &[Row]) -> Vec<&Row> {
    rows.iter().filter(|r| r.get("kind") == "zone").collect()
}

/// Reads a file as `named-checkzone ORIGIN FILE` run in `cwd` reads it: the origin given,
/// relative `$INCLUDE` paths looked up in `cwd`, includes allowed anywhere.
///
/// # Errors
/// When the reader panics (the message names the file).
pub fn read_like_bind(file: &Path, origin: &str, cwd: &Path) -> Result<ZoneSet, String> {
    read_with(file, origin, cwd, IncludeLookup::CwdFirst)
}

/// Reads a file with an explicit origin, working directory and include lookup order.
///
/// # Errors
/// When the reader panics: the panic is caught so that one file's crash is reported as that
/// file's failure.
pub fn read_with(
    file: &Path,
    origin: &str,
    cwd: &Path,
    lookup: IncludeLookup,
) -> Result<ZoneSet, String> {
    std::panic::catch_unwind(|| read_unguarded(file, origin, cwd, lookup)).map_err(|e| {
        let what = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        format!("the reader panicked on {}: {what}", file.display())
    })
}

fn read_unguarded(file: &Path, origin: &str, cwd: &Path, lookup: IncludeLookup) -> ZoneSet {
    let mut reader = Reader::new(ReadOptions {
        origin: Some(origin.to_owned()),
        infer_origin: false,
        include_lookup: lookup,
        working_dir: Some(cwd.to_owned()),
        include_anywhere: true,
        ..ReadOptions::default()
    });
    if let Err(e) = reader.read_path(file) {
        panic!("{}: {e}", file.display());
    }
    reader.finish()
}

/// Reads text (a peer's output) whose names are all absolute.
pub fn read_text(name: &str, text: Vec<u8>) -> ZoneSet {
    let mut reader = Reader::new(ReadOptions {
        origin: Some(".".into()),
        infer_origin: false,
        ..ReadOptions::default()
    });
    if let Err(e) = reader.read_bytes(Path::new(name), text) {
        panic!("{name}: {e}");
    }
    reader.finish()
}

pub fn is_syntax(d: &Diagnostic) -> bool {
    SYNTAX_IDS.contains(&d.id)
}

/// The syntax diagnostics of a read, as `file:line:col: message [id]` lines.
pub fn syntax_findings(set: &ZoneSet) -> Vec<String> {
    set.diagnostics
        .iter()
        .filter(|d| is_syntax(d))
        .map(|d| {
            let (path, line, col) = set.sources.location(d.span);
            let file = Path::new(&path)
                .file_name()
                .map_or(path.clone(), |f| f.to_string_lossy().into_owned());
            format!("{file}:{line}:{col}: {} [{}]", d.message, d.id)
        })
        .collect()
}

/// The 1-based line of a record's entry.
pub fn record_line(set: &ZoneSet, record: &Record) -> usize {
    set.sources.location(record.span).1
}

/// A peer tool on `PATH`, if installed.
pub fn tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Runs `f` over `items` on a few threads (the machines have 2 cores), keeping the order.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(2, std::num::NonZero::get)
        .clamp(1, 4);
    let chunk = items.len().div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker panicked"))
            .collect()
    })
}

/// Runs a command, returning (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, Vec<u8>, String) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

// ---------------------------------------------------------------------------------------------
// BIND's messages.

/// What a BIND message says about why a file was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A syntax or loading problem: zonelint must report a syntax diagnostic.
    Syntax,
    /// A zone-level check (integrity, check-names, TTL policy, DNSSEC…): no requirement on the
    /// reader (rules may report it).
    Semantic,
    /// A warning, not the reason for the rejection: the reason is a later message.
    Warning,
}

/// BIND's messages, by a distinctive fragment, first match wins. Every message of the corpus's
/// `named_msg` column (and of `named-checkzone`'s output, for files whose first message is a
/// warning) must match one entry: an unknown message fails the test so that it gets classified.
pub const BIND_MESSAGES: &[(&str, Reason)] = &[
    // Warnings: the rejection comes later.
    (": warning: ", Reason::Warning),
    ("> MAXTTL, setting", Reason::Warning),
    ("TTL set to prior TTL", Reason::Warning),
    ("not loaded due to errors", Reason::Warning),
    ("using SOA MINTTL instead", Reason::Warning),
    ("using RFC1035 TTL semantics", Reason::Warning),
    ("ignoring out-of-zone data", Reason::Warning),
    ("file does not end with newline", Reason::Warning),
    ("signature has expired", Reason::Warning),
    ("old style DNSSEC", Reason::Warning),
    ("non-terminal wildcard", Reason::Warning),
    ("record with inherited owner", Reason::Warning),
    ("': obsolete", Reason::Warning),
    // Zone-level checks.
    ("has no NS records", Reason::Semantic),
    ("SOA records", Reason::Semantic),
    ("not at top of zone", Reason::Semantic),
    ("has no address records", Reason::Semantic),
    ("is below a DNAME", Reason::Semantic),
    ("is a CNAME (illegal)", Reason::Semantic),
    ("CDS/CDNSKEY consistency checks failed", Reason::Semantic),
    ("CNAME and other data", Reason::Semantic),
    ("multiple RRs of singleton type", Reason::Semantic),
    ("DS record at top of zone", Reason::Semantic),
    ("(check-names)", Reason::Semantic),
    ("invalid NS owner name (wildcard)", Reason::Semantic),
    ("no TTL specified", Reason::Semantic),
    ("!= zone class", Reason::Semantic),
    ("failed: bad class", Reason::Semantic),
    ("appears to be an address", Reason::Semantic),
    ("NS is an address", Reason::Semantic),
    // Loading: files, includes, directives.
    ("file not found", Reason::Syntax),
    ("isc_lex_gettoken() failed: not a file", Reason::Syntax),
    ("unknown $ directive", Reason::Syntax),
    ("$GENERATE: ", Reason::Syntax),
    ("no current owner name", Reason::Syntax),
    // Lexical and field syntax.
    ("unbalanced quotes", Reason::Syntax),
    ("unbalanced parentheses", Reason::Syntax),
    ("unexpected end of input", Reason::Syntax),
    ("unexpected end of line", Reason::Syntax),
    ("unexpected end of file", Reason::Syntax),
    ("unexpected token", Reason::Syntax),
    ("extra input text", Reason::Syntax),
    ("syntax error", Reason::Syntax),
    ("empty label", Reason::Syntax),
    ("label too long", Reason::Syntax),
    ("ran out of space", Reason::Syntax),
    ("bad ttl", Reason::Syntax),
    ("unknown RR type", Reason::Syntax),
    ("unknown class/type", Reason::Syntax),
    ("invalid use of a meta type", Reason::Syntax),
    // Record data (`dns_rdata_fromtext`).
    ("out of range", Reason::Syntax),
    ("not a valid number", Reason::Syntax),
    ("bad hex encoding", Reason::Syntax),
    ("bad base32 encoding", Reason::Syntax),
    ("bad base64 encoding", Reason::Syntax),
    ("bad EUI", Reason::Syntax),
    ("bad dotted quad", Reason::Syntax),
    ("bad name", Reason::Syntax),
    ("FORMERR", Reason::Syntax),
    ("not implemented", Reason::Syntax),
    ("disallowed (by application policy)", Reason::Syntax),
];

pub fn classify(message: &str) -> Option<Reason> {
    BIND_MESSAGES
        .iter()
        .find(|(fragment, _)| message.contains(fragment))
        .map(|&(_, r)| r)
}

// ---------------------------------------------------------------------------------------------
// Normalized records.

/// The wire form (lowercase) of a presentation name.
pub fn wire_name(text: &str) -> Vec<u8> {
    let absolute = if text.ends_with('.') {
        text.to_owned()
    } else {
        format!("{text}.")
    };
    let mut out = Vec::new();
    zonelint::zone::name::parse_name(absolute.as_bytes(), None, &mut out)
        .unwrap_or_else(|e| panic!("bad name `{text}`: {e:?}"));
    zonelint::zone::name::make_lowercase(&mut out);
    out
}

/// Lowercases a wire name starting at `at` in place; returns the offset past it (`None` when the
/// bytes are not a name).
fn lowercase_name(wire: &mut [u8], mut at: usize) -> Option<usize> {
    loop {
        let len = *wire.get(at)? as usize;
        if len == 0 {
            return Some(at + 1);
        }
        if len > 63 || at + 1 + len > wire.len() {
            return None;
        }
        wire[at + 1..=at + len].make_ascii_lowercase();
        at += 1 + len;
    }
}

/// Skips a `<character-string>` at `at`.
fn skip_string(wire: &[u8], at: usize) -> Option<usize> {
    Some(at + 1 + *wire.get(at)? as usize)
}

/// Rdata in the canonical form of RFC 4034 §6.2: the domain names inside the rdata of the types
/// listed there are lowercased (those are the types whose names BIND compares case-insensitively
/// when it merges duplicate records). Other types are left as they are.
pub fn canonical_rdata(rtype: RType, wire: &[u8]) -> Vec<u8> {
    let mut out = wire.to_vec();
    let names = |out: &mut Vec<u8>, at: usize, count: usize| {
        let mut at = at;
        for _ in 0..count {
            match lowercase_name(out, at) {
                Some(next) => at = next,
                None => return,
            }
        }
    };
    match rtype.0 {
        // NS MD MF CNAME MB MG MR PTR NXT DNAME NSEC: a name first.
        2 | 3 | 4 | 5 | 7 | 8 | 9 | 12 | 30 | 39 | 47 => names(&mut out, 0, 1),
        // SOA MINFO RP: two names first.
        6 | 14 | 17 => names(&mut out, 0, 2),
        // MX AFSDB RT KX: preference, name.
        15 | 18 | 21 | 36 => names(&mut out, 2, 1),
        // PX: preference, two names.
        26 => names(&mut out, 2, 2),
        // SRV: priority, weight, port, target.
        33 => names(&mut out, 6, 1),
        // SIG RRSIG: 18 octets, signer.
        24 | 46 => names(&mut out, 18, 1),
        // NAPTR: order, preference, three strings, replacement.
        35 => {
            let at = Some(4)
                .and_then(|a| skip_string(wire, a))
                .and_then(|a| skip_string(wire, a))
                .and_then(|a| skip_string(wire, a));
            if let Some(at) = at {
                names(&mut out, at, 1);
            }
        }
        // A6: prefix length, address suffix, prefix name.
        38 => {
            if let Some(&plen) = wire.first()
                && plen > 0
                && plen <= 128
            {
                names(&mut out, 1 + (128 - plen as usize).div_ceil(8), 1);
            }
        }
        _ => {}
    }
    out
}

/// Whether zonelint keeps a type's rdata as uninterpreted text (then only the presence of the
/// record can be compared, not its data).
pub fn is_opaque_type(rtype: RType) -> bool {
    matches!(syntax_of(rtype), TypeSyntax::Opaque)
}

/// An RRset's identity: lowercase owner (wire), type, class, and for RRSIG and SIG the type
/// covered (BIND keeps the signatures of each type as a set of their own, with its own TTL).
pub type RrKey = (Vec<u8>, u16, u16, u16);

/// An RRset as compared: the canonical rdata of its records (empty for opaque types) and the
/// TTLs they were written with.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RrData {
    pub rdata: BTreeSet<Vec<u8>>,
    pub ttls: BTreeSet<u32>,
    pub opaque: bool,
}

/// The records of a read grouped into RRsets (duplicates merge, as BIND merges them). With
/// `apex`, only the records at or below it are kept: BIND ignores out-of-zone data ("ignoring
/// out-of-zone data"), zonelint keeps it for the graph to classify.
pub fn rrsets(set: &ZoneSet, apex: Option<&[u8]>) -> BTreeMap<RrKey, RrData> {
    let mut out: BTreeMap<RrKey, RrData> = BTreeMap::new();
    for r in &set.records {
        let owner = set.names.wire(r.owner);
        if apex.is_some_and(|a| !zonelint::zone::name::is_subdomain(owner, a)) {
            continue;
        }
        let rdata = r.rdata(&set.rdata);
        let covered = if matches!(r.rtype.0, 24 | 46) && !r.is_opaque() && rdata.len() >= 2 {
            u16::from_be_bytes([rdata[0], rdata[1]])
        } else {
            0
        };
        let key = (owner.to_vec(), r.rtype.0, r.class.0, covered);
        let entry = out.entry(key).or_default();
        entry.ttls.insert(r.ttl);
        if r.is_opaque() || is_opaque_type(r.rtype) {
            entry.opaque = true;
        } else {
            entry.rdata.insert(canonical_rdata(r.rtype, rdata));
        }
    }
    out
}

/// Presentation of an RRset key and one rdata, for failure messages.
pub fn show_key(key: &RrKey) -> String {
    let covered = if key.3 == 0 {
        String::new()
    } else {
        format!(" (covering {})", RType(key.3))
    };
    format!(
        "{} {} {}{covered}",
        zonelint::zone::name::to_text(&key.0),
        zonelint::zone::Class(key.2),
        RType(key.1)
    )
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02X}");
            s
        })
}

/// Checks an allow-list against what was seen: every entry must still be needed. Returns the
/// stale entries as failure lines.
pub fn stale_entries<'a>(
    list: &[(&'a str, &'a str)],
    used: &BTreeSet<&str>,
    what: &str,
) -> Vec<String> {
    list.iter()
        .filter(|(k, _)| !used.contains(k))
        .map(|(k, reason)| {
            format!("stale {what} entry `{k}` ({reason}): the reader now agrees; remove the entry")
        })
        .collect()
}
