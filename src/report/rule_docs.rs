//! Rule documentation, rendered from the registry: `zonelint rule ID`, `zonelint rules` and
//! `docs/rules.md` all come from the rules' own doc comments, so the docs cannot drift.

use std::fmt::Write as _;

use crate::rules::{READER_IDS, RULES, RuleMeta};

/// One rule's documentation for the terminal: a header line, then its markdown.
#[must_use]
pub fn rule_page(meta: &RuleMeta) -> String {
    format!(
        "{} ({}, default: {}, since {})\n\n{}",
        meta.id,
        meta.group.as_str(),
        meta.default_level.as_str(),
        meta.since,
        meta.markdown()
    )
}

/// The list of rules: id, group, default level and summary, one per line, sorted by id.
#[must_use]
pub fn rule_list() -> String {
    let width = RULES.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in RULES {
        let meta = rule.meta();
        let _ = writeln!(
            out,
            "{:width$}  {:8}  {:7}  {}",
            meta.id,
            meta.group.as_str(),
            meta.default_level.as_str(),
            meta.summary(),
        );
    }
    out
}

/// `docs/rules.md`: an index table, then each rule's documentation with its headings moved one
/// level down.
#[must_use]
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rules' doc comments by `zonelint rules --markdown`. \
         Do not edit: a test fails when this file is stale. -->\n\n\
         Each rule has an id (use it to configure or suppress the rule), a group, and a default \
         level. Findings of the reader itself (the `syntax` group) are listed at the end.\n\n\
         | id | group | default | summary |\n|---|---|---|---|\n",
    );
    for rule in RULES {
        let meta = rule.meta();
        let _ = writeln!(
            out,
            "| [{id}](#{id}) | {} | {} | {} |",
            meta.group.as_str(),
            meta.default_level.as_str(),
            meta.summary().replace('|', "\\|"),
            id = meta.id,
        );
    }
    for rule in RULES {
        let meta = rule.meta();
        let _ = write!(
            out,
            "\n## {}\n\nGroup `{}`, default level `{}`, since {}.\n\n",
            meta.id,
            meta.group.as_str(),
            meta.default_level.as_str(),
            meta.since
        );
        let mut in_code = false;
        for line in meta.markdown().lines() {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            if !in_code && line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("\n## Reader findings\n\nReported while reading, before any rule runs; they can be configured like rules:\n\n");
    for id in READER_IDS {
        let _ = writeln!(out, "- `{id}`");
    }
    out
}
