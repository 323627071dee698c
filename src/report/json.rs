//! The JSON report: a documented, stable shape (see the README).

use serde_json::{json, Value};

use super::Report;
use crate::finding::Severity;
use crate::model::Location;

fn location(loc: &Location, accounts: &std::collections::BTreeMap<String, String>) -> Value {
    match loc {
        Location::File { file, span } => {
            let start = file.line_col(span.start);
            let end = file.line_col(span.end);
            json!({
                "path": file.repo,
                "start_line": start.line,
                "start_column": start.column,
                "end_line": end.line,
                "end_column": end.column,
            })
        }
        Location::Resource {
            arn,
            region,
            account,
        } => {
            let mut out = json!({ "arn": arn, "region": region });
            if !account.is_empty() {
                out["account"] = json!(account);
            }
            if let Some(name) = accounts.get(account).filter(|n| !n.is_empty()) {
                out["account_name"] = json!(name);
            }
            out
        }
        Location::Synthetic { label } => json!({ "path": label }),
    }
}

/// Renders the report as pretty-printed JSON.
pub fn render(report: &Report) -> String {
    let findings: Vec<Value> = report
        .active()
        .map(|f| {
            let mut out = json!({
                "rule_id": f.rule_id,
                "rule_name": f.rule_name,
                "severity": f.severity,
                "message": f.message,
                "resource": f.resource,
                "location": location(&f.location, report.accounts),
                "related": f.related.iter().map(|r| json!({
                    "message": r.message,
                    "location": location(&r.location, report.accounts),
                })).collect::<Vec<_>>(),
            });
            // The short parts of the diagnostic, when the rule gives them.
            for (key, value) in [
                ("headline", &f.headline),
                ("label", &f.label),
                ("help", &f.help),
            ] {
                if let Some(v) = value {
                    out[key] = json!(v);
                }
            }
            if let Some(fix) = &f.fix {
                out["fix"] = json!({
                    "message": fix.message,
                    "applicability": fix.applicability.as_str(),
                    "edits": fix.edits.iter().map(|e| json!({
                        "location": location(&Location::File {
                            file: std::sync::Arc::clone(&e.file),
                            span: e.span.clone(),
                        }, report.accounts),
                        "content": e.text,
                    })).collect::<Vec<_>>(),
                });
            }
            out
        })
        .collect();
    let mut doc = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "findings": findings,
        "summary": {
            "files": report.files,
            "resources": report.resources,
            "modules_not_downloaded": report.missing_modules,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "notes": report.count(Severity::Note),
        },
        // Input errors, and calls a live audit could not make: the report is incomplete.
        "problems": report.problems,
        // Named paths that were not read: warnings, not errors.
        "skipped": report.skipped,
    });
    // An organization audit: one line per account.
    if !report.accounts.is_empty() {
        doc["accounts"] = report
            .per_account()
            .iter()
            .map(|a| {
                json!({
                    "id": a.id,
                    "name": a.name,
                    "errors": a.errors,
                    "warnings": a.warnings,
                    "notes": a.notes,
                    "problems": a.problems,
                })
            })
            .collect();
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
