//! The rule engine's contract, checked for every registered rule:
//! - the registry is sorted, every file under `src/rules/` is registered, and ids, file names
//!   and struct names agree; every rule's docs have the house sections;
//! - fixtures: `tests/fixtures/rules/<id>/invalid.zone` hits exactly the lines marked
//!   `; expect: <id>` (with only that rule enabled), `valid.zone` gets nothing from it, and the
//!   rendered findings are snapshotted (`tests/snapshots/rules/<id>.snap`); zones in
//!   `tests/fixtures/rules/<id>/context/` are loaded beside both, with origins from their names
//!   (their marked lines may also be hit in the valid run); change-aware rules (group `change`)
//!   take the base version of those files from `tests/fixtures/rules/<id>/base/` (same names,
//!   `base/context/` for the context zones), read as the base of the run;
//! - every `## Example` of a rule's docs: the first ```` ```zone ```` block produces the rule,
//!   the blocks after "Use instead" do not; a `; base: NAME` line starts the base version of
//!   file NAME (for change-aware rules);
//! - `docs/rules.md` is what `zonelint rules --markdown` prints.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use zonelint::report::human::{HumanRenderer, concise};
use zonelint::report::rule_docs;
use zonelint::rules::{self, RULES, RuleConfig};
use zonelint::{Diagnostic, Graph, ReadOptions, Reader};

const FIXTURES: &str = "tests/fixtures/rules";

/// A run over some zone files with only `id` enabled.
struct Run {
    graph: Graph,
    findings: Vec<Diagnostic>,
}

/// `(path, text, origin)` of each zone file of a run.
type Files = Vec<(PathBuf, Vec<u8>, Option<String>)>;

/// What the base version is called in change-aware rules' messages.
const BASE_LABEL: &str = "HEAD~1";

fn read_graph(files: &[(PathBuf, Vec<u8>, Option<String>)]) -> Graph {
    let mut reader = Reader::new(ReadOptions::default());
    for (path, text, origin) in files {
        reader.set_origin(origin.clone());
        reader
            .read_bytes(path, text.clone())
            .expect("origin is valid");
    }
    Graph::build(reader.finish())
}

