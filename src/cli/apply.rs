//! Runs the rules under each file's config: the selection and levels of the nearest config file
//! with the command line's over them, its `[[per-file-ignores]]`, `[settings]` and `fail-on`. A
//! finding belongs to the file of its primary span, and that file's config decides about it.

use std::path::PathBuf;
use std::sync::Arc;

use super::args::FailOn;
use super::config::{Config, ConfigError, Configs, absolute};
use super::selection::{self, SelectionLayer};
use super::threads;
use crate::diag::Diagnostic;
use crate::graph::Graph;
use crate::rules;
use crate::rules::RuleTimes;
use crate::zone::source::{FileId, SourceFile};

/// The findings to report, and whether one of them fails the run.
pub(super) struct Outcome {
    pub findings: Vec<Diagnostic>,
    pub failing: bool,
    /// Findings hidden by inline suppressions.
    pub suppressed: usize,
    /// Per finding: whether it fails the run under its file's `fail-on`.
    fails: Vec<bool>,
}

impl Outcome {
    /// Keeps the findings `keep` says yes to (one flag per finding), and whether the run
    /// fails follows.
    pub(super) fn retain(&mut self, keep: &[bool]) {
        let mut flags = keep.iter();
        let mut fails = self.fails.iter();
        let mut kept_fails = Vec::new();
        self.findings.retain(|_| {
            let keep = flags.next().copied().unwrap_or(true);
            let fails = fails.next().copied().unwrap_or(false);
            if keep {
                kept_fails.push(fails);
            }
            keep
        });
        self.failing = kept_fails.iter().any(|&f| f);
        self.fails = kept_fails;
    }
}

/// How the rules run, beside what they run on.
pub(super) struct RunOptions<'t> {
    /// Keep each finding's help, notes and labels (some output prints them).
    pub details: bool,
    /// Time each rule (`--timings`).
    pub times: Option<&'t mut RuleTimes>,
}

/// Runs the rules once per distinct config among the run's files (usually one). `known`
/// holds the absolute paths (see [`absolute`]) of files, by id, that the caller has already.
pub(super) fn run_rules(
    graph: &Graph,
    known: &[Option<PathBuf>],
    configs: &mut Configs,
    cli: &SelectionLayer,
    cli_fail_on: Option<FailOn>,
    reported: impl Fn(FileId) -> bool,
    how: RunOptions<'_>,
) -> Result<Outcome, ConfigError> {
    let RunOptions { details, mut times } = how;
    let files = graph.set.sources.files();
    let items: Vec<(&SourceFile, Option<&PathBuf>)> = files
        .iter()
        .enumerate()
        .map(|(i, file)| (file, known.get(i).and_then(Option::as_ref)))
        .collect();
    let paths: Vec<PathBuf> = threads::map_files(&items, |(file, known)| {
        known.map_or_else(|| absolute(file.path()), PathBuf::clone)
    });
    let mut scopes: Vec<Option<Arc<Config>>> = Vec::new();
    let mut scope_of_file: Vec<usize> = Vec::with_capacity(files.len());
    for path in &paths {
        let config = configs.for_file(path)?;
        let same = |s: &Option<Arc<Config>>| match (s, &config) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        let scope = scopes.iter().position(same).unwrap_or_else(|| {
            scopes.push(config.clone());
            scopes.len() - 1
        });
        scope_of_file.push(scope);
    }
    if scopes.is_empty() {
        scopes.push(None);
    }
    // Filtered in place and moved, never copied: a large zone has hundreds of thousands of
    // findings, and a second list of them was a tenth of the run's peak memory.
    let mut findings: Vec<Diagnostic> = Vec::new();
    let mut fails: Vec<bool> = Vec::new();
    let mut suppressed = 0;
    for (index, scope) in scopes.iter().enumerate() {
        let config = scope.as_deref();
        let mut layers: Vec<&SelectionLayer> = config.map(|c| &c.selection).into_iter().collect();
        layers.push(cli);
        let severities = config.map_or(&[][..], |c| c.severities.as_slice());
        let mut rule_config = selection::rule_config(&layers, severities);
        if let Some(c) = config {
            rule_config.set_settings(Arc::clone(&c.settings));
        }
        if !details {
            rule_config.without_details();
        }
        let fail_on = cli_fail_on
            .or(config.and_then(|c| c.fail_on))
            .unwrap_or(FailOn::Warning);
        let run = match times.as_deref_mut() {
            Some(times) => rules::run_timed(graph, &rule_config, times),
            None => rules::run_counting(graph, &rule_config),
        };
        suppressed += run.suppressed;
        let mut diagnostics = run.diagnostics;
        diagnostics.retain(|d| {
            let file = d.span.file.0 as usize;
            reported(d.span.file)
                && scope_of_file.get(file).copied().unwrap_or(0) == index
                && !matches!((config, paths.get(file)), (Some(c), Some(path))
                    if c.ignores(path, d.id, selection::group_of(d.id)))
        });
        fails.extend(diagnostics.iter().map(|d| fail_on.fails(d.severity)));
        if findings.is_empty() {
            findings = diagnostics;
        } else {
            findings.append(&mut diagnostics);
        }
    }
    if scopes.len() > 1 {
        let mut both: Vec<(bool, Diagnostic)> = fails.into_iter().zip(findings).collect();
        both.sort_by(|(_, a), (_, b)| a.sort_key().cmp(&b.sort_key()));
        (fails, findings) = both.into_iter().unzip();
    }
    Ok(Outcome {
        findings,
        failing: fails.iter().any(|&f| f),
        suppressed,
        fails,
    })
}
