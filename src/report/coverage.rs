//! The coverage map: every stateful resource with its tier, its recovery paths, the best it
//! achieves per scenario and the verdict per objective, as a terminal table, JSON, a
//! Markdown table (pull-request comments, GitHub step summaries) or one self-contained HTML
//! page.

use serde::Serialize;

use crate::config::{duration_text, Config};
use crate::model::{Estate, Location, Place};
use crate::semantics::objectives::{assess, TierOf};
use crate::semantics::recovery::{Best, Scenario};
use crate::semantics::scan::Scan;

/// How one objective fares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The best path meets it.
    Met,
    /// No path meets it (the objectives rules report it).
    Missed,
    /// Something unknown decides it.
    Unknown,
    /// The tier does not set it (or the resource has no tier).
    NotSet,
}

impl Verdict {
    fn word(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "MISSED",
            Verdict::Unknown => "unknown",
            Verdict::NotSet => "-",
        }
    }
}

/// One scenario of one resource.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// `deletion`, `region` or `account`.
    pub scenario: &'static str,
    /// The best worst-case RPO, in minutes (none: no path survives it, or unknown).
    pub rpo_minutes: Option<u64>,
    /// The path that gives it.
    pub best_path: Option<String>,
    /// Something unknown might do better.
    pub uncertain: bool,
    /// The tier's objective for it, in minutes.
    pub objective_minutes: Option<u64>,
    /// The verdict.
    pub verdict: Verdict,
}

/// One recovery path.
#[derive(Debug, Clone, Serialize)]
pub struct PathRow {
    /// What it is.
    pub what: String,
    /// Where it is configured (`path:line` or an ARN).
    pub at: String,
    /// Worst-case RPO in minutes.
    pub rpo_minutes: Option<u64>,
    /// Retention in minutes; none: forever or unknown (see `kept_forever`).
    pub retention_minutes: Option<u64>,
    /// Kept until deleted by hand.
    pub kept_forever: bool,
    /// The scenarios it survives.
    pub survives: Vec<&'static str>,
}

/// One stateful resource.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Its address (or ARN).
    pub resource: String,
    /// What kind of resource.
    pub kind: &'static str,
    /// Where it is defined.
    pub at: String,
    /// Its tier, if any.
    pub tier: Option<String>,
    /// The tier tag names no configured tier.
    pub unknown_tier: bool,
    /// Deletion, region and account.
    pub scenarios: Vec<Cell>,
    /// The longest retention in minutes (none with `kept_forever`: forever).
    pub retention_minutes: Option<u64>,
    /// Some path keeps points forever.
    pub kept_forever: bool,
    /// The tier's retention objective in minutes.
    pub retention_objective_minutes: Option<u64>,
    /// The retention verdict.
    pub retention_verdict: Verdict,
    /// Every path.
    pub paths: Vec<PathRow>,
    /// Where it is defined, as an order (path, then position).
    #[serde(skip)]
    order: (String, usize, usize),
}

fn place(l: &Location) -> String {
    match l.place() {
        Place::File { file, span } => {
            let lc = file.line_col(span.start);
            format!("{}:{}", file.display, lc.line)
        }
        Place::Resource(r) => r.arn.clone(),
        Place::Synthetic(label) => label.to_string(),
    }
}

fn scenario_key(s: Scenario) -> &'static str {
    match s {
        Scenario::Deletion => "deletion",
        Scenario::Region => "region",
        Scenario::Account => "account",
    }
}

fn cell(s: Scenario, best: &Best, objective: Option<u64>) -> Cell {
    let verdict = match (objective, &best.rpo) {
        (None, _) => Verdict::NotSet,
        (Some(want), Some((got, _, _))) if *got <= want => Verdict::Met,
        _ if best.doubt => Verdict::Unknown,
        _ => Verdict::Missed,
    };
    Cell {
        scenario: scenario_key(s),
        rpo_minutes: best.rpo.as_ref().map(|r| r.0),
        best_path: best.rpo.as_ref().map(|r| r.1.clone()),
        uncertain: best.doubt,
        objective_minutes: objective,
        verdict,
    }
}

