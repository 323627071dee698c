//! Writing reports (whole, or into a pipe), rendering diagnostics, and the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::Format;
use lifeboat::check;
use lifeboat::config::Config;
use lifeboat::report::{self, Report};

use super::args::ColorChoice;

/// The `--color` choice, set once from the command line.
static COLOR: std::sync::OnceLock<ColorChoice> = std::sync::OnceLock::new();

/// Records the `--color` choice for every later output.
pub(crate) fn set_color(choice: ColorChoice) {
    let _ = COLOR.set(choice);
}

/// Whether an environment variable is set to something (an empty value counts as unset,
/// as no-color.org and force-color.org say).
fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Whether to colour output going to a stream that is (or is not) a terminal: `--color`
/// first; then FORCE_COLOR or CLICOLOR_FORCE (not `0`) colour anything; then NO_COLOR,
/// CLICOLOR=0 and TERM=dumb turn colour off; else colour a terminal only.
pub(crate) fn color_for(terminal: bool) -> bool {
    match COLOR.get().copied().unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => return true,
        ColorChoice::Never => return false,
        ColorChoice::Auto => {}
    }
    let force = env_set("FORCE_COLOR")
        || std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
    if force {
        return true;
    }
    let off = env_set("NO_COLOR")
        || std::env::var_os("CLICOLOR").is_some_and(|v| v == "0")
        || std::env::var_os("TERM").is_some_and(|v| v == "dumb");
    terminal && !off
}

/// Layout of the text report: colour, and the width to fit (the terminal's; else
/// `COLUMNS`; else 100 columns).
pub(crate) fn text_options(to_file: bool) -> report::text::TextOptions {
    let terminal = !to_file && std::io::stdout().is_terminal();
    let from_terminal = terminal
        .then(|| terminal_size::terminal_size_of(std::io::stdout()))
        .flatten()
        .map(|(w, _)| usize::from(w.0));
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    report::text::TextOptions {
        color: color_for(terminal),
        width: from_terminal
            .or(from_env)
            .filter(|w| *w >= 20)
            .unwrap_or(report::text::DEFAULT_WIDTH)
            .min(1000),
    }
}

/// Something that writes a report (or any text) into a writer.
pub(crate) type Writes<'a> = &'a mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>;

/// Writes a file through a temporary file beside it and a rename, so a failed write (a
/// full disk) leaves the previous file as it was.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    write_atomically_with(path, &mut |out| out.write_all(text.as_bytes()))
}

/// [`write_atomically`], with the text written by `write` as it is made.
pub(crate) fn write_atomically_with(path: &Path, write: Writes) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    // A device, pipe or socket (`--output /dev/null`, `/dev/stdout`, a FIFO) is written
    // to, never replaced: renaming over it would turn it into a regular file.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|f| {
                    let mut out = std::io::BufWriter::new(f);
                    write(&mut out)?;
                    out.flush()
                })
                .map_err(failed);
        }
        _ => {}
    }
    // Through a symlink, the file it points at is replaced and the link kept.
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = target.with_file_name(format!(".{name}.lifeboat-{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            write(&mut out)?;
            out.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?
                .sync_all()
        })
        .and_then(|_| std::fs::rename(&tmp, &target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(failed(e));
    }
    Ok(())
}

/// True when the process was started with standard output closed. Rust's runtime then
/// points the descriptor at `/dev/null`, opened read-write (a shell's `> /dev/null` opens it
/// write-only), and every write would vanish.
pub(crate) fn stdout_closed() -> bool {
    #[cfg(target_os = "linux")]
    {
        let to_null =
            std::fs::read_link("/proc/self/fd/1").is_ok_and(|t| t == Path::new("/dev/null"));
        let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                .is_some_and(|flags| flags & 0o3 == 0o2)
        });
        to_null && read_write
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// Writes the report to the output file, or to standard output (a closed pipe is not an
/// error: `lifeboat check | head` is fine).
pub(crate) fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), String> {
    write_out_with(path, &mut |out| out.write_all(text.as_bytes()))
}

/// [`write_out`], with the text written by `write` as it is made.
pub(crate) fn write_out_with(path: Option<&PathBuf>, write: Writes) -> Result<(), String> {
    match path {
        Some(p) => write_atomically_with(p, write),
        None if stdout_closed() => Err(
            "standard output is closed: the report cannot be written (use --output FILE)".into(),
        ),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)
                .and_then(|_| out.flush())
                .or_else(|e| {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })
                .map_err(|e| format!("cannot write the report: {e}"))
        }
    }
}

