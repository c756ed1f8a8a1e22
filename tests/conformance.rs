//! Conformance against BIND 9.18 on the shared corpora (`../shared/corpora`, see its README):
//!
//! - every file `named-checkzone` loads is read with no syntax diagnostic;
//! - every file it rejects for a syntax reason gets one (its message is classified by
//!   [`common::BIND_MESSAGES`]; semantic rejections set no requirement);
//! - for every file `named-checkzone` loads, the RRsets zonelint reads equal the ones
//!   `named-compilezone` prints (see [`compare_rrsets`] for the normalization).
//!
//! The Knot zscanner pairs are checked in `tests/conformance_knot.rs`. Deliberate disagreements
//! and known reader gaps are explicit allow-lists below, one reason per entry; an entry that is
//! no longer needed fails the test, so the lists cannot outlive their cause. Each test prints its
//! pass counts to stderr.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use common::{
    Reason, Row, RrData, RrKey, announce, classify, manifest, par_map, read_like_bind, read_text,
    rrsets, show_key, skip, syntax_findings, tool, zone_rows,
};

/// Files BIND loads where zonelint reports a syntax diagnostic, with the reason. Deliberate
/// disagreements are also listed in `docs/zone-format.md`. A file listed here is exempt from the
/// record comparison too (its records cannot be equal).
const ACCEPTED_BUT_FLAGGED: &[(&str, &str)] = &[];

/// Files BIND rejects for a syntax reason where zonelint reports no syntax diagnostic.
const REJECTED_BUT_CLEAN: &[(&str, &str)] = &[(
    "knot/tests/libzscanner/data/06-8_INCLUDE.in",
    "deliberate: a relative `$INCLUDE` path not found in the working directory is looked for beside the including file (`--include-lookup cwd` falls back to Knot's order); BIND looks only in the working directory",
)];

/// Files whose RRsets differ from `named-compilezone`'s output, with the reason.
const RECORDS_DIFFER: &[(&str, &str)] = &[];

/// The reason a rejected file was rejected: the manifest's first message, or (when that is a
/// warning) the first non-warning message of a fresh `named-checkzone` run.
fn rejection_reason(
    row: &Row,
    checkzone: Option<&std::path::Path>,
) -> Result<(Reason, String), String> {
    let first = row.get("named_msg").to_owned();
    match classify(&first) {
        Some(Reason::Warning) => {}
        Some(r) => return Ok((r, first)),
        None => {
            return Err(format!(
                "unclassified BIND message `{first}`: add it to BIND_MESSAGES in tests/common/mod.rs"
            ));
        }
    }
    let Some(checkzone) = checkzone else {
        return Err(String::from(
            "first message is a warning and named-checkzone is not installed",
        ));
    };
    let (_, out, err) = common::run(
        Command::new(checkzone)
            .args(["-i", "local", row.origin()])
            .arg(row.file())
            .current_dir(row.cwd()),
    );
    let text = String::from_utf8_lossy(&out).into_owned() + &err;
    for line in text.lines().filter(|l| !l.trim().is_empty() && *l != "OK") {
        match classify(line) {
            Some(Reason::Warning) => {}
            Some(r) => return Ok((r, line.to_owned())),
            None => {
                return Err(format!(
                    "unclassified BIND message `{line}`: add it to BIND_MESSAGES in tests/common/mod.rs"
                ));
            }
        }
    }
    Err(format!(
        "no reason found in named-checkzone's output: {text}"
    ))
}

