//! Renderers of diagnostics. They read the [`crate::diag::Diagnostic`] data and the sources;
//! they never decide what is a finding.

pub mod human;
pub mod rule_docs;
pub mod source_code;
