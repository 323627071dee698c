//! Reporters: one file per output format, all serialising the same findings.

pub mod coverage;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use std::path::{Path, PathBuf};

use crate::finding::{Finding, Severity};
use crate::model::Location;

/// Everything a reporter needs.
pub struct Report<'r> {
    /// Findings, in output order (suppressed ones included; most formats leave them out).
    pub findings: &'r [Finding],
    /// Files read.
    pub files: usize,
    /// Resources seen.
    pub resources: usize,
    /// Module calls whose module is not on disk (their resources were not checked).
    pub missing_modules: usize,
    /// Input errors, for formats that record them (SARIF notifications).
    pub problems: &'r [String],
    /// Named paths that were not read (not an input lifeboat knows), for formats that
    /// record them.
    pub skipped: &'r [String],
}

impl Report<'_> {
    /// Number of active (not suppressed) findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.active().filter(|f| f.severity == severity).count()
    }

    /// The findings that count (not suppressed).
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_active())
    }
}

/// The repository root: the nearest directory at or above the current one with `.git`,
/// else the current directory.
pub fn repository_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map_or(cwd.clone(), Path::to_path_buf)
}

/// A location's path relative to the repository root, with `/` separators.
pub fn repo_path(loc: &Location, root: &Path) -> Option<String> {
    let file = loc.source()?;
    let abs = std::env::current_dir().unwrap_or_default().join(&file.path);
    let abs = abs.canonicalize().unwrap_or(abs);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let rel = abs.strip_prefix(&root).map_or_else(
        |_| file.display.clone(),
        |p| p.to_string_lossy().into_owned(),
    );
    Some(rel.replace('\\', "/"))
}