/// Prints the tally and fails on the collected problems.
fn conclude(test: &str, passed: usize, total: usize, extra: &str, failures: &[String]) {
    announce(&format!("{test}: {passed}/{total} {extra}"));
    assert!(
        failures.is_empty(),
        "{test}: {} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn allow_map<'a>(list: &[(&'a str, &'a str)]) -> BTreeMap<&'a str, &'a str> {
    list.iter().copied().collect()
}

#[test]
fn bind_accepted_files_read_clean() {
    const TEST: &str = "bind_accepted_files_read_clean";
    let Some(rows) = manifest(TEST) else { return };
    let accepted: Vec<&Row> = zone_rows(&rows)
        .into_iter()
        .filter(|r| r.get("named_rc") == "0")
        .collect();
    let allowed = allow_map(ACCEPTED_BUT_FLAGGED);
    let results = par_map(&accepted, |row| {
        read_like_bind(&row.file(), row.origin(), &row.cwd()).map(|set| syntax_findings(&set))
    });
    let mut failures = Vec::new();
    let mut used = BTreeSet::new();
    let mut clean = 0;
    for (row, findings) in accepted.iter().zip(&results) {
        let findings = match findings {
            Ok(f) => f,
            Err(e) => {
                failures.push(e.clone());
                continue;
            }
        };
        if findings.is_empty() {
            clean += 1;
        } else if allowed.contains_key(row.path()) {
            used.insert(row.path());
        } else {
            failures.push(format!(
                "{}: BIND loads it, zonelint reports:\n    {}",
                row.path(),
                findings.join("\n    ")
            ));
        }
    }
    failures.extend(common::stale_entries(
        ACCEPTED_BUT_FLAGGED,
        &used,
        "ACCEPTED_BUT_FLAGGED",
    ));
    conclude(
        TEST,
        clean,
        accepted.len(),
        &format!(
            "BIND-accepted files read with no syntax diagnostic ({} allow-listed)",
            used.len()
        ),
        &failures,
    );
}

#[test]
fn bind_syntax_rejections_are_caught() {
    const TEST: &str = "bind_syntax_rejections_are_caught";
    let Some(rows) = manifest(TEST) else { return };
    let checkzone = tool("named-checkzone");
    let rejected: Vec<&Row> = zone_rows(&rows)
        .into_iter()
        .filter(|r| r.get("named_rc") == "1")
        .collect();
    let allowed = allow_map(REJECTED_BUT_CLEAN);
    let results = par_map(&rejected, |row| {
        let reason = rejection_reason(row, checkzone.as_deref());
        let findings = match &reason {
            Ok((Reason::Syntax, _)) => read_like_bind(&row.file(), row.origin(), &row.cwd())
                .map(|set| syntax_findings(&set)),
            _ => Ok(Vec::new()),
        };
        (reason, findings)
    });
    let mut failures = Vec::new();
    let mut used = BTreeSet::new();
    let (mut syntax, mut caught, mut semantic, mut unknown) = (0, 0, 0, 0);
    for (row, (reason, findings)) in rejected.iter().zip(&results) {
        let findings = match findings {
            Ok(f) => f,
            Err(e) => {
                failures.push(e.clone());
                continue;
            }
        };
        match reason {
            Ok((Reason::Syntax, message)) => {
                syntax += 1;
                if !findings.is_empty() {
                    caught += 1;
                } else if allowed.contains_key(row.path()) {
                    used.insert(row.path());
                } else {
                    failures.push(format!(
                        "{}: BIND rejects it (`{message}`), zonelint reports no syntax diagnostic",
                        row.path()
                    ));
                }
            }
            Ok(_) => semantic += 1,
            Err(e) if e.contains("not installed") => unknown += 1,
            Err(e) => failures.push(format!("{}: {e}", row.path())),
        }
    }
    if unknown > 0 {
        skip(
            TEST,
            &format!(
                "{unknown} rejected file(s) whose first BIND message is a warning were not classified: named-checkzone not installed"
            ),
        );
    }
    failures.extend(common::stale_entries(
        REJECTED_BUT_CLEAN,
        &used,
        "REJECTED_BUT_CLEAN",
    ));
    conclude(
        TEST,
        caught,
        syntax,
        &format!(
            "BIND syntax rejections caught ({} allow-listed; {semantic} semantic rejections need nothing)",
            used.len()
        ),
        &failures,
    );
}

/// Compares zonelint's RRsets with BIND's. Normalization: owners lowercased (both sides are
/// interned lowercase); rdata in RFC 4034 §6.2 canonical form (names inside the rdata of the
/// types listed there lowercased, which is also how BIND decides two records are duplicates);
/// duplicates merged (BIND keeps one); TTL: BIND gives an RRset one TTL, so when the file wrote
/// one TTL it must be that one, and when it wrote several, BIND's must be one of them. Types whose
/// rdata zonelint keeps as opaque text are compared by presence only, and counted.
fn compare_rrsets(ours: &BTreeMap<RrKey, RrData>, bind: &BTreeMap<RrKey, RrData>) -> Vec<String> {
    let mut diffs = Vec::new();
    for (key, b) in bind {
        let Some(o) = ours.get(key) else {
            diffs.push(format!(
                "only BIND has {} ({} record(s))",
                show_key(key),
                b.rdata.len().max(1)
            ));
            continue;
        };
        if !(o.opaque || b.opaque) {
            for r in b.rdata.difference(&o.rdata) {
                diffs.push(format!(
                    "only BIND has {} {}",
                    show_key(key),
                    common::hex(r)
                ));
            }
            for r in o.rdata.difference(&b.rdata) {
                diffs.push(format!(
                    "only zonelint has {} {}",
                    show_key(key),
                    common::hex(r)
                ));
            }
        }
        let ttl_ok = if o.ttls.len() == 1 {
            o.ttls == b.ttls
        } else {
            b.ttls.len() == 1 && b.ttls.is_subset(&o.ttls)
        };
        if !ttl_ok {
            diffs.push(format!(
                "TTL of {}: zonelint {:?}, BIND {:?}",
                show_key(key),
                o.ttls,
                b.ttls
            ));
        }
    }
    for key in ours.keys().filter(|k| !bind.contains_key(*k)) {
        diffs.push(format!("only zonelint has {}", show_key(key)));
    }
    diffs
}

/// The outcome of one file in the record comparison.
enum Compared {
    /// BIND did not load the file.
    NotLoaded,
    /// Equal; with the number of RRsets compared by presence only.
    Equal {
        opaque: usize,
    },
    Differ(Vec<String>),
}

#[test]
fn records_equal_named_compilezone() {
    const TEST: &str = "records_equal_named_compilezone";
    let Some(rows) = manifest(TEST) else { return };
    let Some(compilezone) = tool("named-compilezone") else {
        skip(
            TEST,
            "named-compilezone not installed (apt-get install bind9-utils)",
        );
        return;
    };
    // Only the files named-checkzone loads: of the others, named-compilezone loads a single one
    // (bad-nsec3owner-padded.db, rejected by check-names only), so running it on all 418 costs a
    // third of the test's time for one file.
    let zones: Vec<&Row> = zone_rows(&rows)
        .into_iter()
        .filter(|r| r.get("named_rc") == "0")
        .collect();
    let results = par_map(&zones, |row| {
        // `-n ignore` only disables the "NS is an address" check, which rejects two files of the
        // corpus that named-checkzone -i local loads; it does not change any record.
        let (rc, out, _) = common::run(
            Command::new(&compilezone)
                .args([
                    "-i",
                    "none",
                    "-k",
                    "ignore",
                    "-n",
                    "ignore",
                    "-f",
                    "text",
                    "-F",
                    "text",
                    "-s",
                    "full",
                    "-o",
                    "-",
                    row.origin(),
                ])
                .arg(row.file())
                .current_dir(row.cwd()),
        );
        if rc != 0 {
            return Compared::NotLoaded;
        }
        let bind_set = read_text("named-compilezone output", out);
        let mut diffs: Vec<String> = syntax_findings(&bind_set)
            .into_iter()
            .map(|f| format!("cannot read BIND's output: {f}"))
            .collect();
        let ours = match read_like_bind(&row.file(), row.origin(), &row.cwd()) {
            Ok(set) => rrsets(&set, Some(&common::wire_name(row.origin()))),
            Err(e) => return Compared::Differ(vec![e]),
        };
        let bind = rrsets(&bind_set, None);
        diffs.extend(compare_rrsets(&ours, &bind));
        if diffs.is_empty() {
            Compared::Equal {
                opaque: bind.values().filter(|d| d.opaque).count(),
            }
        } else {
            Compared::Differ(diffs)
        }
    });
    let allowed = allow_map(RECORDS_DIFFER);
    let flagged = allow_map(ACCEPTED_BUT_FLAGGED);
    let mut failures = Vec::new();
    let mut used = BTreeSet::new();
    let (mut loaded, mut equal, mut opaque, mut flagged_used) = (0, 0, 0, 0);
    for (row, result) in zones.iter().zip(&results) {
        match result {
            Compared::NotLoaded => failures.push(format!(
                "{}: named-checkzone loads it but named-compilezone does not",
                row.path()
            )),
            Compared::Equal { opaque: n } => {
                loaded += 1;
                equal += 1;
                opaque += n;
            }
            Compared::Differ(diffs) => {
                loaded += 1;
                if allowed.contains_key(row.path()) {
                    used.insert(row.path());
                } else if flagged.contains_key(row.path()) {
                    flagged_used += 1;
                } else {
                    let shown: Vec<&String> = diffs.iter().take(8).collect();
                    failures.push(format!(
                        "{}: records differ from named-compilezone ({} difference(s)):\n    {}",
                        row.path(),
                        diffs.len(),
                        shown
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join("\n    ")
                    ));
                }
            }
        }
    }
    failures.extend(common::stale_entries(
        RECORDS_DIFFER,
        &used,
        "RECORDS_DIFFER",
    ));
    conclude(
        TEST,
        equal,
        loaded,
        &format!(
            "BIND-accepted files have the record set named-compilezone prints ({} allow-listed; {opaque} RRsets of opaque types compared by presence only)",
            used.len() + flagged_used
        ),
        &failures,
    );
}