/// The map of every scan unit's stateful resources.
pub fn build(estates: &[Estate], config: &Config) -> Vec<Row> {
    let scan = Scan::new(estates);
    let mut rows = Vec::new();
    for estate in estates {
        for a in assess(estate, &scan, config, true) {
            let (tier, unknown_tier, t) = match &a.tier {
                TierOf::Known {
                    name, objectives, ..
                } => (Some(name.clone()), false, Some(objectives.clone())),
                TierOf::Unknown { name, .. } => (Some(name.clone()), true, None),
                TierOf::None => (None, false, None),
            };
            let objective = |s: Scenario| {
                t.as_ref().and_then(|t| match s {
                    Scenario::Deletion => t.rpo,
                    Scenario::Region => t.region_rpo,
                    Scenario::Account => t.account_rpo,
                })
            };
            let r = &a.recovery;
            let scenarios = Scenario::ALL
                .iter()
                .enumerate()
                .map(|(k, s)| cell(*s, &r.best[k], objective(*s)))
                .collect();
            let (retention_minutes, kept_forever) = match &r.retention {
                Some((None, _, _)) => (None, true),
                Some((Some(m), _, _)) => (Some(*m), false),
                None => (None, false),
            };
            let want = t.as_ref().and_then(|t| t.retention);
            let retention_verdict = match want {
                None => Verdict::NotSet,
                Some(_) if kept_forever => Verdict::Met,
                Some(w) if retention_minutes.is_some_and(|m| m >= w) => Verdict::Met,
                Some(_) if r.retention_doubt => Verdict::Unknown,
                Some(_) => Verdict::Missed,
            };
            rows.push(Row {
                order: {
                    let (path, start, end) = a.resource.meta.location.sort_key();
                    (path.into_owned(), start, end)
                },
                resource: a.resource.meta.address.to_string(),
                kind: a.resource.class.kind,
                at: place(&a.resource.meta.location),
                tier,
                unknown_tier,
                scenarios,
                retention_minutes,
                kept_forever,
                retention_objective_minutes: want,
                retention_verdict,
                paths: r
                    .paths
                    .iter()
                    .map(|p| PathRow {
                        what: p.what.clone(),
                        at: place(&p.at),
                        rpo_minutes: p.rpo,
                        retention_minutes: p.retention.flatten(),
                        kept_forever: p.retention == Some(None),
                        survives: p.survives.iter().map(|s| scenario_key(*s)).collect(),
                    })
                    .collect(),
            });
        }
    }
    rows.sort_by(|a, b| (&a.order, &a.resource).cmp(&(&b.order, &b.resource)));
    rows
}

fn minutes(m: Option<u64>) -> String {
    m.map_or_else(|| "-".to_string(), duration_text)
}

/// One scenario cell as text: `32h (met)`, `none (MISSED)`.
fn cell_text(c: &Cell) -> String {
    let got = match (c.rpo_minutes, c.uncertain) {
        (Some(m), _) => duration_text(m),
        (None, true) => "?".into(),
        (None, false) => "none".into(),
    };
    match c.verdict {
        Verdict::NotSet => got,
        v => format!("{got} ({})", v.word()),
    }
}

fn retention_text(r: &Row) -> String {
    let got = if r.kept_forever {
        "forever".to_string()
    } else if r.retention_minutes.is_none() && r.retention_verdict != Verdict::Unknown {
        "none".to_string()
    } else {
        minutes(r.retention_minutes)
    };
    match r.retention_verdict {
        Verdict::NotSet => got,
        v => format!("{got} ({})", v.word()),
    }
}

const HEADERS: [&str; 6] = [
    "resource",
    "tier",
    "deletion RPO",
    "region RPO",
    "account RPO",
    "retention",
];

fn cells(r: &Row) -> [String; 6] {
    let tier = match (&r.tier, r.unknown_tier) {
        (Some(t), true) => format!("{t} (unknown tier)"),
        (Some(t), false) => t.clone(),
        (None, _) => "-".into(),
    };
    [
        r.resource.clone(),
        tier,
        cell_text(&r.scenarios[0]),
        cell_text(&r.scenarios[1]),
        cell_text(&r.scenarios[2]),
        retention_text(r),
    ]
}

