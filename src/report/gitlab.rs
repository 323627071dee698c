//! GitLab Code Quality report (a JSON array of issues).

use serde_json::json;

use super::Report;
use crate::finding::Severity;
use crate::model::Place;

/// Renders GitLab Code Quality JSON.
pub fn render(report: &Report) -> String {
    let issues: Vec<_> = report
        .active()
        .map(|f| {
            let (path, line) = match f.location.place() {
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
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_default();
    out.push('\n');
    out
}
