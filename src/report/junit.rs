//! JUnit XML (GitLab, Jenkins): one test suite per file, one failing test case per finding.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Report;
use crate::finding::Finding;
use crate::model::Location;

/// Escapes text for XML attributes and content.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

fn place(f: &Finding) -> (String, usize) {
    match &f.location {
        Location::File { file, span } => (file.repo.clone(), file.line_col(span.start).line),
        Location::Resource { arn, .. } => (arn.clone(), 0),
        Location::Synthetic { label } => (label.clone(), 0),
    }
}

/// Renders JUnit XML.
pub fn render(report: &Report) -> String {
    let mut suites: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in report.active() {
        suites.entry(place(f).0).or_default().push(f);
    }
    let total: usize = suites.values().map(Vec::len).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"lifeboat\" tests=\"{}\" failures=\"{total}\">",
        total.max(1)
    );
    if suites.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"lifeboat\" tests=\"1\" failures=\"0\">\n    <testcase name=\"no findings in {} files\" classname=\"lifeboat\"/>\n  </testsuite>",
            report.files
        );
    }
    for (path, findings) in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{n}\">",
            xml(path),
            n = findings.len()
        );
        for f in findings {
            let (_, line) = place(f);
            let name = format!(
                "{} {} {}",
                f.rule_id,
                f.rule_name,
                f.resource.as_deref().unwrap_or("")
            );
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\">\n      <failure type=\"{}\" message=\"{}\">{}:{line}: {}\nRun `lifeboat explain {}` for how to fix it.</failure>\n    </testcase>",
                xml(name.trim()),
                xml(path),
                xml(path),
                f.severity.as_str(),
                xml(&f.message),
                xml(path),
                xml(&f.message),
                f.rule_id
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