/// A terminal table, then each resource's paths.
pub fn text(rows: &[Row]) -> String {
    let table: Vec<[String; 6]> = rows.iter().map(cells).collect();
    let mut width = HEADERS.map(str::len);
    for r in &table {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| -> String {
        let parts: Vec<String> = cols
            .iter()
            .zip(width)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(&HEADERS.map(str::to_string));
    out.push_str(&line(&width.map(|w| "-".repeat(w))));
    for r in &table {
        out.push_str(&line(r));
    }
    out.push('\n');
    for r in rows {
        out.push_str(&format!("{} ({}, {})\n", r.resource, r.kind, r.at));
        if r.paths.is_empty() {
            out.push_str("  no recovery path\n");
        }
        for p in &r.paths {
            let keep = if p.kept_forever {
                "forever".to_string()
            } else {
                minutes(p.retention_minutes)
            };
            out.push_str(&format!(
                "  {}: RPO {}, kept {}, survives {} ({})\n",
                p.what,
                minutes(p.rpo_minutes),
                keep,
                if p.survives.is_empty() {
                    "nothing more".to_string()
                } else {
                    p.survives.join(", ")
                },
                p.at
            ));
        }
    }
    out.push_str(&format!(
        "\n{} stateful resources; MISSED objectives are reported by LB302-LB304.\n",
        rows.len()
    ));
    out
}

/// The map as JSON: `{"version", "resources": [...]}`.
pub fn json(rows: &[Row]) -> String {
    let doc = serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "resources": rows,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table (GitHub-flavoured).
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from("### lifeboat coverage map\n\n");
    out.push_str(&format!("| {} |\n", HEADERS.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(HEADERS.len())));
    for r in rows {
        let c = cells(r);
        let c: Vec<String> = c.iter().map(|s| md_escape(s)).collect();
        out.push_str(&format!("| `{}` | {} |\n", c[0], c[1..].join(" | ")));
    }
    out.push_str(&format!("\n{} stateful resources.\n", rows.len()));
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One self-contained page: a resource × scenario matrix coloured by verdict.
pub fn html(rows: &[Row]) -> String {
    let mut body = String::new();
    for r in rows {
        let c = cells(r);
        let class = |v: Verdict| match v {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::Unknown => "unknown",
            Verdict::NotSet => "unset",
        };
        let verdicts = [
            r.scenarios[0].verdict,
            r.scenarios[1].verdict,
            r.scenarios[2].verdict,
            r.retention_verdict,
        ];
        let paths: Vec<String> = r
            .paths
            .iter()
            .map(|p| {
                format!(
                    "<li>{} <small>({})</small></li>",
                    html_escape(&p.what),
                    html_escape(&p.at)
                )
            })
            .collect();
        body.push_str(&format!(
            "<tr data-resource=\"{}\"><th scope=\"row\"><code>{}</code><ul>{}</ul></th><td>{}</td>",
            html_escape(&r.resource),
            html_escape(&c[0]),
            paths.join(""),
            html_escape(&c[1])
        ));
        for (k, v) in verdicts.iter().enumerate() {
            body.push_str(&format!(
                "<td class=\"cell {}\" data-scenario=\"{}\">{}</td>",
                class(*v),
                ["deletion", "region", "account", "retention"][k],
                html_escape(&c[k + 2])
            ));
        }
        body.push_str("</tr>\n");
    }
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>lifeboat coverage map</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1b1f23; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #d0d7de; padding: .4em .6em; text-align: left; vertical-align: top; }}
thead th {{ background: #f6f8fa; }}
ul {{ margin: .3em 0 0 1em; padding: 0; font-weight: normal; }}
.met {{ background: #dafbe1; }}
.missed {{ background: #ffd8d3; font-weight: bold; }}
.unknown {{ background: #fff8c5; }}
.unset {{ color: #57606a; }}
</style>
</head>
<body>
<h1>lifeboat coverage map</h1>
<p>{count} stateful resources. Each cell is the worst-case age of the newest restorable point in that scenario (or the longest retention), and whether it meets the resource's tier.</p>
<table id="coverage">
<thead><tr><th>resource and recovery paths</th><th>tier</th><th>deletion or corruption</th><th>regional outage</th><th>account compromise</th><th>retention</th></tr></thead>
<tbody>
{body}</tbody>
</table>
</body>
</html>
"#,
        count = rows.len(),
        body = body
    )
}
