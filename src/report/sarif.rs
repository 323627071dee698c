//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

use std::path::Path;

use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::{repo_path, Report};
use crate::docs;
use crate::finding::{Finding, Severity};
use crate::model::Location;
use crate::rules;

/// Options of the SARIF output.
#[derive(Debug, Clone, Default)]
pub struct SarifOptions {
    /// `automationDetails.id` (GitHub's category), e.g. `lifeboat/prod/`.
    pub category: Option<String>,
    /// Severity overrides from the configuration (by rule id or name): the rules'
    /// default level and security-severity follow them.
    pub severity: std::collections::BTreeMap<String, Severity>,
    /// Keep suppressed and baselined findings (with `suppressions`). GitHub code scanning
    /// does not read `suppressions` and opens every result as an alert, so by default
    /// they are left out.
    pub include_suppressed: bool,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// GitHub's security-severity: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "7.5",
        Severity::Warning => "5.0",
        Severity::Note => "2.0",
    }
}

fn family(id: &str) -> &'static str {
    match id.get(..3) {
        Some("LB0") => "input",
        Some("LB1") => "vault",
        Some("LB2") => "backup-plan",
        Some("LB3") => "coverage",
        Some("LB4") => "database",
        Some("LB5") => "dynamodb",
        Some("LB6") => "s3",
        Some("LB7") => "monitoring",
        Some("LB8") => "recovery-testing",
        _ => "live",
    }
}

/// Rules whose findings are security exposures (data an attacker, or a mistake, can
/// destroy or read): only these carry `security-severity` and the `security` tag, so
/// code scanning does not file parse errors or monitoring gaps as security alerts.
const SECURITY_RULES: &[&str] = &[
    "LB101", "LB102", "LB103", "LB105", "LB107", "LB210", "LB214", "LB403", "LB405", "LB409",
    "LB502", "LB606", "LB607",
];

fn rule_descriptor(rule: &dyn rules::Rule, options: &SarifOptions) -> Value {
    let info = rule.info();
    let severity = options
        .severity
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(info.id) || k.as_str() == info.name)
        .map_or(info.severity, |(_, s)| *s);
    let doc = docs::for_rule(info.id);
    let summary = doc.as_ref().map(|d| d.summary.clone()).unwrap_or_default();
    let body = doc.as_ref().map(|d| d.body.to_string()).unwrap_or_default();
    let security = SECURITY_RULES.contains(&info.id);
    let mut tags = vec!["reliability", "backup", family(info.id)];
    if security {
        tags.push("security");
    }
    let mut properties = json!({
        "tags": tags,
        "precision": "high",
        "problem.severity": match severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Note => "recommendation" },
    });
    if security {
        properties["security-severity"] = json!(security_severity(severity));
    }
    json!({
        "id": info.id,
        // The kebab-case name users write in `select`, `ignore` and suppressions.
        "name": info.name,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": format!("{} (applies to: {})", summary, doc.as_ref().map(|d| d.applies_to.as_str()).unwrap_or("")) },
        "help": { "text": body, "markdown": body },
        "helpUri": format!("https://github.com/lifeboat-dev/lifeboat/blob/main/rules/{}.md", info.id),
        "defaultConfiguration": { "level": level(severity) },
        "properties": properties,
    })
}

fn region(loc: &Location) -> Option<Value> {
    let (file, span) = loc.file_span()?;
    let start = file.line_col(span.start);
    let end = file.line_col(span.end.max(span.start));
    let mut out = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column.max(if end.line == start.line { start.column } else { 1 }),
    });
    let snippet = file.slice(&span);
    if snippet.len() <= MAX_SNIPPET {
        out["snippet"] = json!({ "text": snippet });
    }
    Some(out)
}

/// Longest snippet a SARIF region carries: a minified template is one line, and its
/// whole text in every result would make a log of gigabytes (viewers read the file).
const MAX_SNIPPET: usize = 4096;

