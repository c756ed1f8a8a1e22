//! `--statistics`: how many findings each rule produced, most first, for the human formats.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diag::Diagnostic;

/// One line per rule, `count  rule-id`, by count (most first) then id; empty with no findings.
#[must_use]
pub fn statistics(findings: &[Diagnostic]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in findings {
        *counts.entry(d.id).or_default() += 1;
    }
    let mut rows: Vec<(&str, usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = rows.first().map_or(1, |&(_, n)| n.to_string().len());
    let mut out = String::new();
    for (id, n) in rows {
        let _ = writeln!(out, "{n:>width$}  {id}");
    }
    out
}
