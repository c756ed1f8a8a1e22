//! A finding's fingerprint: a stable identity that survives lines moving, so SARIF alerts,
//! GitLab issues and baselines follow a finding when records are added above it.
//!
//! It hashes (SHA-256) the rule id, the file's path, and what the finding is about: the
//! identity of the record its primary span lies in (owner, type, rdata: never its line) and the
//! offending text; outside any record (a syntax error, a comment) the offending text alone.
//! Findings that would still share a fingerprint (the same record twice in a file) are told
//! apart by their order of appearance, which does not depend on line numbers either.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::zone::ZoneSet;
use crate::zone::source::Span;

/// Finds the record a span lies in: per file, the records' entry spans in source order.
pub struct Fingerprinter<'a> {
    set: &'a ZoneSet,
    /// Per file id: `(start, end, record index)` sorted by start.
    by_file: Vec<Vec<(u32, u32, usize)>>,
    /// Per file id: the path to hash instead of the one the file was read under.
    paths: Option<Vec<String>>,
}

impl<'a> Fingerprinter<'a> {
    #[must_use]
    pub fn new(set: &'a ZoneSet) -> Self {
        let mut by_file: Vec<Vec<(u32, u32, usize)>> = vec![Vec::new(); set.sources.files().len()];
        for (i, record) in set.records.iter().enumerate() {
            if let Some(list) = by_file.get_mut(record.span.file.0 as usize) {
                list.push((record.span.start, record.span.end, i));
            }
        }
        for list in &mut by_file {
            // Already in order within a file, except that records of one `$GENERATE` share a
            // span: a stable sort keeps the first of them first.
            list.sort_by_key(|&(start, _, _)| start);
        }
        Self {
            set,
            by_file,
            paths: None,
        }
    }

    /// Hashes `paths[file id]` as each file's path instead of the path it was read under:
    /// a baseline names files relative to itself, so that it matches from any working
    /// directory.
    #[must_use]
    pub fn with_paths(mut self, paths: Vec<String>) -> Self {
        self.paths = Some(paths);
        self
    }

    /// The index of the record whose entry contains `span`, if any.
    #[must_use]
    pub fn record_at(&self, span: Span) -> Option<usize> {
        let list = self.by_file.get(span.file.0 as usize)?;
        let after = list.partition_point(|&(start, _, _)| start <= span.start);
        let mut i = after.checked_sub(1)?;
        // Several records can share a start (`$GENERATE`): take the first of them.
        while i > 0 && list[i - 1].0 == list[i].0 {
            i -= 1;
        }
        let (start, end, record) = list[i];
        (span.start >= start && span.end <= end).then_some(record)
    }

    /// The fingerprint of one finding, before duplicates are told apart: 32 hex digits.
    #[must_use]
    pub fn base(&self, diag: &Diagnostic) -> String {
        let sources = &self.set.sources;
        let mut hasher = Sha256::new();
        let mut field = |bytes: &[u8]| {
            // Length-prefixed, so no two field lists hash the same bytes.
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        };
        field(b"zonelint-fingerprint-v1");
        field(diag.id.as_bytes());
        match self
            .paths
            .as_ref()
            .and_then(|p| p.get(diag.span.file.0 as usize))
        {
            Some(path) => field(path.as_bytes()),
            None => field(
                sources
                    .file(diag.span.file)
                    .path()
                    .to_string_lossy()
                    .as_bytes(),
            ),
        }
        match self.record_at(diag.span) {
            Some(i) => {
                let record = &self.set.records[i];
                field(b"record");
                // The name table keeps names lowercase already.
                field(self.set.names.wire(record.owner));
                field(&record.rtype.0.to_be_bytes());
                field(record.rdata(&self.set.rdata));
            }
            None => field(b"text"),
        }
        field(&sources.slice(diag.span));
        let digest = hasher.finalize();
        hex(&digest[..16])
    }

    /// Fingerprints of every finding, in order; the n-th repeat of a fingerprint gets `n` mixed
    /// in, so the list has no duplicates.
    #[must_use]
    pub fn all(&self, findings: &[Diagnostic]) -> Vec<String> {
        let mut seen: HashMap<String, u32> = HashMap::new();
        findings
            .iter()
            .map(|diag| {
                let base = self.base(diag);
                let count = seen.entry(base.clone()).or_insert(0);
                *count += 1;
                if *count == 1 {
                    base
                } else {
                    let mut hasher = Sha256::new();
                    hasher.update(base.as_bytes());
                    hasher.update(count.to_be_bytes());
                    hex(&hasher.finalize()[..16])
                }
            })
            .collect()
    }
}

/// Fingerprints of `findings` (see the module docs), in the same order.
#[must_use]
pub fn fingerprints(set: &ZoneSet, findings: &[Diagnostic]) -> Vec<String> {
    Fingerprinter::new(set).all(findings)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}
