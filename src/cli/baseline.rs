//! Baseline files (`--baseline FILE`, `--update-baseline`): the findings a project has
//! accepted, so that a run reports only the others. Entries are keyed by fingerprint (rule,
//! file, the record's owner, type and data, the offending text: never a line number), with
//! files named relative to the baseline's directory, so moving records or running from
//! another directory does not bring them back. The format is in `docs/output.md`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::config::absolute;
use crate::diag::Diagnostic;
use crate::report::fingerprint::Fingerprinter;
use crate::zone::ZoneSet;

/// The version of the format this build writes and reads.
const VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the baseline's directory, with `/` separators.
    pub file: String,
    pub rule: String,
    /// The owner and type of the record the finding is about, when it is about one (for
    /// people reading the file; matching uses the fingerprint alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub rtype: Option<String>,
    pub fingerprint: String,
    /// The message when the baseline was written (for people; not matched).
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// A baseline that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline `{}`: {source} (create it with --update-baseline)", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("baseline `{}` is not a zonelint baseline: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
    #[error("cannot write baseline `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The entries the findings of a run would have in the baseline at `baseline`, in order.
#[must_use]
pub fn entries(set: &ZoneSet, findings: &[Diagnostic], baseline: &Path) -> Vec<Entry> {
    // The directory exists even when the baseline does not yet.
    let parent = baseline.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = absolute(parent.unwrap_or(Path::new(".")));
    let paths: Vec<String> = set
        .sources
        .files()
        .iter()
        .map(|file| relative_name(&absolute(file.path()), &dir))
        .collect();
    let fingerprinter = Fingerprinter::new(set).with_paths(paths.clone());
    let prints = fingerprinter.all(findings);
    findings
        .iter()
        .zip(prints)
        .map(|(d, fingerprint)| {
            let record = fingerprinter.record_at(d.span).map(|i| &set.records[i]);
            Entry {
                file: paths
                    .get(d.span.file.0 as usize)
                    .cloned()
                    .unwrap_or_default(),
                rule: d.id.to_owned(),
                owner: record.map(|r| set.names.text(r.owner)),
                rtype: record.map(|r| r.rtype.to_string()),
                fingerprint,
                message: d.message.clone(),
            }
        })
        .collect()
}

/// `path` relative to `dir` with `/` separators when it lies below it, else as it is.
fn relative_name(path: &Path, dir: &Path) -> String {
    match path.strip_prefix(dir) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

/// The fingerprints recorded in a baseline file.
///
/// # Errors
/// When the file cannot be read or is not a baseline.
pub fn read(path: &Path) -> Result<HashSet<String>, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
        path: path.to_owned(),
        source,
    })?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| BaselineError::Invalid {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    if file.version != VERSION {
        return Err(BaselineError::Invalid {
            path: path.to_owned(),
            reason: format!(
                "version {} (this zonelint reads version {VERSION})",
                file.version
            ),
        });
    }
    Ok(file.findings.into_iter().map(|e| e.fingerprint).collect())
}

/// Writes `entries` as the baseline at `path`: sorted by file, rule, owner, type and
/// fingerprint, pretty-printed, so that a change to it reads well in a diff.
///
/// # Errors
/// When the file cannot be written.
pub fn write(path: &Path, mut entries: Vec<Entry>) -> Result<(), BaselineError> {
    entries.sort();
    entries.dedup();
    let file = BaselineFile {
        version: VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    std::fs::write(path, text).map_err(|source| BaselineError::Write {
        path: path.to_owned(),
        source,
    })
}

/// Which findings to keep (those the baseline does not hold), and how many baseline entries
/// matched no finding (fixed since: the baseline can shrink).
#[must_use]
pub fn filter(entries: &[Entry], accepted: &HashSet<String>) -> (Vec<bool>, usize) {
    let keep: Vec<bool> = entries
        .iter()
        .map(|e| !accepted.contains(&e.fingerprint))
        .collect();
    let present: HashSet<&str> = entries.iter().map(|e| e.fingerprint.as_str()).collect();
    let stale = accepted
        .iter()
        .filter(|f| !present.contains(f.as_str()))
        .count();
    (keep, stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str, rule: &str, fingerprint: &str) -> Entry {
        Entry {
            file: file.to_owned(),
            rule: rule.to_owned(),
            owner: None,
            rtype: None,
            fingerprint: fingerprint.to_owned(),
            message: String::new(),
        }
    }

    #[test]
    fn filter_keeps_what_the_baseline_lacks_and_counts_stale_entries() {
        let run = [entry("a.zone", "r", "1"), entry("a.zone", "r", "2")];
        let accepted: HashSet<String> = ["2", "3"].iter().map(ToString::to_string).collect();
        assert_eq!(filter(&run, &accepted), (vec![true, false], 1));
    }

    #[test]
    fn names_are_relative_with_slashes() {
        assert_eq!(
            relative_name(Path::new("/repo/zones/a.zone"), Path::new("/repo")),
            "zones/a.zone"
        );
        assert_eq!(
            relative_name(Path::new("/elsewhere/a.zone"), Path::new("/repo")),
            "/elsewhere/a.zone"
        );
    }

    #[test]
    fn written_files_are_sorted_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("baseline.json");
        write(
            &path,
            vec![entry("b.zone", "r", "2"), entry("a.zone", "s", "1")],
        )
        .expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.find("a.zone") < text.find("b.zone"), "{text}");
        let read = read(&path).expect("baseline");
        assert_eq!(read.len(), 2);
        std::fs::write(&path, "{\"version\": 2, \"findings\": []}").expect("write");
        assert!(super::read(&path).is_err());
    }
}
