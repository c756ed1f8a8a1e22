//! The shipped examples against BIND: `named-checkzone -i local` runs over every example zone,
//! and every problem it reports must be reported by zonelint too, at the same line (BIND's
//! integrity messages name an owner and a target instead of a line: the line is that record's).
//! A BIND message that the table below does not map fails the test, so a new kind of finding
//! cannot slip by unmatched.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use zonelint::rules::{self, RuleConfig};
use zonelint::zone::name;
use zonelint::zone::origin::infer_from_file_name;
use zonelint::{Diagnostic, Graph, ReadOptions, Reader};

/// BIND's message (a distinctive part) → the zonelint ids that report the same problem. Several
/// ids where zonelint says it more precisely: BIND's "has no address records" for an exchange
/// written as an IP address is zonelint's `mx-target-is-address`, and for a name that lost its
/// trailing dot it is `origin-repeated`.
const MAP: &[(&str, &[&str])] = &[
    ("MX is an address", &["mx-target-is-address"]),
    ("CNAME and other data", &["cname-and-other-data"]),
    ("multiple RRs of singleton type", &["cname-multiple"]),
    ("TTL set to prior TTL", &["rrset-ttl-mismatch"]),
    ("non-terminal wildcard", &["wildcard-non-terminal"]),
    (
        "bad owner name (check-names)",
        &["hostname-syntax", "wildcard-non-terminal"],
    ),
];

/// Integrity messages about a record's target (`zone Z/IN: OWNER/TYPE 'TARGET' …`), by type and
/// ending.
const TARGET_MAP: &[(&str, &str, &[&str])] = &[
    ("MX", "is a CNAME (illegal)", &["mx-target-is-cname"]),
    (
        "MX",
        "has no address records (A or AAAA)",
        &[
            "mx-target-no-address",
            "mx-target-is-address",
            "origin-repeated",
        ],
    ),
    ("MX", "is below a DNAME", &["mx-target-below-dname"]),
    ("SRV", "is a CNAME (illegal)", &["srv-target-is-cname"]),
    (
        "SRV",
        "has no address records (A or AAAA)",
        &["srv-target-no-address", "origin-repeated"],
    ),
    ("NS", "is a CNAME (illegal)", &["ns-target-is-cname"]),
    ("NS", "has no REQUIRED GLUE", &["ns-glue-missing"]),
    ("NS", "has no SIBLING GLUE", &["ns-glue-missing"]),
    (
        "NS",
        "has no address records (A or AAAA)",
        &["ns-target-no-address", "origin-repeated"],
    ),
];

/// Messages that report no problem, or restate one already mapped.
const NOT_FINDINGS: &[&str] = &[
    "loaded serial",
    "not loaded due to errors",
    "loading from master file",
];

struct BindFinding {
    file: PathBuf,
    message: String,
    line: usize,
    ids: &'static [&'static str],
}

fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zone"))
        .collect();
    files.sort();
    files
}

/// The line of the record `OWNER/TYPE 'TARGET'` in the graph.
fn record_line(
    graph: &Graph,
    file: &Path,
    owner: &str,
    rtype: &str,
    target: &str,
) -> Option<usize> {
    let owner = format!("{owner}.").to_ascii_lowercase();
    let target = format!("{target}.").to_ascii_lowercase();
    graph.set.records.iter().enumerate().find_map(|(i, r)| {
        let (path, line, _) = graph.set.sources.location(r.span);
        (Path::new(&path) == file
            && r.rtype.to_string() == rtype
            && graph.owner_text(i) == owner
            && graph
                .rdata_names(i)
                .any(|(_, t)| name::to_text(t).to_ascii_lowercase() == target))
        .then_some(line)
    })
}

