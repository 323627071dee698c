//! The `lifeboat` command line: parse arguments, call the library, set the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use lifeboat::config::{self, Config};
use lifeboat::finding::Severity;
use lifeboat::report::{self, Report};
use lifeboat::sources::{cloudformation, terraform::VarInputs, FileFilter, SourceOptions};
use lifeboat::{check, docs, rules};

/// Audits AWS backup and disaster-recovery posture in infrastructure as code.
#[derive(Parser)]
#[command(name = "lifeboat", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Terraform configurations, plan files and CloudFormation templates.
    Check(Box<CheckArgs>),
    /// List every rule.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Explain a rule: why it matters and how to fix it.
    Explain {
        /// Rule id (LB104) or name (vault-lock-retention-conflict).
        rule: String,
    },
    /// Print a shell completion script (e.g. `lifeboat completions bash > /etc/bash_completion.d/lifeboat`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `lifeboat man > lifeboat.1`.
    Man,
    /// Audit a live AWS account (read-only API calls) with the same rules.
    #[cfg(feature = "aws")]
    Audit(Box<AuditArgs>),
    /// Write a commented starter configuration (lifeboat.toml).
    Init {
        /// Where to write it.
        #[arg(default_value = "lifeboat.toml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Code frames for people.
    Text,
    /// lifeboat's own JSON (documented in the README).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// JUnit XML (GitLab, Jenkins).
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// GitHub Actions workflow commands (pull-request annotations).
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: error, or the config's].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Configuration file [default: lifeboat.toml or .lifeboat.toml, found by walking up
    /// from the first path to the repository root].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only these rules (ids, names or id prefixes like LB4; comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Do not run these rules (added to the config's ignore list).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Set a Terraform variable (NAME=VALUE); may be repeated.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    /// Load Terraform variables from a .tfvars or .tfvars.json file; may be repeated.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// Set a CloudFormation parameter (NAME=VALUE); may be repeated.
    #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = parse_var)]
    parameters: Vec<(String, String)>,
    /// Load CloudFormation parameters from a file (the CLI's JSON list, or {"Parameters": {...}}).
    #[arg(long = "parameters-file", value_name = "FILE")]
    parameters_files: Vec<PathBuf>,
    /// The AWS region templates deploy to (AWS::Region); unknown when not given.
    #[arg(long)]
    region: Option<String>,
    /// Report values rules needed but could not resolve (LB002 notes).
    #[arg(long)]
    strict: bool,
    /// SARIF `automationDetails.id` (the code-scanning category), e.g. `lifeboat/prod/`.
    #[arg(long, value_name = "ID")]
    sarif_category: Option<String>,
    /// Report only findings not accepted in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings as the baseline (and exit 0).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
}

#[cfg(feature = "aws")]
#[derive(clap::Args)]
struct AuditArgs {
    /// Region to read; may be repeated.
    #[arg(
        long = "region",
        value_name = "REGION",
        required_unless_present = "all_regions"
    )]
    regions: Vec<String>,
    /// Read every region enabled for the account (needs account:ListRegions).
    #[arg(long)]
    all_regions: bool,
    /// Seconds one attempt of an API call may take before it is abandoned.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    timeout: u64,
    /// Attempts per API call; throttled and failed calls are retried with backoff.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=10))]
    max_attempts: u32,
    /// Configuration file (default: lifeboat.toml found from the current directory up).
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// Send every call to this endpoint (an emulator such as moto).
    #[arg(long)]
    endpoint_url: Option<String>,
    /// Named profile of the shared AWS config files.
    #[arg(long)]
    profile: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: error, or the config's].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Report values rules needed but could not read (LB002 notes).
    #[arg(long)]
    strict: bool,
    /// SARIF `automationDetails.id`.
    #[arg(long, value_name = "ID")]
    sarif_category: Option<String>,
    /// Print nothing on standard error but errors.
    #[arg(long, short)]
    quiet: bool,
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

fn color_wanted(to_file: bool) -> bool {
    !to_file
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
}

