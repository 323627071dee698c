//! Reporters: one file per output format, all serialising the same findings.

pub mod coverage;
pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod line_hash;
pub mod sarif;
pub mod text;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::finding::{Finding, Severity};
use crate::model::Location;

/// Everything a reporter needs.
pub struct Report<'r> {
    /// Findings, in output order (suppressed ones included; most formats leave them out).
    pub findings: &'r [Box<Finding>],
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
    /// The accounts of an organization audit, id → name ("" when it has none); empty
    /// otherwise. Reports then group by account and sum up per account.
    pub accounts: &'r std::collections::BTreeMap<String, String>,
}

impl Report<'_> {
    /// Number of active (not suppressed) findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.active().filter(|f| f.severity == severity).count()
    }

    /// The findings that count (not suppressed).
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().map(|f| &**f).filter(|f| f.is_active())
    }

    /// Per account of an organization audit: id, name, active findings by severity
    /// (errors, warnings, notes) and problems (calls that failed, a role not assumed).
    pub fn per_account(&self) -> Vec<AccountSummary> {
        self.accounts
            .iter()
            .map(|(id, name)| {
                let of = |s: Severity| {
                    self.active()
                        .filter(|f| f.severity == s && account_of(&f.location) == Some(id))
                        .count()
                };
                let prefix = format!("account {id}");
                AccountSummary {
                    id: id.clone(),
                    name: name.clone(),
                    errors: of(Severity::Error),
                    warnings: of(Severity::Warning),
                    notes: of(Severity::Note),
                    problems: self
                        .problems
                        .iter()
                        .filter(|p| p.starts_with(&prefix))
                        .count(),
                }
            })
            .collect()
    }
}

/// One account's line of an organization audit's summary.
#[derive(Debug, Clone)]
pub struct AccountSummary {
    /// The account id.
    pub id: String,
    /// Its name in the organization ("" when unknown).
    pub name: String,
    /// Active error findings.
    pub errors: usize,
    /// Active warnings.
    pub warnings: usize,
    /// Active notes.
    pub notes: usize,
    /// Problems (failed calls, or the role could not be assumed).
    pub problems: usize,
}

/// How an account is named in problems and headings: `account 111122223333 (prod)`.
pub fn account_label(id: Option<&str>, name: Option<&str>) -> String {
    match (id, name) {
        (Some(id), Some(name)) => format!("account {id} ({name})"),
        (Some(id), None) => format!("account {id}"),
        (None, _) => "the account".to_string(),
    }
}

/// The account of a live finding's location, when known.
pub fn account_of(loc: &Location) -> Option<&String> {
    loc.live_resource()
        .map(|r| &r.account)
        .filter(|a| !a.is_empty())
}

/// The repository root: the nearest directory at or above the current one with `.git`,
/// else the current directory.
pub fn repository_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map_or(cwd.clone(), Path::to_path_buf)
}

/// A location's path relative to its repository's root, with `/` separators (whatever
/// the current directory).
pub fn repo_path(loc: &Location, _root: &Path) -> Option<String> {
    Some(loc.source()?.repo.clone())
}

/// Whether a place is inside a module `terraform init` downloaded (`.terraform/`): no
/// code host shows those files, since they are not in the repository.
pub fn is_downloaded(loc: &Location) -> bool {
    loc.source()
        .is_some_and(|f| f.repo.split('/').any(|part| part == ".terraform"))
}

/// Where a code host should show a finding: its own place, or for a finding inside a
/// downloaded module, the module call in the repository it came through (the nearest
/// one), with the module's own place to list beside it.
pub fn anchor(f: &Finding) -> (&Location, Option<&Location>) {
    if !is_downloaded(&f.location) {
        return (&f.location, None);
    }
    match f
        .related
        .iter()
        .map(|r| &r.location)
        .find(|l| l.source().is_some() && !is_downloaded(l))
    {
        Some(call) => (call, Some(&f.location)),
        None => (&f.location, None),
    }
}

/// The root of the repository the findings' files are in (the first file's), else the
/// current directory's.
pub fn findings_root(findings: &[Box<Finding>]) -> PathBuf {
    findings
        .iter()
        .filter_map(|f| f.location.source())
        .find_map(|file| {
            let abs = file.path.canonicalize().ok()?;
            let depth = file.repo.split('/').count();
            abs.ancestors().nth(depth).map(Path::to_path_buf)
        })
        .filter(|root| root.join(".git").exists())
        .unwrap_or_else(repository_root)
}

/// Writes a document as pretty-printed JSON and a final newline, as it is made: a report of
/// tens of thousands of findings is several times the size of its input, and is not held
/// whole. serde writes in small pieces, which a buffer of a concrete type takes without a
/// dynamic call each.
pub(crate) fn write_pretty_json(
    doc: &impl serde::Serialize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, doc)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// What a report's writer writes, as text (for callers that want the whole report).
pub(crate) fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    // Writing into memory fails only if serializing does, which these types cannot.
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_default()
}
