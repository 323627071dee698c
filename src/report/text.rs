//! The terminal report: miette code frames with a label on the exact attribute.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::Report;
use crate::finding::{Finding, Severity};
use crate::model::{escape_unsafe, Location, SourceFile};

/// A source file shared with miette without copying its text.
#[derive(Debug)]
struct Src(Arc<SourceFile>);

impl SourceCode for Src {
    /// Reads only the lines around the span (found through the file's line index), so a
    /// file with thousands of findings is not rescanned from its start for each, and shows
    /// the terminal-safe text.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = &self.0;
        let text = file.shown_text();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = file.line_index(start).saturating_sub(before + 1);
        let last = file.line_index(end) + after + 1;
        let (from, to) = (file.line_offset(first), file.line_offset(last + 1));
        let window = text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        let inner =
            window.read_span(&SourceSpan::from((start - from, span.len())), before, after)?;
        let data: &'a [u8] = inner.data();
        Ok(Box::new(MietteSpanContents::new(
            data,
            SourceSpan::from((inner.span().offset() + from, inner.span().len())),
            inner.line() + first,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One finding as a miette diagnostic.
#[derive(Debug)]
struct FindingDiagnostic {
    message: String,
    code: String,
    severity: miette::Severity,
    source: Option<NamedSource<Src>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    /// Places shown after the primary frame, each in a frame of its own.
    related: Vec<FindingDiagnostic>,
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = _>>)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

fn span_of(span: &std::ops::Range<usize>) -> SourceSpan {
    SourceSpan::from((span.start, span.end.saturating_sub(span.start)))
}

fn place(loc: &Location) -> String {
    match loc {
        Location::File { file, span } => {
            let lc = file.line_col(span.start);
            format!("{}:{}:{}", file.display, lc.line, lc.column)
        }
        Location::Resource { arn, region } => format!("{arn} ({region})"),
        Location::Synthetic { label } => label.clone(),
    }
}

/// Related places this many lines or fewer from the primary span share its frame; the
/// others get a frame of their own, after the primary one.
const SAME_FRAME_LINES: usize = 3;

fn near(file: &SourceFile, a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    let (a0, a1) = (file.line_index(a.start), file.line_index(a.end));
    let (b0, b1) = (file.line_index(b.start), file.line_index(b.end));
    b0 <= a1 + SAME_FRAME_LINES && a0 <= b1 + SAME_FRAME_LINES
}

/// A related place as a diagnostic of its own (a note with its own frame).
fn related_diagnostic(message: &str, loc: &Location) -> FindingDiagnostic {
    let (source, labels, title) = match loc {
        Location::File { file, span } => (
            Some(NamedSource::new(
                escape_unsafe(&file.display),
                Src(Arc::clone(file)),
            )),
            vec![LabeledSpan::new_primary_with_span(None, span_of(span))],
            escape_unsafe(message),
        ),
        other => (
            None,
            Vec::new(),
            escape_unsafe(&format!("{message} ({})", place(other))),
        ),
    };
    FindingDiagnostic {
        message: title,
        code: String::new(),
        severity: miette::Severity::Advice,
        source,
        labels,
        help: None,
        related: Vec::new(),
    }
}

fn diagnostic(f: &Finding) -> FindingDiagnostic {
    let mut labels = Vec::new();
    let mut related = Vec::new();
    let source = f.location.source().map(Arc::clone);
    let primary = match &f.location {
        Location::File { span, .. } => {
            labels.push(LabeledSpan::new_primary_with_span(
                f.label.as_deref().map(escape_unsafe),
                span_of(span),
            ));
            Some(span.clone())
        }
        _ => None,
    };
    for r in &f.related {
        match (&r.location, &source, &primary) {
            (Location::File { file, span }, Some(src), Some(p))
                if Arc::ptr_eq(file, src) && near(file, p, span) =>
            {
                labels.push(LabeledSpan::new_with_span(
                    Some(escape_unsafe(&r.message)),
                    span_of(span),
                ));
            }
            (loc, _, _) => related.push(related_diagnostic(&r.message, loc)),
        }
    }
    // Footer lines: the whole story (when a headline stands above it), the fix, the docs.
    let mut help = Vec::new();
    if f.headline.is_some() {
        help.push(format!("note: {}", escape_unsafe(&f.message)));
    }
    if let Some(h) = &f.help {
        help.push(format!("help: {}", escape_unsafe(h)));
    }
    if let Some(fix) = &f.fix {
        let how = match fix.applicability {
            crate::finding::Applicability::Safe => "safe: `--fix` applies it",
            crate::finding::Applicability::Unsafe => {
                "unsafe: `--fix --unsafe-fixes` applies it; read it first"
            }
            crate::finding::Applicability::DisplayOnly => "shown only",
        };
        help.push(format!("fix: {} ({how})", escape_unsafe(&fix.message)));
    }
    help.push(format!("docs: lifeboat explain {}", f.rule_id));
    FindingDiagnostic {
        message: escape_unsafe(f.headline.as_deref().unwrap_or(&f.message)),
        code: format!("{} {}", f.rule_id, f.rule_name),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        },
        source: source.map(|s| NamedSource::new(escape_unsafe(&s.display), Src(s))),
        labels,
        help: Some(help.join("\n")),
        related,
    }
}

/// Renders findings with code frames and a summary line.
pub fn render(report: &Report, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let mut out = String::new();
    let mut region = None;
    for f in report.active() {
        // Live findings come sorted by region: a heading starts each region's group.
        if let Location::Resource { region: r, .. } = &f.location {
            if region != Some(r) {
                out.push_str(&format!("── {r} ──\n\n"));
                region = Some(r);
            }
        }
        // The primary frame, then each related place's, then the help: the finding reads
        // top-down whatever the file order.
        let mut d = diagnostic(f);
        let help = d.help.take();
        if handler.render_report(&mut out, &d).is_err() {
            out.push_str(&escape_unsafe(&format!(
                "{}: {} [{}]\n",
                place(&f.location),
                f.message,
                f.rule_id
            )));
        }
        for r in &d.related {
            if handler.render_report(&mut out, r).is_err() {
                out.push_str(&format!("  {}\n", r.message));
            }
        }
        for line in help.iter().flat_map(|h| h.lines()) {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if report.missing_modules > 0 {
        out.push_str(&format!(
            "{} not downloaded (run `terraform init`): findings inside them are not reported.\n",
            plural(report.missing_modules, "module call")
        ));
    }
    let scope = if report.files == 0 && report.resources > 0 {
        "the account".to_string()
    } else {
        plural(report.files, "file")
    };
    let incomplete = match report.problems.len() {
        0 => String::new(),
        n => format!(
            "; the check is incomplete: {} (listed on standard error)",
            plural(n, "input problem")
        ),
    };
    if report.active().next().is_none() && incomplete.is_empty() {
        out.push_str(&format!(
            "No problems found in {} ({}).\n",
            scope,
            plural(report.resources, "resource")
        ));
    } else if report.active().next().is_none() {
        out.push_str(&format!(
            "No findings in {} ({}){incomplete}.\n",
            scope,
            plural(report.resources, "resource")
        ));
    } else {
        out.push_str(&format!(
            "Found {}, {}, {} in {} ({}){incomplete}.\n",
            plural(report.count(Severity::Error), "error"),
            plural(report.count(Severity::Warning), "warning"),
            plural(report.count(Severity::Note), "note"),
            scope,
            plural(report.resources, "resource"),
        ));
    }
    // What suppressions and the baseline hid, so nobody wonders where a finding went.
    let hidden = |in_source: bool| {
        report
            .findings
            .iter()
            .filter(|f| {
                f.suppressed
                    .as_ref()
                    .is_some_and(|s| s.in_source == in_source)
            })
            .count()
    };
    let (by_comment, by_baseline) = (hidden(true), hidden(false));
    if by_comment + by_baseline > 0 {
        let mut parts = Vec::new();
        if by_comment > 0 {
            parts.push(format!("{} by suppressions", plural(by_comment, "finding")));
        }
        if by_baseline > 0 {
            parts.push(format!(
                "{} by the baseline",
                plural(by_baseline, "finding")
            ));
        }
        out.push_str(&format!("Hidden: {}.\n", parts.join(", ")));
    }
    out
}