/// Prints a diagnostic (with its code frame) to standard error.
pub(crate) fn print_diagnostic(d: &dyn miette::Diagnostic) {
    use annotate_snippets::renderer::DecorStyle;
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
    let renderer = if color_for(std::io::stderr().is_terminal()) {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Unicode);
    let title = d.to_string();
    let mut group = Group::with_title(Level::ERROR.primary_title(title.as_str()));
    // The lines around the first label, read through the diagnostic's own source.
    let label = d.labels().and_then(|mut l| l.next());
    let contents = label.as_ref().and_then(|l| {
        let source = d.source_code()?;
        let c = source.read_span(l.inner(), 1, 1).ok()?;
        Some((
            String::from_utf8_lossy(c.data()).into_owned(),
            c.line() + 1,
            c.span().offset(),
            c.name().map(str::to_string),
        ))
    });
    let help = d.help().map(|h| h.to_string());
    if let (Some(label), Some((text, line, base, name))) = (&label, &contents) {
        let name = name.clone().unwrap_or_default();
        // A line too long to draw (a hostile config) gives its place, not its text.
        let start = label.offset().saturating_sub(*base).min(text.len());
        let end = (start + label.len()).min(text.len());
        if text.lines().any(|l| l.len() > report::text::MAX_LINE_BYTES) {
            let before = text.get(..start).unwrap_or_default();
            let at_line = line + before.matches('\n').count();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let at_column = before
                .get(line_start..)
                .map_or(1, |t| t.chars().count() + 1);
            group = group.element(Origin::path(name).line(at_line).char_column(at_column));
        } else {
            group = group.element(
                Snippet::source(text.as_str())
                    .line_start(*line)
                    .path(name)
                    .annotation(
                        AnnotationKind::Primary
                            .span(start..end)
                            .label(label.label()),
                    ),
            );
        }
    }
    if let Some(h) = &help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    eprintln!("{}", renderer.render(&[group]));
}

/// Renders the report, writes it, prints input errors and sets the exit code.
pub(crate) fn emit(
    outcome: &check::Outcome,
    (problems, skipped): (&[String], &[String]),
    config: &Config,
    format: Format,
    output: Option<&PathBuf>,
    (sarif_category, sarif_include_suppressed): (Option<String>, bool),
    live: Option<&std::collections::BTreeMap<String, String>>,
) -> ExitCode {
    let no_accounts = std::collections::BTreeMap::new();
    let report = Report {
        findings: &outcome.findings,
        files: outcome.files,
        resources: outcome.resources,
        missing_modules: outcome.missing_modules,
        problems,
        skipped,
        accounts: live.unwrap_or(&no_accounts),
    };
    let live = live.is_some();
    let sarif_options = report::sarif::SarifOptions {
        category: sarif_category,
        severity: config.severity.clone(),
        include_suppressed: sarif_include_suppressed,
    };
    // Every format is written as it is made: a report is never held whole.
    let mut write = |out: &mut dyn Write| -> std::io::Result<()> {
        match format {
            Format::Json => report::json::write(&report, out),
            Format::Sarif => report::sarif::write(&report, &sarif_options, out),
            Format::Text => report::text::write(&report, text_options(output.is_some()), out),
            Format::Junit => report::junit::write(&report, config.fail_on, out),
            Format::Gitlab => report::gitlab::write(&report, out),
            Format::Github => report::github::write(&report, out),
        }
    };
    if matches!(format, Format::Sarif) {
        let cut = report::sarif::left_out(&report, &sarif_options);
        if cut > 0 {
            eprintln!(
                "lifeboat: warning: {}",
                report::sarif::cut_message(report::sarif::results(&report, &sarif_options), cut)
            );
        }
    }
    if let Err(e) = write_out_with(output, &mut write) {
        eprintln!("lifeboat: {e}");
        return ExitCode::from(2);
    }
    for p in problems {
        eprintln!("lifeboat: {}: {p}", if live { "warning" } else { "error" });
    }
    if !problems.is_empty() {
        if live {
            eprintln!(
                "lifeboat: the audit is incomplete ({} kind(s) of call failed): exit code 2",
                problems.len()
            );
        }
        return ExitCode::from(2);
    }
    let failed = config.fail_on.is_some_and(|t| {
        outcome
            .findings
            .iter()
            .any(|f| f.is_active() && f.severity >= t)
    });
    ExitCode::from(u8::from(failed))
}
