//! The terminal report: rustc-style code frames (annotate-snippets) with a label on the
//! exact attribute, far-apart labels elided, long lines trimmed to the terminal's width.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Report;
use crate::finding::{Applicability, Finding, Severity};
use crate::model::{escape_unsafe, Location, Place, SourceFile};

/// How the text report is laid out.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// ANSI colours.
    pub color: bool,
    /// Columns to fit: long source lines are trimmed and prose is wrapped to it.
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            color: false,
            width: DEFAULT_WIDTH,
        }
    }
}

/// The width when the output is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: usize = 100;

/// Labels this many lines apart or fewer share one frame (the lines between them that
/// carry no label are elided); farther ones get a frame of their own.
const SAME_FRAME_LINES: usize = 200;

/// A frame whose lines hold more bytes than this is not drawn (a minified template is
/// one line of megabytes): the location is given instead.
const MAX_FRAME_BYTES: usize = 64 * 1024;

/// A line longer than this is not drawn in a frame (the location is given instead):
/// trimming it would cost its whole length for every finding on it.
pub const MAX_LINE_BYTES: usize = 2048;

/// One place to draw: a file and the labelled spans in it.
struct Frame<'f> {
    file: &'f Arc<SourceFile>,
    labels: Vec<(Range<usize>, Option<String>, bool)>,
}

/// The text of the lines a frame covers (one line of context either side), its first
/// 1-based line number, and the labels' spans relative to it; `None` when the lines are
/// too long to draw.
fn frame_text(frame: &Frame) -> Option<(String, usize, Vec<Range<usize>>)> {
    let file = frame.file;
    let text = file.shown_text();
    let lo = frame
        .labels
        .iter()
        .map(|l| l.0.start)
        .min()?
        .min(text.len());
    let hi = frame
        .labels
        .iter()
        .map(|l| l.0.end.max(l.0.start))
        .max()?
        .min(text.len());
    let first = file.line_index(lo).saturating_sub(1);
    let last = file.line_index(hi) + 1;
    let (from, to) = (file.line_offset(first), file.line_offset(last + 1));
    if to.saturating_sub(from) > MAX_FRAME_BYTES {
        return None;
    }
    if (first..=last).any(|l| file.line_offset(l + 1) - file.line_offset(l) > MAX_LINE_BYTES) {
        return None;
    }
    let window = text.get(from..to)?;
    let spans = frame
        .labels
        .iter()
        .map(|(r, _, _)| {
            let start = r.start.clamp(from, to) - from;
            let end = r.end.clamp(from, to).max(r.start.clamp(from, to)) - from;
            start..end
        })
        .collect();
    Some((window.to_string(), first + 1, spans))
}

/// The frames of a finding: the primary place with the related places near it in its
/// file, then one frame per other place (other files, far parts of the same file).
fn frames(f: &Finding) -> (Vec<Frame<'_>>, Vec<String>) {
    let mut frames: Vec<Frame> = Vec::new();
    let mut elsewhere = Vec::new();
    if let Some((file, span)) = f.location.file_span() {
        frames.push(Frame {
            file,
            labels: vec![(span, f.label.as_deref().map(escape_unsafe), true)],
        });
    }
    for r in &f.related {
        let label = Some(escape_unsafe(&r.message));
        match r.location.file_span() {
            Some((file, span)) => {
                let line = file.line_index(span.start);
                let joins = frames.iter_mut().find(|fr| {
                    Arc::ptr_eq(fr.file, file)
                        && fr.labels.iter().any(|(s, _, _)| {
                            file.line_index(s.start).abs_diff(line) <= SAME_FRAME_LINES
                        })
                });
                match joins {
                    Some(fr) => fr.labels.push((span, label, false)),
                    None => frames.push(Frame {
                        file,
                        labels: vec![(span, label, false)],
                    }),
                }
            }
            None => elsewhere.push(escape_unsafe(&format!(
                "{} ({})",
                r.message,
                place(&r.location)
            ))),
        }
    }
    (frames, elsewhere)
}

fn place(loc: &Location) -> String {
    match loc.place() {
        Place::File { file, span } => {
            let lc = file.line_col(span.start);
            format!("{}:{}:{}", file.display, lc.line, lc.column)
        }
        Place::Resource(r) => format!("{} ({})", r.arn, r.region),
        Place::Synthetic(label) => label.to_string(),
    }
}

/// Words wrapped to `width` columns (a word longer than the width stays whole).
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    for (i, paragraph) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut column = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let len = word.chars().count();
            if column > 0 && column + 1 + len > width {
                out.push('\n');
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += len;
        }
    }
    out
}

