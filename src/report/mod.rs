//! Renderers: one module per output format, all reading the same [`Report`](crate::Report).

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use crate::rules::Severity;

/// Counts by severity, for summaries.
pub fn counts(report: &crate::Report) -> (usize, usize, usize) {
    let n = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}
