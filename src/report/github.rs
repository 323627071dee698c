//! GitHub Actions workflow commands (`::error file=...::message`), annotating pull requests.

use super::Report;
use crate::finding::Severity;

/// Escapes a command's message (data); control characters from the input are written as
/// visible escapes, never passed to the runner's log.
fn data(s: &str) -> String {
    crate::model::escape_unsafe(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one workflow command per finding.
pub fn render(report: &Report) -> String {
    super::written(|out| write(report, out))
}

/// Writes one workflow command per finding, as each is made.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for f in report.active() {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        // Inside a downloaded module: at the module call (the runner has no `.terraform/`).
        if let Some((file, span)) = super::anchor(f).0.file_span() {
            let (s, e) = (
                file.line_col(span.start),
                file.line_col(span.end.max(span.start)),
            );
            props.push(format!("file={}", property(&file.repo)));
            props.push(format!("line={}", s.line));
            props.push(format!("col={}", s.column));
            props.push(format!("endLine={}", e.line));
            if e.line == s.line {
                props.push(format!("endColumn={}", e.column));
            }
        }
        props.push(format!(
            "title={}",
            property(&format!("{} {}", f.rule_id, f.rule_name))
        ));
        writeln!(out, "::{level} {}::{}", props.join(","), data(&f.message()))?;
    }
    Ok(())
}
