//! The JSON report: a documented, stable shape (see the README).

use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::Report;
use crate::finding::Severity;
use crate::model::{Location, Place};

fn location(loc: &Location, accounts: &std::collections::BTreeMap<String, String>) -> Value {
    match loc.place() {
        Place::File { file, span } => {
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
        Place::Resource(r) => {
            let (arn, region, account) = (&r.arn, &r.region, &r.account);
            let mut out = json!({ "arn": arn, "region": region });
            if !account.is_empty() {
                out["account"] = json!(account);
            }
            if let Some(name) = accounts.get(account).filter(|n| !n.is_empty()) {
                out["account_name"] = json!(name);
            }
            out
        }
        Place::Synthetic(label) => json!({ "path": label }),
    }
}

/// One finding as a JSON object.
fn finding(
    f: &crate::finding::Finding,
    accounts: &std::collections::BTreeMap<String, String>,
) -> Value {
    let mut out = json!({
        "rule_id": f.rule_id,
        "rule_name": f.rule_name,
        "severity": f.severity,
        "message": f.message(),
        "resource": f.resource.as_deref(),
        "location": location(&f.location, accounts),
        "related": f.related.iter().map(|r| json!({
            "message": r.message,
            "location": location(&r.location, accounts),
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
    // One finding standing for the instances of one block: the block and how many.
    if let Some(instances) = &f.instances {
        out["instances"] = json!({
            "block": instances.block,
            "count": instances.addresses.len(),
        });
    }
    if let Some(fix) = &f.fix {
        out["fix"] = json!({
            "message": fix.message,
            "applicability": fix.applicability.as_str(),
            "edits": fix.edits.iter().map(|e| json!({
                "location": location(&Location::file(&e.file, e.span.clone()), accounts),
                "content": e.text,
            })).collect::<Vec<_>>(),
        });
    }
    out
}

/// The active findings, each turned into JSON only while it is written: a document tree
/// of every finding at once was several times the size of the report itself.
struct Findings<'r>(&'r Report<'r>);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.active().map(|f| finding(f, self.0.accounts)))
    }
}

/// The document; its keys in alphabetical order, as the report has always had them.
#[derive(Serialize)]
struct Document<'r> {
    /// An organization audit: one line per account.
    #[serde(skip_serializing_if = "Option::is_none")]
    accounts: Option<Vec<Value>>,
    findings: Findings<'r>,
    /// Input errors, and calls a live audit could not make: the report is incomplete.
    problems: &'r [String],
    /// Named paths that were not read: warnings, not errors.
    skipped: &'r [String],
    summary: Value,
    version: &'static str,
}

/// Renders the report as pretty-printed JSON.
pub fn render(report: &Report) -> String {
    super::written(|out| write(report, out))
}

/// Writes the report as pretty-printed JSON, one finding at a time.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let accounts = (!report.accounts.is_empty()).then(|| {
        report
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
            .collect()
    });
    let doc = Document {
        accounts,
        findings: Findings(report),
        problems: report.problems,
        skipped: report.skipped,
        summary: json!({
            "files": report.files,
            "resources": report.resources,
            "modules_not_downloaded": report.missing_modules,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "notes": report.count(Severity::Note),
        }),
        version: env!("CARGO_PKG_VERSION"),
    };
    super::write_pretty_json(&doc, out)
}
