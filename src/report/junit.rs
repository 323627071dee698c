//! JUnit XML (GitLab, Jenkins): one test suite per file, one failing test case per finding.

use std::collections::BTreeMap;

use super::Report;
use crate::finding::Finding;
use crate::model::Place;

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
    match f.location.place() {
        Place::File { file, span } => (file.repo.clone(), file.line_col(span.start).line),
        Place::Resource(r) => (r.arn.clone(), 0),
        Place::Synthetic(label) => (label.to_string(), 0),
    }
}

/// Escapes text for an XML attribute: line breaks as character references, so they
/// survive attribute-value normalisation.
fn attr(s: &str) -> String {
    xml(s).replace('\n', "&#10;").replace('\r', "&#13;")
}

/// Renders JUnit XML (Jenkins' junit-10.xsd shape: `errors`, `time`). Findings below
/// `fail_on` are skipped cases, not failures, so a job that passes shows no failing test.
pub fn render_with(report: &Report, fail_on: Option<crate::finding::Severity>) -> String {
    super::written(|out| write(report, fail_on, out))
}

/// Renders JUnit XML where every finding fails.
pub fn render(report: &Report) -> String {
    render_with(report, Some(crate::finding::Severity::Note))
}

/// Writes JUnit XML as [`render_with`] renders it, one test case at a time.
pub fn write(
    report: &Report,
    fail_on: Option<crate::finding::Severity>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let fails = |f: &Finding| fail_on.is_some_and(|t| f.severity >= t);
    let mut suites: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in report.active() {
        suites.entry(place(f).0).or_default().push(f);
    }
    let total: usize = suites.values().map(Vec::len).sum();
    let failures = suites.values().flatten().filter(|f| fails(f)).count();
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(
        out,
        "<testsuites name=\"lifeboat\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" time=\"0\">",
        total.max(1)
    )?;
    if suites.is_empty() {
        let files = match report.files {
            1 => "1 file".to_string(),
            n => format!("{n} files"),
        };
        writeln!(
            out,
            "  <testsuite name=\"lifeboat\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n    <testcase name=\"no findings in {files}\" classname=\"lifeboat\" time=\"0\"/>\n  </testsuite>"
        )?;
    }
    for (path, findings) in &suites {
        let failed = findings.iter().filter(|f| fails(f)).count();
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" skipped=\"{}\" time=\"0\" file=\"{}\">",
            attr(path),
            findings.len(),
            findings.len() - failed,
            attr(path)
        )?;
        // Names already given in this suite, and how often.
        let mut given: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for f in findings {
            let (_, line) = place(f);
            // The rule, the resource and the line; a second finding of the same rule about
            // the same resource on the same line (another setting of it) is numbered, so
            // every name in the suite is unique.
            let mut name = format!(
                "{} {} {} ({path}:{line})",
                f.rule_id,
                f.rule_name,
                f.resource.as_deref().unwrap_or("")
            );
            let n = given.entry(name.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                name.push_str(&format!(" #{n}"));
            }
            let body = format!(
                "{}:{line}: {}\nRun `lifeboat explain {}` for how to fix it.",
                xml(path),
                xml(&f.message()),
                f.rule_id
            );
            let verdict = if fails(f) {
                format!(
                    "<failure type=\"{}\" message=\"{}\">{body}</failure>",
                    f.severity.as_str(),
                    attr(&f.message())
                )
            } else {
                format!(
                    "<skipped message=\"{} below the failure threshold: {}\"/>",
                    f.severity.as_str(),
                    attr(&f.message())
                )
            };
            writeln!(
                out,
                // No `file`/`line` attributes: Jenkins' junit-10.xsd does not allow them on
                // a test case (the place is in the name, and the suite carries `file`).
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">\n      {verdict}\n    </testcase>",
                attr(&name),
                attr(path),
            )?;
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    out.write_all(b"</testsuites>\n")
}
