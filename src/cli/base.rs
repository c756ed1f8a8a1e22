//! `check --base REV`: the run's zone files as they were at a git revision, read (with their
//! `$INCLUDE`s, at the revision too) into the graph the change-aware rules compare with; and
//! `--new-only`: which findings of the run already existed there.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::apply;
use super::args::{CheckArgs, FailOn};
use super::config::{ConfigError, Configs, absolute};
use super::discover::{STDIN_ARG, looks_like_zone_file};
use super::git::{GitError, GitRevision};
use super::load::ZoneRead;
use super::progress::Progress;
use super::read::{self, Job, Text};
use super::selection::SelectionLayer;
use crate::diag::Diagnostic;
use crate::graph::Graph;
use crate::report::fingerprint::fingerprints;
use crate::zone::{LoadError, RdataOverflow};

/// Why the base cannot be read.
#[derive(Debug, thiserror::Error)]
pub(super) enum BaseError {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot read the base version: {0}")]
    Read(LoadError),
    #[error("cannot read the base version: {0}")]
    TooLarge(#[from] RdataOverflow),
}

/// Reads every zone file of the run as it was at `rev` (a file new since then has no base;
/// zone files under the named paths deleted since then are read too, so that what pointed
/// into them is found) and attaches them to `graph` as its base.
///
/// # Errors
/// When git cannot read the revision, or a file there cannot be read for another reason
/// than not existing.
pub(super) fn attach(
    graph: &mut Graph,
    rev: &str,
    reads: &[ZoneRead],
    args: &CheckArgs,
    configs: &mut Configs,
) -> Result<(), BaseError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    // The repository of the first path named (the working directory's for stdin).
    let first = args.paths.iter().find(|p| p.as_os_str() != STDIN_ARG);
    let dir = first.map_or(cwd.clone(), |p| {
        if p.is_dir() {
            p.clone()
        } else {
            p.parent().map(Path::to_path_buf).unwrap_or_default()
        }
    });
    let git = Arc::new(GitRevision::open(&dir, &cwd, rev)?);
    let mut options = args.reader.options();
    options.files = Some(Arc::clone(&git) as Arc<dyn crate::zone::FileSource>);
    let named: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != STDIN_ARG)
        .cloned()
        .collect();
    // Zone files under the named paths deleted since `rev`, up to the first bad config. Their
    // errors come after those of reading the run's own files, as if they were looked up after.
    let mut later_error = None;
    let mut deleted = Vec::new();
    match git.deleted_files(&named) {
        Ok(paths) => {
            for path in paths.into_iter().filter(|p| looks_like_zone_file(p)) {
                let origin = match &args.reader.origin {
                    Some(origin) => Some(origin.clone()),
                    None => match configs.for_file(&absolute(&path)) {
                        Ok(config) => config.and_then(|c| c.origin_for(&path).map(str::to_owned)),
                        Err(e) => {
                            later_error = Some(e.into());
                            break;
                        }
                    },
                };
                deleted.push(Job {
                    path,
                    text: Text::File,
                    origin,
                });
            }
        }
        Err(e) => later_error = Some(e.into()),
    }
    let jobs: Vec<Job> = reads
        .iter()
        .map(|zone| Job {
            path: zone.path.clone(),
            text: Text::File,
            origin: zone.origin.clone(),
        })
        .chain(deleted)
        .collect();
    let read = read::read_all(jobs, &options, &Progress::hidden());
    let mut outcomes = read.outcomes.into_iter();
    if let Some(e) = first_failure(outcomes.by_ref().take(reads.len())) {
        return Err(BaseError::Read(e));
    }
    if let Some(e) = later_error {
        return Err(e);
    }
    if let Some(e) = first_failure(outcomes) {
        return Err(BaseError::Read(e));
    }
    if let Some(e) = read.overflow {
        return Err(e.into());
    }
    graph.set_base(Graph::build(read.set), rev);
    Ok(())
}

/// The first error of reading that is not a file missing at the revision (a file new since).
fn first_failure(outcomes: impl Iterator<Item = Result<(), LoadError>>) -> Option<LoadError> {
    outcomes.filter_map(Result::err).find(
        |e| !matches!(e, LoadError::Io { source, .. } if source.kind() == ErrorKind::NotFound),
    )
}

/// For each finding: whether it is new, i.e. the same run over the base (same rules, same
/// configs) did not report a finding with its fingerprint.
///
/// # Errors
/// On a bad config file.
pub(super) fn new_findings(
    graph: &Graph,
    configs: &mut Configs,
    selection: &SelectionLayer,
    fail_on: Option<FailOn>,
    findings: &[Diagnostic],
) -> Result<Vec<bool>, ConfigError> {
    let Some(base) = graph.base() else {
        return Ok(vec![true; findings.len()]);
    };
    // Compared by fingerprint only: no details needed.
    let old = apply::run_rules(
        base,
        &[],
        configs,
        selection,
        fail_on,
        |_| true,
        apply::RunOptions {
            details: false,
            times: None,
        },
    )?;
    let old: HashSet<String> = fingerprints(&base.set, &old.findings).into_iter().collect();
    Ok(fingerprints(&graph.set, findings)
        .iter()
        .map(|print| !old.contains(print))
        .collect())
}