/// Reads `(path, text, origin)` files and runs rule `id` alone, against `base` (the files'
/// earlier version) when it is not empty.
fn run_rule(
    id: &str,
    files: &[(PathBuf, Vec<u8>, Option<String>)],
    base: &[(PathBuf, Vec<u8>, Option<String>)],
) -> Run {
    let mut graph = read_graph(files);
    if !base.is_empty() {
        let base = read_graph(base);
        let problems: Vec<String> = base
            .set
            .diagnostics
            .iter()
            .map(|d| concise(&base.set.sources, d))
            .collect();
        assert!(
            problems.is_empty(),
            "{id}: base must read cleanly: {problems:?}"
        );
        graph.set_base(base, BASE_LABEL);
    }
    let mut config = RuleConfig::default();
    config.only(&[id]).expect("registered id");
    let findings = rules::run(&graph, &config);
    Run { graph, findings }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture zones of a rule: `main` with origin `example.com.`, then its context zones.
fn fixture_files(id: &str, main: &str) -> Files {
    fixture_files_in(&Path::new(FIXTURES).join(id), main)
}

/// The base version of a rule's fixture zones (`base/`), empty when the rule has none.
fn fixture_base(id: &str, main: &str) -> Files {
    let dir = Path::new(FIXTURES).join(id).join("base");
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = fixture_files_in(&dir, main);
    if !dir.join(main).is_file() {
        // The main file is new: only its context has a base.
        files.remove(0);
    }
    files
}

fn fixture_files_in(dir: &Path, main: &str) -> Files {
    let main = dir.join(main);
    let text = if main.is_file() {
        read(&main)
    } else {
        Vec::new()
    };
    let mut files = vec![(main.clone(), text, Some("example.com.".to_owned()))];
    if let Ok(entries) = std::fs::read_dir(dir.join("context")) {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths {
            let text = read(&path);
            files.push((path, text, None));
        }
    }
    files
}

/// `(file, line, id)` of every `; expect: a, b` marker naming `id`.
fn markers(files: &[(PathBuf, Vec<u8>, Option<String>)], id: &str) -> BTreeSet<(String, usize)> {
    let mut out = BTreeSet::new();
    for (path, text, _) in files {
        for (n, line) in String::from_utf8_lossy(text).lines().enumerate() {
            let Some(at) = line.find("; expect:") else {
                continue;
            };
            let listed = &line[at + "; expect:".len()..];
            if listed
                .split(|c: char| c == ',' || c.is_whitespace())
                .any(|w| w == id)
            {
                out.insert((path.display().to_string(), n + 1));
            }
        }
    }
    out
}

fn hits(run: &Run, id: &str) -> BTreeSet<(String, usize)> {
    run.findings
        .iter()
        .filter(|d| d.id == id)
        .map(|d| {
            let (path, line, _) = run.graph.set.sources.location(d.span);
            (path, line)
        })
        .collect()
}

fn reader_problems(run: &Run) -> Vec<String> {
    run.graph
        .set
        .diagnostics
        .iter()
        .map(|d| concise(&run.graph.set.sources, d))
        .collect()
}

/// The findings of a run as the snapshot shows them: concise lines, then the full reports.
fn render(run: &Run) -> String {
    let mut out = String::new();
    for d in &run.findings {
        let _ = writeln!(out, "{}", concise(&run.graph.set.sources, d));
    }
    let mut renderer = HumanRenderer::new(&run.graph.set.sources, false);
    for d in &run.findings {
        out.push('\n');
        out.push_str(&renderer.render(d));
    }
    out
}

fn snake(id: &str) -> String {
    id.replace('-', "_")
}

fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn registry_is_sorted_complete_and_consistent() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.meta().id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        ids, sorted,
        "the registry must be sorted by id, without repeats"
    );
    let mut problems = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let module = meta.module.rsplit("::").next().unwrap_or("");
        if module != snake(meta.id) {
            problems.push(format!("{}: declared in module `{module}`", meta.id));
        }
        if meta.name != camel(meta.id) {
            problems.push(format!(
                "{}: struct is `{}`, expected `{}`",
                meta.id,
                meta.name,
                camel(meta.id)
            ));
        }
        let docs = meta.markdown();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            if !docs.contains(&format!("\n{section}\n")) {
                problems.push(format!("{}: docs lack `{section}`", meta.id));
            }
        }
        if meta.summary().is_empty() || meta.summary().starts_with('#') {
            problems.push(format!(
                "{}: docs must start with a one-sentence summary",
                meta.id
            ));
        }
    }
    let registered: BTreeSet<String> = ids.iter().map(|id| format!("{}.rs", snake(id))).collect();
    for entry in std::fs::read_dir("src/rules").expect("src/rules") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name != "mod.rs" && !registered.contains(&name) {
            problems.push(format!("src/rules/{name} is not in the registry"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fixtures_hit_exactly_the_marked_lines() {
    let mut problems = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        let dir = Path::new(FIXTURES).join(id);
        if !dir.join("invalid.zone").is_file() || !dir.join("valid.zone").is_file() {
            problems.push(format!(
                "{id}: missing {}/{{invalid,valid}}.zone",
                dir.display()
            ));
            continue;
        }
        let files = fixture_files(id, "invalid.zone");
        let expected = markers(&files, id);
        if expected.is_empty() {
            problems.push(format!("{id}: invalid.zone has no `; expect: {id}` marker"));
        }
        let base = fixture_base(id, "invalid.zone");
        let invalid = run_rule(id, &files, &base);
        let found = hits(&invalid, id);
        for missing in expected.difference(&found) {
            problems.push(format!(
                "{id}: expected a finding at {}:{}",
                missing.0, missing.1
            ));
        }
        for extra in found.difference(&expected) {
            problems.push(format!(
                "{id}: unexpected finding at {}:{}",
                extra.0, extra.1
            ));
        }
        // Context zones are loaded in both runs: their marked lines may be hit in the valid run
        // too (when the cause lies in the context itself), nothing else may.
        let valid_files = fixture_files(id, "valid.zone");
        let valid = run_rule(id, &valid_files, &fixture_base(id, "valid.zone"));
        let context_marked = markers(&valid_files[1..], id);
        for d in &valid.findings {
            let (path, line, _) = valid.graph.set.sources.location(d.span);
            if !context_marked.contains(&(path, line)) {
                problems.push(format!(
                    "{id}: valid run: {}",
                    concise(&valid.graph.set.sources, d)
                ));
            }
        }
        for run in [&invalid, &valid] {
            for p in reader_problems(run) {
                problems.push(format!("{id}: fixtures must read cleanly: {p}"));
            }
        }
        let mut snapshot = String::new();
        for (path, text, _) in &files {
            let _ = writeln!(snapshot, "=== {}", path.display());
            snapshot.push_str(&String::from_utf8_lossy(text));
        }
        for (path, text, _) in &base {
            let _ = writeln!(snapshot, "=== base: {}", path.display());
            snapshot.push_str(&String::from_utf8_lossy(text));
        }
        snapshot.push_str("=== findings\n");
        snapshot.push_str(&render(&invalid));
        insta::with_settings!({
            snapshot_path => "snapshots/rules",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(id, snapshot);
        });
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The ```` ```zone ```` blocks of a rule's `## Example` section: `(fixed, text)`, where blocks
/// after a "Use instead" line are the fixed ones.
fn example_blocks(markdown: &str) -> Vec<(bool, String)> {
    let mut blocks = Vec::new();
    let mut in_example = false;
    let mut fixed = false;
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        if let Some(text) = current.as_mut() {
            if line.starts_with("```") {
                blocks.push((fixed, std::mem::take(text)));
                current = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        if line.starts_with("## ") {
            in_example = line == "## Example";
            fixed = false;
        } else if in_example && line.starts_with("Use instead") {
            fixed = true;
        } else if in_example && line.trim() == "```zone" {
            current = Some(String::new());
        }
    }
    blocks
}

/// Splits an example at `; file: NAME` lines (the part before the first is `example.com.zone`)
/// and `; base: NAME` lines (the base version of file NAME): `(files, base files)`.
fn example_files(text: &str) -> (Files, Files) {
    let mut files = vec![(PathBuf::from("example.com.zone"), Vec::new(), None)];
    let mut base: Files = Vec::new();
    let mut in_base = false;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("; file: ") {
            files.push((PathBuf::from(name.trim()), Vec::new(), None));
            in_base = false;
            continue;
        }
        if let Some(name) = line.strip_prefix("; base: ") {
            base.push((PathBuf::from(name.trim()), Vec::new(), None));
            in_base = true;
            continue;
        }
        let last = if in_base {
            base.last_mut()
        } else {
            files.last_mut()
        };
        let last = last.expect("one file");
        last.1.extend_from_slice(line.as_bytes());
        last.1.push(b'\n');
    }
    for file in files.iter_mut().chain(&mut base) {
        // Examples show records, not boilerplate: a default TTL keeps them readable.
        let mut text = b"$TTL 3600\n".to_vec();
        text.extend_from_slice(&file.1);
        file.1 = text;
    }
    (files, base)
}

#[test]
fn doc_examples_produce_their_rule() {
    let mut problems = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let blocks = example_blocks(&meta.markdown());
        if !blocks.iter().any(|(fixed, _)| !fixed) || !blocks.iter().any(|(fixed, _)| *fixed) {
            problems.push(format!(
                "{}: `## Example` needs a bad block and a `Use instead:` block",
                meta.id
            ));
        }
        for (fixed, text) in blocks {
            let (files, base) = example_files(&text);
            let run = run_rule(meta.id, &files, &base);
            for p in reader_problems(&run) {
                problems.push(format!("{}: example must read cleanly: {p}", meta.id));
            }
            let count = run.findings.iter().filter(|d| d.id == meta.id).count();
            if fixed && count > 0 {
                problems.push(format!(
                    "{}: the fixed example still produces the rule:\n{}",
                    meta.id,
                    render(&run)
                ));
            }
            if !fixed && count == 0 {
                problems.push(format!(
                    "{}: the bad example does not produce the rule",
                    meta.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new("docs/rules.md");
    let want = rule_docs::catalogue_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &want).expect("write docs/rules.md");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `cargo run -- rules --markdown > docs/rules.md` \
         (or `UPDATE_DOCS=1 cargo test --test rules`)"
    );
}

#[test]
fn example_parsing_splits_files_and_sections() {
    let md = "Summary.\n\n## Example\n```zone\n@ MX 10 a\n; file: example.net.zone\nb A 192.0.2.1\n```\n\nUse instead:\n```zone\n@ MX 10 b\n```\n## References\n```zone\nignored\n```\n";
    let blocks = example_blocks(md);
    assert_eq!(blocks.len(), 2);
    assert!(!blocks[0].0 && blocks[1].0);
    let (files, base) = example_files(&blocks[0].1);
    assert_eq!(files.len(), 2);
    assert!(base.is_empty());
    assert_eq!(files[1].0, PathBuf::from("example.net.zone"));
    assert_eq!(files[1].1, b"$TTL 3600\nb A 192.0.2.1\n");
    let (files, base) = example_files("@ MX 10 b\n; base: example.com.zone\n@ MX 10 a\n");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].1, b"$TTL 3600\n@ MX 10 b\n");
    assert_eq!(base.len(), 1);
    assert_eq!(base[0].0, PathBuf::from("example.com.zone"));
    assert_eq!(base[0].1, b"$TTL 3600\n@ MX 10 a\n");
}

/// `cargo fmt` cannot see the rule files: `registry!` declares their modules inside a macro.
/// This runs rustfmt on them directly (skipped, with a message, where rustfmt is missing).
#[test]
fn rule_files_are_formatted() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("src/rules")
        .expect("src/rules")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let out = match std::process::Command::new("rustfmt")
        .args(["--edition", "2024", "--check"])
        .args(&files)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("rule_files_are_formatted: skipped: cannot run rustfmt: {e}");
            return;
        }
    };
    assert!(
        out.status.success(),
        "run `rustfmt --edition 2024 src/rules/*.rs`:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