/// One finding, rendered: title, frames, then note/help/fix/docs lines.
fn render_finding(f: &Finding, renderer: &Renderer, width: usize) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let title = escape_unsafe(f.headline.as_deref().unwrap_or(&f.message()));
    let (frames, elsewhere) = frames(f);
    let drawn: Vec<_> = frames.iter().map(|fr| (fr, frame_text(fr))).collect();
    let mut group = Group::with_title(level.clone().primary_title(title).id(f.rule_id));
    let mut undrawn = Vec::new();
    for (frame, text) in &drawn {
        let path = escape_unsafe(&frame.file.display);
        match text {
            Some((window, line, spans)) => {
                let annotations =
                    frame
                        .labels
                        .iter()
                        .zip(spans)
                        .map(|((_, label, primary), span)| {
                            let kind = if *primary {
                                AnnotationKind::Primary
                            } else {
                                AnnotationKind::Context
                            };
                            kind.span(span.clone())
                                .label(label.as_deref().map(Cow::Borrowed))
                        });
                group = group.element(
                    Snippet::source(window.as_str())
                        .line_start(*line)
                        .path(path)
                        .fold(true)
                        .annotations(annotations),
                );
            }
            None => {
                for (span, label, primary) in &frame.labels {
                    let lc = frame.file.line_col(span.start);
                    if undrawn.is_empty() {
                        group = group.element(
                            Origin::path(path.clone())
                                .line(lc.line)
                                .char_column(lc.column),
                        );
                    }
                    // The primary place is in the heading already: its label is enough.
                    let at = if *primary {
                        None
                    } else {
                        Some(format!("{path}:{}:{}", lc.line, lc.column))
                    };
                    let text = match (at, label) {
                        (Some(at), Some(l)) => format!("{at}: {l}"),
                        (Some(at), None) => at,
                        (None, Some(l)) => l.clone(),
                        (None, None) => continue,
                    };
                    undrawn.push(text);
                }
            }
        }
    }
    if f.location.file_span().is_none() {
        group = group.element(Origin::path(escape_unsafe(&place(&f.location))));
    }
    // Prose lines start after `  = note: ` (about ten columns).
    let prose = width.saturating_sub(12);
    let mut footer: Vec<(Level, String)> = Vec::new();
    if !undrawn.is_empty() {
        footer.push((
            Level::NOTE.with_name("label"),
            format!("{} (the line is too long to show)", undrawn.join("; ")),
        ));
    }
    for e in elsewhere {
        footer.push((Level::NOTE.with_name("see"), e));
    }
    if f.headline.is_some() {
        footer.push((Level::NOTE, escape_unsafe(&f.message())));
    }
    if let Some(h) = &f.help {
        footer.push((Level::HELP, escape_unsafe(h)));
    }
    if let Some(fix) = &f.fix {
        let how = match fix.applicability {
            Applicability::Safe => "safe: `--fix` applies it",
            Applicability::Unsafe => "unsafe: `--fix --unsafe-fixes` applies it; read it first",
            Applicability::DisplayOnly => "shown only",
        };
        footer.push((
            Level::HELP.with_name("fix"),
            format!("{} ({how})", escape_unsafe(&fix.message)),
        ));
    }
    footer.push((
        Level::NOTE.with_name("docs"),
        format!("lifeboat explain {} ({})", f.rule_id, f.rule_name),
    ));
    let footer: Vec<_> = footer
        .into_iter()
        .map(|(level, text)| level.message(wrap(&text, prose)))
        .collect();
    group = group.elements(footer);
    renderer.render(&[group])
}

/// Renders findings with code frames and a summary line.
pub fn render(report: &Report, options: TextOptions) -> String {
    super::written(|out| write(report, options, out))
}

/// Writes findings with code frames and a summary line, one finding at a time.
pub fn write(
    report: &Report,
    options: TextOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Unicode)
    .term_width(options.width);
    let mut group = None;
    for f in report.active() {
        // Live findings come sorted by account, then region: a heading starts each group.
        if let Some(r) = f.location.live_resource() {
            let (region, account) = (&r.region, &r.account);
            if group != Some((account, region)) {
                let heading = if report.accounts.is_empty() || account.is_empty() {
                    region.clone()
                } else {
                    let name = report.accounts.get(account).filter(|n| !n.is_empty());
                    format!(
                        "{} · {region}",
                        super::account_label(Some(account), name.map(String::as_str))
                    )
                };
                out.write_all(format!("── {} ──\n\n", escape_unsafe(&heading)).as_bytes())?;
                group = Some((account, region));
            }
        }
        out.write_all(render_finding(f, &renderer, options.width).as_bytes())?;
        out.write_all(b"\n\n")?;
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if report.missing_modules > 0 {
        out.write_all(
            format!(
            "{} not downloaded (run `terraform init`): findings inside them are not reported.\n",
            plural(report.missing_modules, "module call")
        )
            .as_bytes(),
        )?;
    }
    let scope = if !report.accounts.is_empty() {
        plural(report.accounts.len(), "account")
    } else if report.files == 0 && report.resources > 0 {
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
        out.write_all(
            format!(
                "No problems found in {} ({}).\n",
                scope,
                plural(report.resources, "resource")
            )
            .as_bytes(),
        )?;
    } else if report.active().next().is_none() {
        out.write_all(
            format!(
                "No findings in {} ({}){incomplete}.\n",
                scope,
                plural(report.resources, "resource")
            )
            .as_bytes(),
        )?;
    } else {
        out.write_all(
            format!(
                "Found {}, {}, {} in {} ({}){incomplete}.\n",
                plural(report.count(Severity::Error), "error"),
                plural(report.count(Severity::Warning), "warning"),
                plural(report.count(Severity::Note), "note"),
                scope,
                plural(report.resources, "resource"),
            )
            .as_bytes(),
        )?;
    }
    // An organization audit: a line per account.
    if !report.accounts.is_empty() {
        out.write_all(account_table(&report.per_account()).as_bytes())?;
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
        out.write_all(format!("Hidden: {}.\n", parts.join(", ")).as_bytes())?;
    }
    Ok(())
}

/// The per-account summary of an organization audit, as aligned columns.
fn account_table(rows: &[super::AccountSummary]) -> String {
    let name_width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "\n{:<12}  {:<name_width$}  {:>6}  {:>8}  {:>5}  {:>8}\n",
        "account", "name", "errors", "warnings", "notes", "problems"
    );
    for r in rows {
        out.push_str(&format!(
            "{:<12}  {:<name_width$}  {:>6}  {:>8}  {:>5}  {:>8}\n",
            escape_unsafe(&r.id),
            escape_unsafe(&r.name),
            r.errors,
            r.warnings,
            r.notes,
            r.problems
        ));
    }
    out
}