/// Writes a file through a temporary file beside it and a rename, so a failed write (a
/// full disk) leaves the previous file as it was.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let failed = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    // A device, pipe or socket (`--output /dev/null`, `/dev/stdout`, a FIFO) is written
    // to, never replaced: renaming over it would turn it into a regular file.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .and_then(|mut f| f.write_all(text.as_bytes()))
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
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|_| f.sync_all()))
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
fn stdout_closed() -> bool {
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

fn write_out(path: Option<&PathBuf>, text: &str) -> Result<(), String> {
    match path {
        Some(p) => write_atomically(p, text),
        None if stdout_closed() => Err(
            "standard output is closed: the report cannot be written (use --output FILE)".into(),
        ),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
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
fn print_diagnostic(d: &dyn miette::Diagnostic) {
    let theme = if std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    if miette::GraphicalReportHandler::new_themed(theme)
        .render_report(&mut out, d)
        .is_err()
    {
        out = d.to_string();
    }
    eprintln!("{out}");
}

/// The file's configuration (given, or found from `start` up) with the `--fail-on` and
/// `--strict` overrides that `check` and `audit` share.
fn base_configuration(
    file: Option<&PathBuf>,
    start: &Path,
    fail_on: Option<FailOn>,
    strict: bool,
) -> Result<Config, ExitCode> {
    let file = file.cloned().or_else(|| config::discover(start));
    let mut c = match &file {
        Some(path) => config::load(path).map_err(|e| {
            print_diagnostic(&*e);
            ExitCode::from(2)
        })?,
        None => Config::default(),
    };
    if let Some(f) = fail_on {
        c.fail_on = match f {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        };
    }
    c.strict |= strict;
    Ok(c)
}

/// The configuration: the file (given or found), then command-line overrides.
fn configuration(args: &CheckArgs) -> Result<Config, ExitCode> {
    let start = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let mut c = base_configuration(args.config.as_ref(), start, args.fail_on, args.strict)?;
    if !args.select.is_empty() {
        c.select = args.select.clone();
    }
    c.ignore.extend(args.ignore.iter().cloned());
    for rule in c.select.iter().chain(&c.ignore) {
        let known = rules::all()
            .iter()
            .any(|r| config::selects(rule, r.info().id, r.info().name));
        if !known {
            eprintln!("lifeboat: error: `{rule}` names no rule (see `lifeboat rules`)");
            return Err(ExitCode::from(2));
        }
    }
    Ok(c)
}

fn run_check(args: CheckArgs) -> ExitCode {
    let config = match configuration(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let filter = match FileFilter::new(&config.root, &config.include, &config.exclude) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("lifeboat: error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut parameters = std::collections::HashMap::new();
    for file in &args.parameters_files {
        match cloudformation::read_parameters_file(file) {
            Ok(pairs) => parameters.extend(pairs),
            Err(p) => {
                eprintln!("lifeboat: error: {}", p.message);
                return ExitCode::from(2);
            }
        }
    }
    parameters.extend(args.parameters);
    let sources = SourceOptions {
        filter,
        terraform_vars: VarInputs {
            files: args.var_files,
            vars: args.vars,
        },
        cloudformation: cloudformation::Inputs {
            parameters,
            region: args.region,
        },
    };
    let baseline = match &args.baseline {
        Some(path) => match lifeboat::suppress::read_baseline(path) {
            Ok(b) => Some((b, path.display().to_string())),
            Err(e) => {
                eprintln!("lifeboat: error: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let outcome = check::run(
        &args.paths,
        &sources,
        &config,
        baseline.as_ref().map(|(b, n)| (b, n.as_str())),
    );
    if let Some(path) = &args.write_baseline {
        return match write_atomically(path, &lifeboat::suppress::baseline_of(&outcome.findings)) {
            Ok(()) => {
                let n = outcome
                    .findings
                    .iter()
                    .filter(|f| f.suppressed.as_ref().is_none_or(|s| !s.in_source))
                    .count();
                eprintln!(
                    "lifeboat: wrote {n} findings to the baseline {}",
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("lifeboat: error: {e}");
                ExitCode::from(2)
            }
        };
    }
    // Named files that are not inputs are warnings; every other input problem makes the
    // check incomplete (exit 2).
    let skipped: Vec<String> = outcome
        .problems
        .iter()
        .filter(|p| p.kind == lifeboat::sources::ProblemKind::Skipped)
        .map(|p| p.message.clone())
        .collect();
    for p in &skipped {
        eprintln!("lifeboat: warning: {p}");
    }
    let problems: Vec<String> = outcome
        .problems
        .iter()
        .filter(|p| p.kind != lifeboat::sources::ProblemKind::Skipped)
        .map(|p| p.message.clone())
        .collect();
    emit(
        &outcome,
        (&problems, &skipped),
        &config,
        args.format,
        args.output.as_ref(),
        args.sarif_category,
        false,
    )
}

/// Renders the report, writes it, prints input errors and sets the exit code.
fn emit(
    outcome: &check::Outcome,
    (problems, skipped): (&[String], &[String]),
    config: &Config,
    format: Format,
    output: Option<&PathBuf>,
    sarif_category: Option<String>,
    live: bool,
) -> ExitCode {
    let report = Report {
        findings: &outcome.findings,
        files: outcome.files,
        resources: outcome.resources,
        missing_modules: outcome.missing_modules,
        problems,
        skipped,
    };
    let text = match format {
        Format::Text => report::text::render(&report, color_wanted(output.is_some())),
        Format::Json => report::json::render(&report),
        Format::Sarif => report::sarif::render(
            &report,
            &report::sarif::SarifOptions {
                category: sarif_category,
            },
        ),
        Format::Junit => report::junit::render(&report),
        Format::Gitlab => report::gitlab::render(&report),
        Format::Github => report::github::render(&report),
    };
    if let Err(e) = write_out(output, &text) {
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

/// `lifeboat audit`: the same rules over a live account.
#[cfg(feature = "aws")]
fn run_audit(args: AuditArgs) -> ExitCode {
    let config = match base_configuration(
        args.config.as_ref(),
        Path::new("."),
        args.fail_on,
        args.strict,
    ) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    let options = lifeboat::sources::live::AuditOptions {
        regions: args.regions,
        all_regions: args.all_regions,
        endpoint_url: args.endpoint_url,
        profile: args.profile,
        timeout_secs: args.timeout,
        max_attempts: args.max_attempts,
        quiet: args.quiet,
        lookback_hours: config.live_lookback_hours,
        restore_days: config.max_days_since_restore_test,
    };
    let audit = match lifeboat::sources::live::audit(&options) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("lifeboat: error: {e}");
            return ExitCode::from(2);
        }
    };
    if !args.quiet {
        eprintln!(
            "lifeboat: read {} region(s) of the account in {:.2?} with {} API calls",
            audit.regions.len(),
            started.elapsed(),
            audit.calls
        );
    }
    let inputs = lifeboat::sources::Inputs {
        estates: vec![audit.estate],
        problems: Vec::new(),
        files: 0,
    };
    let outcome = check::evaluate(inputs, &config, None);
    // Calls that failed make the audit incomplete (exit code 2) but do not stop it.
    emit(
        &outcome,
        (&audit.problems, &[]),
        &config,
        args.format,
        args.output.as_ref(),
        args.sarif_category,
        true,
    )
}

fn list_rules(format: ListFormat) -> ExitCode {
    let rows: Vec<_> = rules::all()
        .iter()
        .map(|r| {
            let info = r.info();
            let summary = docs::for_rule(info.id)
                .map(|d| d.summary)
                .unwrap_or_default();
            (info, summary)
        })
        .collect();
    let text = match format {
        ListFormat::Json => {
            let items: Vec<_> = rows
                .iter()
                .map(|(i, s)| serde_json::json!({"id": i.id, "name": i.name, "severity": i.severity, "summary": s}))
                .collect();
            serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
        }
        ListFormat::Text => rows
            .iter()
            .map(|(i, s)| {
                format!(
                    "{:<6} {:<32} {:<8} {s}\n",
                    i.id,
                    i.name,
                    i.severity.as_str()
                )
            })
            .collect(),
    };
    match write_out(None, &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lifeboat: {e}");
            ExitCode::from(2)
        }
    }
}

fn explain(key: &str) -> ExitCode {
    let Some(rule) = rules::find(key) else {
        eprintln!("lifeboat: error: no rule named `{key}` (see `lifeboat rules`)");
        return ExitCode::from(2);
    };
    let info = rule.info();
    let Some(doc) = docs::for_rule(info.id) else {
        eprintln!("lifeboat: error: rule {} has no documentation", info.id);
        return ExitCode::from(2);
    };
    let text = format!(
        "{} {} ({})\n{}\nApplies to: {}\n\n{}",
        info.id,
        info.name,
        info.severity.as_str(),
        doc.summary,
        doc.applies_to,
        doc.body
    );
    match write_out(None, &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lifeboat: {e}");
            ExitCode::from(2)
        }
    }
}

fn init(path: &Path, force: bool) -> ExitCode {
    if path.exists() && !force {
        eprintln!(
            "lifeboat: error: {} exists (use --force to overwrite)",
            path.display()
        );
        return ExitCode::from(2);
    }
    match std::fs::write(path, config::STARTER) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lifeboat: error: cannot write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Deeply nested inputs recurse in the parser and evaluator: give workers room.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(16 * 1024 * 1024)
        .build_global();
    match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
        Command::Init { path, force } => init(&path, force),
        #[cfg(feature = "aws")]
        Command::Audit(args) => run_audit(*args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "lifeboat", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            if let Err(e) = clap_mangen::Man::new(cmd).render(&mut out) {
                eprintln!("lifeboat: error: {e}");
                return ExitCode::from(2);
            }
            match write_out(None, &String::from_utf8_lossy(&out)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("lifeboat: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