/// The lines around a region (one before, one after), for viewers that show context.
fn context(loc: &Location) -> Option<Value> {
    let (file, span) = loc.file_span()?;
    let first = file.line_col(span.start).line.saturating_sub(1).max(1);
    let last = file.line_col(span.end.max(span.start)).line + 1;
    let from = file.line_start(first)?;
    let to = file.line_start(last + 1).unwrap_or(file.text.len());
    if to.saturating_sub(from) > MAX_SNIPPET {
        return None;
    }
    Some(json!({
        "startLine": first,
        "endLine": last.min(file.line_col(file.text.len()).line),
        "snippet": { "text": file.slice(&(from..to)) },
    }))
}

fn physical(loc: &Location, root: &Path) -> Option<Value> {
    let uri = repo_path(loc, root)?;
    let mut out = json!({
        "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
        "region": region(loc)?,
    });
    if let Some(c) = context(loc) {
        out["contextRegion"] = c;
    }
    Some(out)
}

/// A fix as SARIF `fixes[]`: replacements per artifact (an empty deleted region inserts).
fn sarif_fix(fix: &crate::finding::Fix, root: &Path) -> Option<Value> {
    let mut by_uri: Vec<(String, Vec<Value>)> = Vec::new();
    for e in &fix.edits {
        let loc = Location::file(&e.file, e.span.clone());
        let uri = repo_path(&loc, root)?;
        let mut deleted = region(&loc)?;
        if let Some(obj) = deleted.as_object_mut() {
            obj.remove("snippet");
        }
        let replacement =
            json!({ "deletedRegion": deleted, "insertedContent": { "text": e.text } });
        match by_uri.iter_mut().find(|(u, _)| *u == uri) {
            Some((_, r)) => r.push(replacement),
            None => by_uri.push((uri, vec![replacement])),
        }
    }
    let changes: Vec<Value> = by_uri
        .into_iter()
        .map(|(uri, replacements)| {
            json!({
                "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                "replacements": replacements,
            })
        })
        .collect();
    Some(json!({
        "description": { "text": format!("{} ({})", fix.message, fix.applicability.as_str()) },
        "artifactChanges": changes,
    }))
}

fn result(
    f: &Finding,
    index: usize,
    root: &Path,
    report_accounts: &std::collections::BTreeMap<String, String>,
) -> Value {
    let mut location = json!({});
    // A finding inside a downloaded module is shown at the module call in the
    // repository (code hosts have no `.terraform/`), the module's file related to it.
    let (anchor, downloaded) = super::anchor(f);
    if let Some(p) = physical(anchor, root) {
        location["physicalLocation"] = p;
    }
    if let Some(r) = f.location.live_resource() {
        let (arn, region, account) = (&r.arn, &r.region, &r.account);
        // A live-account finding has no file: the ARN is its only location.
        let name = arn.rsplit([':', '/']).next().unwrap_or(arn);
        location["logicalLocations"] = json!([{
            "fullyQualifiedName": arn,
            "name": name,
            "kind": "resource",
            "properties": {
                "region": region,
                "account": account,
                "accountName": report_accounts.get(account).cloned().unwrap_or_default(),
            },
        }]);
    } else if let Some(r) = f.resource.as_deref() {
        location["logicalLocations"] = json!([{ "fullyQualifiedName": r, "kind": "resource" }]);
    }
    // The primary label describes the primary location.
    if let Some(label) = &f.label {
        location["message"] = json!({ "text": label });
    }
    let downloaded = downloaded.map(|at| crate::finding::Related {
        message: "the finding's place, in the module `terraform init` downloaded".into(),
        location: at.clone(),
    });
    let related: Vec<Value> = f
        .related
        .iter()
        .filter(|r| !std::ptr::eq(&r.location, anchor))
        .chain(downloaded.as_ref())
        .enumerate()
        .filter_map(|(i, r)| {
            Some(json!({
                "id": i + 1,
                "physicalLocation": physical(&r.location, root)?,
                "message": { "text": r.message },
            }))
        })
        .collect();
    // GitHub links related locations only from the message text: `[text](id)`.
    let escape = |s: &str| s.replace('[', "\\[").replace(']', "\\]");
    let links: Vec<String> = related
        .iter()
        .filter_map(|r| {
            Some(format!(
                "[{}]({})",
                escape(r["message"]["text"].as_str()?),
                r["id"].as_u64()?
            ))
        })
        .collect();
    let text = if links.is_empty() {
        escape(&f.message())
    } else {
        format!("{} (see {})", escape(&f.message()), links.join(", "))
    };
    let mut out = json!({
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [location],
        "partialFingerprints": {
            "lifeboatFingerprint/v1": crate::fingerprint::of(f),
        },
    });
    if !related.is_empty() {
        out["relatedLocations"] = Value::Array(related);
    }
    // The specific fix rides along; code scanning shows the message, which tells the whole
    // story on its own.
    if f.headline.is_some() || f.help.is_some() {
        out["properties"] = json!({ "headline": f.headline, "help": f.help });
    }
    if let Some(fix) = &f.fix {
        if let Some(v) = sarif_fix(fix, root) {
            out["fixes"] = json!([v]);
        }
    }
    if let Some(s) = &f.suppressed {
        let kind = if s.in_source { "inSource" } else { "external" };
        out["suppressions"] = json!([{ "kind": kind, "justification": s.justification }]);
    }
    out
}

