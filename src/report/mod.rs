//! Renderers of diagnostics. They read the [`crate::diag::Diagnostic`] data and the sources;
//! they never decide what is a finding.
//!
//! The machine formats (`json`, `sarif`, `github`, `gitlab`, `junit`) are pure functions from a
//! [`Findings`] to the text to write.

pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod mail_changes;
pub mod region;
pub mod rule_docs;
pub mod sarif;
pub mod source_code;
pub mod statistics;

use crate::diag::Diagnostic;
use crate::zone::source::SourceMap;

/// One run's findings, as every machine format reads them.
#[derive(Clone, Copy)]
pub struct Findings<'a> {
    pub sources: &'a SourceMap,
    /// Sorted, as [`crate::rules::run`] returns them.
    pub diagnostics: &'a [Diagnostic],
    /// One per diagnostic, same order (see [`fingerprint::fingerprints`]).
    pub fingerprints: &'a [String],
}

impl<'a> Findings<'a> {
    /// Each diagnostic with its fingerprint.
    pub fn iter(&self) -> impl Iterator<Item = (&'a Diagnostic, &'a str)> + use<'a> {
        self.diagnostics
            .iter()
            .zip(self.fingerprints.iter().map(String::as_str))
    }
}