/// Parses BIND's output for one file into findings with lines.
fn bind_findings(graph: &Graph, file: &Path, output: &str) -> Result<Vec<BindFinding>, String> {
    let base = file.file_name().and_then(|f| f.to_str()).unwrap_or("");
    let mut out = Vec::new();
    for line in output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "OK")
    {
        if NOT_FINDINGS.iter().any(|p| line.contains(p)) {
            continue;
        }
        let found = |line_no: usize, ids| BindFinding {
            file: file.to_path_buf(),
            message: line.to_owned(),
            line: line_no,
            ids,
        };
        // `zone Z/IN: OWNER/TYPE 'TARGET' ending`
        if let Some(rest) = line.split_once(": ").map(|(_, r)| r)
            && let Some((owner, tail)) = rest.split_once('/')
            && let Some((rtype, tail)) = tail.split_once(" '")
            && let Some((target, ending)) = tail.split_once("' ")
            && TARGET_MAP.iter().any(|(t, _, _)| *t == rtype)
        {
            let ids = TARGET_MAP
                .iter()
                .find(|(t, p, _)| *t == rtype && ending.contains(p))
                .map(|(_, _, ids)| *ids)
                .ok_or_else(|| format!("unmapped BIND message: {line}"))?;
            let at = record_line(graph, file, owner, rtype, target)
                .ok_or_else(|| format!("no {rtype} record for BIND message: {line}"))?;
            out.push(found(at, ids));
            continue;
        }
        // `[dns_master_load: ]FILE:LINE: message`
        let located = line
            .split_once(&format!("{base}:"))
            .and_then(|(_, r)| r.split_once(':'))
            .and_then(|(n, _)| n.parse::<usize>().ok());
        let ids = MAP
            .iter()
            .find(|(p, _)| line.contains(p))
            .map(|(_, ids)| *ids)
            .or_else(|| {
                // Syntax errors: the reader's ids, as in the conformance tests.
                (common::classify(line) == Some(common::Reason::Syntax))
                    .then_some(common::SYNTAX_IDS)
            })
            .ok_or_else(|| format!("unmapped BIND message: {line}"))?;
        let at = located.ok_or_else(|| format!("BIND message without a line: {line}"))?;
        out.push(found(at, ids));
    }
    Ok(out)
}

fn apex_of(graph: &Graph, file: &Path) -> Option<String> {
    graph.zones().iter().find_map(|zone| {
        let source = &graph.set.zones[zone.source];
        (graph.set.sources.file(source.file).path() == file)
            .then(|| graph.set.names.text(zone.apex))
    })
}

fn zonelint_findings() -> (Graph, Vec<Diagnostic>) {
    let mut reader = Reader::new(ReadOptions::default());
    for file in example_files() {
        reader.read_path(&file).expect("example readable");
    }
    let graph = Graph::build(reader.finish());
    let findings = rules::run(&graph, &RuleConfig::default());
    (graph, findings)
}

#[test]
fn zonelint_reports_everything_bind_reports_on_the_examples() {
    let Some(checkzone) = common::tool("named-checkzone") else {
        common::skip("examples_vs_bind", "named-checkzone is not installed");
        return;
    };
    let (graph, findings) = zonelint_findings();
    let mut problems = Vec::new();
    let mut matched = 0;
    for file in example_files() {
        // The zone's apex as zonelint read it (a file's `$ORIGIN` and SOA can override the
        // origin its name suggests), so both tools check the same zone.
        let Some(origin) = apex_of(&graph, &file).or_else(|| infer_from_file_name(&file)) else {
            continue;
        };
        let file_name = file.file_name().expect("file name");
        let (_, stdout, stderr) = common::run(
            Command::new(&checkzone)
                .args(["-i", "local", &origin])
                .arg(file_name)
                .current_dir("examples"),
        );
        let output = format!("{}\n{stderr}", String::from_utf8_lossy(&stdout));
        let bind = match bind_findings(&graph, &file, &output) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        for b in bind {
            let hit = findings.iter().any(|d| {
                let (path, line, _) = graph.set.sources.location(d.span);
                Path::new(&path) == b.file && line == b.line && b.ids.contains(&d.id)
            });
            if hit {
                matched += 1;
            } else {
                problems.push(format!(
                    "{}:{}: BIND reports `{}`, zonelint reports none of {:?} there",
                    b.file.display(),
                    b.line,
                    b.message,
                    b.ids
                ));
            }
        }
    }
    common::announce(&format!(
        "examples_vs_bind: {matched} BIND findings, all matched by zonelint"
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        matched >= 10,
        "the examples should make BIND report something: {matched}"
    );
}