/// Input errors, then the cut (a warning), as invocation notifications.
fn notifications(report: &Report, options: &SarifOptions) -> Vec<Value> {
    let mut out: Vec<Value> = report
        .problems
        .iter()
        .map(|p| json!({ "level": "error", "message": { "text": p } }))
        .collect();
    let cut = left_out(report, options);
    if cut > 0 {
        out.push(json!({
            "level": "warning",
            "descriptor": { "id": "results-cut" },
            "message": { "text": cut_message(results(report, options), cut) },
        }));
    }
    out
}

/// The words of the cut, for the SARIF notification and the warning on stderr.
pub fn cut_message(total: usize, cut: usize) -> String {
    format!(
        "{total} findings, but GitHub code scanning rejects a run of more than {MAX_RESULTS} results: \
         {cut} left out of the SARIF log (suppressed findings and notes first, errors kept); \
         the other output formats carry them all"
    )
}

/// GitHub code scanning rejects a run with more results than this ("Results per run:
/// 25,000", docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit).
pub const MAX_RESULTS: usize = 25_000;

/// The findings a SARIF log may carry: the active ones, and the suppressed ones when
/// asked for.
fn candidates<'r>(findings: &'r [Box<Finding>], options: &SarifOptions) -> Vec<&'r Finding> {
    findings
        .iter()
        .map(|f| &**f)
        .filter(|f| options.include_suppressed || f.is_active())
        .collect()
}

/// How many results a SARIF log would carry without GitHub's limit.
pub fn results(report: &Report, options: &SarifOptions) -> usize {
    candidates(report.findings, options).len()
}

/// The findings a SARIF run keeps: the candidates, and when there are more than
/// [`MAX_RESULTS`] active findings before suppressed ones, errors before warnings before
/// notes, each group in report order; the kept ones stay in report order.
fn kept<'r>(findings: &'r [Box<Finding>], options: &SarifOptions) -> Vec<&'r Finding> {
    let mut all = candidates(findings, options);
    if all.len() <= MAX_RESULTS {
        return all;
    }
    let rank = |f: &Finding| (!f.is_active(), std::cmp::Reverse(f.severity));
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| rank(all[i]));
    order.truncate(MAX_RESULTS);
    order.sort_unstable();
    let keep: std::collections::HashSet<usize> = order.into_iter().collect();
    let mut i = 0;
    all.retain(|_| {
        i += 1;
        keep.contains(&(i - 1))
    });
    all
}

