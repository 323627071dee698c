//! GitLab Code Quality report (a JSON array of issues).

use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::Report;
use crate::finding::{Finding, Severity};
use crate::model::Place;

/// Renders GitLab Code Quality JSON.
pub fn render(report: &Report) -> String {
    super::written(|out| write(report, out))
}

/// Writes GitLab Code Quality JSON, each issue made only while it is written.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    super::write_pretty_json(&Issues(report), out)
}

/// The active findings as Code Quality issues, made one at a time.
struct Issues<'r>(&'r Report<'r>);

impl Serialize for Issues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.active().map(issue))
    }
}

/// One finding as a Code Quality issue.
fn issue(f: &Finding) -> Value {
    // Inside a downloaded module: at the module call (GitLab has no `.terraform/`).
    let (path, line) = match super::anchor(f).0.place() {
        Place::File { file, span } => (file.repo.clone(), file.line_col(span.start).line),
        Place::Resource(r) => (r.arn.clone(), 1),
        Place::Synthetic(label) => (label.to_string(), 1),
    };
    json!({
        "type": "issue",
        "description": format!("{}: {}", f.rule_id, f.message()),
        "check_name": format!("{} {}", f.rule_id, f.rule_name),
        "fingerprint": crate::fingerprint::of(f),
        "severity": match f.severity { Severity::Error => "critical", Severity::Warning => "major", Severity::Note => "info" },
        "location": { "path": path, "lines": { "begin": line } },
    })
}
