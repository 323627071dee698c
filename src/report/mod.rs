//! Reporters: one file per output format, all serialising the same findings.

pub mod json;
pub mod text;

use crate::finding::{Finding, Severity};

/// Everything a reporter needs.
pub struct Report<'r> {
    /// Findings, in output order.
    pub findings: &'r [Finding],
    /// Files read.
    pub files: usize,
    /// Resources seen.
    pub resources: usize,
}

impl Report<'_> {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}