/// How many findings a SARIF log leaves out to stay within GitHub's limit (0 when none).
pub fn left_out(report: &Report, options: &SarifOptions) -> usize {
    results(report, options).saturating_sub(MAX_RESULTS)
}

/// The results of a run, each turned into JSON only while it is written (a tree of every
/// result at once was many times the size of the log).
struct Results<'r> {
    kept: Vec<&'r Finding>,
    all: &'r [&'static dyn rules::Rule],
    root: &'r Path,
    accounts: &'r std::collections::BTreeMap<String, String>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The key code scanning matches alerts by: for a place in a file, the line hash
        // GitHub's upload action computes from the file (a different value makes it warn
        // on every result), each file hashed once; for a live resource, which the action
        // does not hash, lifeboat's own fingerprint with its occurrence.
        let mut files: std::collections::HashMap<*const crate::model::SourceFile, Vec<String>> =
            std::collections::HashMap::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        serializer.collect_seq(self.kept.iter().map(|f| {
            let index = self
                .all
                .iter()
                .position(|r| r.info().id == f.rule_id)
                .unwrap_or(0);
            let mut r = result(f, index, self.root, self.accounts);
            let hash = match super::anchor(f).0.file_span() {
                Some((file, span)) => {
                    let line = file.line_col(span.start).line;
                    let hashes = files
                        .entry(std::sync::Arc::as_ptr(file))
                        .or_insert_with(|| super::line_hash::line_hashes(&file.text));
                    hashes.get(line.saturating_sub(1)).cloned()
                }
                None => {
                    let own = crate::fingerprint::of(f);
                    let n = seen.entry(own.clone()).or_insert(0);
                    *n += 1;
                    Some(format!("{own}:{n}"))
                }
            };
            if let Some(hash) = hash {
                r["partialFingerprints"]["primaryLocationLineHash"] = json!(hash);
            }
            r
        }))
    }
}

/// One run; keys in alphabetical order, as the log has always had them.
#[derive(Serialize)]
struct Run<'r> {
    #[serde(rename = "automationDetails", skip_serializing_if = "Option::is_none")]
    automation_details: Option<Value>,
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    invocations: Value,
    #[serde(rename = "originalUriBaseIds")]
    original_uri_base_ids: Value,
    results: Results<'r>,
    tool: Value,
}

/// The log.
#[derive(Serialize)]
struct Log<'r> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'r>; 1],
    version: &'static str,
}

/// Renders a SARIF log with one run.
pub fn render(report: &Report, options: &SarifOptions) -> String {
    super::written(|out| write(report, options, out))
}

/// Writes the SARIF log one result at a time (a log of tens of thousands of results is
/// several times the size of its input, and is not held whole).
pub fn write(
    report: &Report,
    options: &SarifOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let root = super::findings_root(report.findings);
    let all = rules::all();
    let root_uri = format!("file://{}/", root.to_string_lossy().trim_end_matches('/'));
    // Without a category no automationDetails, so upload-sarif's `category` applies;
    // GitHub expects the id to end in `/`.
    let automation_details = options
        .category
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(|c| {
            let id = if c.ends_with('/') {
                c.to_string()
            } else {
                format!("{c}/")
            };
            json!({ "id": id })
        });
    let run = Run {
        automation_details,
        column_kind: "unicodeCodePoints",
        invocations: json!([{
            "executionSuccessful": report.problems.is_empty(),
            "toolExecutionNotifications": notifications(report, options),
        }]),
        original_uri_base_ids: json!({ "%SRCROOT%": { "uri": root_uri } }),
        results: Results {
            kept: kept(report.findings, options),
            all,
            root: &root,
            accounts: report.accounts,
        },
        tool: json!({ "driver": {
            "name": "lifeboat",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/lifeboat-dev/lifeboat",
            "rules": all.iter().map(|r| rule_descriptor(*r, options)).collect::<Vec<_>>(),
        }}),
    };
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [run],
        version: "2.1.0",
    };
    super::write_pretty_json(&log, out)
}
