//! The arguments: what clap parses.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Audits AWS backup and disaster-recovery posture in infrastructure as code.
#[derive(Parser)]
#[command(name = "lifeboat", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// When to colour the output: `auto` colours a terminal unless NO_COLOR is set (or
    /// CLICOLOR=0, or TERM=dumb), and always when FORCE_COLOR or CLICOLOR_FORCE is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

/// When to colour output.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub(crate) enum ColorChoice {
    /// On a terminal, as the environment says.
    Auto,
    /// Always (e.g. a CI log that renders ANSI colours).
    Always,
    /// Never.
    Never,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Print the man page (roff), e.g. `lifeboat man > lifeboat.1`, or a subcommand's
    /// (`lifeboat man check > lifeboat-check.1`).
    Man {
        /// The subcommand whose page to print (check, coverage, audit, …).
        subcommand: Option<String>,
    },
    /// Print the JSON schema of lifeboat.toml (published as lifeboat.schema.json).
    Schema,
    /// Audit a live AWS account (read-only API calls) with the same rules.
    #[cfg(feature = "aws")]
    Audit(Box<AuditArgs>),
    /// Print the coverage map: every stateful resource, its recovery paths, and how it
    /// meets its tier's objectives per scenario.
    Coverage(Box<CoverageArgs>),
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
pub(crate) enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Default, ValueEnum)]
pub(crate) enum Format {
    /// Code frames for people.
    #[default]
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
pub(crate) enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

/// What `check` and `coverage` read besides the paths: the configuration, Terraform
/// variables, CloudFormation parameters and where templates deploy.
#[derive(clap::Args, Default, Clone)]
pub(crate) struct InputArgs {
    /// Configuration file [default: lifeboat.toml or .lifeboat.toml, found by walking up
    /// from the first path to the repository root].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Set a Terraform variable (NAME=VALUE); may be repeated.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub(crate) vars: Vec<(String, String)>,
    /// Load Terraform variables from a .tfvars or .tfvars.json file; may be repeated.
    #[arg(long = "var-file", value_name = "FILE")]
    pub(crate) var_files: Vec<PathBuf>,
    /// Set a CloudFormation parameter (NAME=VALUE); may be repeated.
    #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub(crate) parameters: Vec<(String, String)>,
    /// Load CloudFormation parameters from a file (the CLI's JSON list, or {"Parameters": {...}}).
    #[arg(long = "parameters-file", value_name = "FILE")]
    pub(crate) parameters_files: Vec<PathBuf>,
    /// The AWS region templates deploy to (AWS::Region); unknown when not given.
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// The AWS account templates deploy to (AWS::AccountId); unknown when not given.
    #[arg(long, value_name = "ID")]
    pub(crate) account: Option<String>,
}

#[derive(clap::Args, Default)]
pub(crate) struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Apply safe fixes to the files, check again, and report what remains.
    #[arg(long)]
    pub(crate) fix: bool,
    /// With --fix or --diff: unsafe fixes too (they change cost or cannot be undone).
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there are).
    /// The diff is its own format: with --format or --fail-on it is a usage error, not a
    /// silently ignored option.
    #[arg(long, conflicts_with_all = ["fix", "format", "fail_on"])]
    pub(crate) diff: bool,
    /// Pass over named files that are no input lifeboat reads (a workflow, a
    /// `package.json`) without a warning or an error, as the pre-commit hooks do: without
    /// it such a file is a warning, and an error when nothing else was named.
    #[arg(long)]
    pub(crate) ignore_non_inputs: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// Also write the coverage map to this file (.json, .md, .html, else text).
    #[arg(long, value_name = "FILE")]
    pub(crate) coverage: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: error, or the config's].
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,
    /// Configuration and input values.
    #[command(flatten)]
    pub(crate) inputs: InputArgs,
    /// Run only these rules (ids, names or id prefixes like LB4; comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub(crate) select: Vec<String>,
    /// Do not run these rules (added to the config's ignore list).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub(crate) ignore: Vec<String>,
    /// Report values rules needed but could not resolve (LB002 notes).
    #[arg(long)]
    pub(crate) strict: bool,
    /// SARIF `automationDetails.id` (the code-scanning category), e.g. `lifeboat/prod/`.
    #[arg(long, value_name = "ID")]
    pub(crate) sarif_category: Option<String>,
    /// Keep suppressed and baselined findings in the SARIF log (with `suppressions`).
    /// Left out by default: GitHub code scanning does not read `suppressions` and would
    /// open them as alerts.
    #[arg(long)]
    pub(crate) sarif_include_suppressed: bool,
    /// Report only findings not accepted in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record today's findings as the baseline (and exit 0).
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
}

#[cfg(feature = "aws")]
#[derive(clap::Args)]
pub(crate) struct AuditArgs {
    /// Region to read; may be repeated.
    #[arg(
        long = "region",
        value_name = "REGION",
        required_unless_present = "all_regions"
    )]
    pub(crate) regions: Vec<String>,
    /// Read every region enabled for the account (needs account:ListRegions).
    #[arg(long)]
    pub(crate) all_regions: bool,
    /// Seconds one attempt of an API call may take before it is abandoned.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub(crate) timeout: u64,
    /// Attempts per API call; throttled and failed calls are retried with backoff.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=10))]
    pub(crate) max_attempts: u32,
    /// Configuration file (default: lifeboat.toml found from the current directory up).
    #[arg(long, short)]
    pub(crate) config: Option<PathBuf>,
    /// Send every call to this endpoint (an emulator such as moto).
    #[arg(long)]
    pub(crate) endpoint_url: Option<String>,
    /// Named profile of the shared AWS config files.
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// Also write the coverage map to this file (.json, .md, .html, else text).
    #[arg(long, value_name = "FILE")]
    pub(crate) coverage: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: error, or the config's].
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,
    /// Report values rules needed but could not read (LB002 notes).
    #[arg(long)]
    pub(crate) strict: bool,
    /// SARIF `automationDetails.id`.
    #[arg(long, value_name = "ID")]
    pub(crate) sarif_category: Option<String>,
    /// Print nothing on standard error but errors.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Audit every active account of the AWS Organization (run from the management account
    /// or a delegated administrator), assuming --role-name in each.
    #[arg(long, requires = "role_name", conflicts_with = "role_arn")]
    pub(crate) organization: bool,
    /// The role to assume in each account of the organization (arn:aws:iam::ID:role/NAME).
    #[arg(long, value_name = "NAME", requires = "organization")]
    pub(crate) role_name: Option<String>,
    /// Only these accounts of the organization (comma-separated ids).
    #[arg(
        long,
        value_name = "ID,...",
        value_delimiter = ',',
        requires = "organization"
    )]
    pub(crate) accounts: Vec<String>,
    /// Not these accounts of the organization (comma-separated ids).
    #[arg(
        long,
        value_name = "ID,...",
        value_delimiter = ',',
        requires = "organization"
    )]
    pub(crate) exclude_accounts: Vec<String>,
    /// Audit the accounts of these roles (one role ARN per account; may be repeated).
    #[arg(long, value_name = "ARN")]
    pub(crate) role_arn: Vec<String>,
    /// The external id the audit roles' trust policies require.
    #[arg(long, value_name = "ID")]
    pub(crate) external_id: Option<String>,
    /// The session name of the assumed roles (CloudTrail shows it).
    #[arg(long, value_name = "NAME", default_value = "lifeboat-audit")]
    pub(crate) session_name: String,
    /// Account × region readers at work at once.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub(crate) concurrency: u32,
}

/// Parses `NAME=VALUE` (for `--var` and `--parameter`).
pub(crate) fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

/// Formats of the coverage map.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CoverageFormat {
    /// A table for the terminal, then each resource's paths.
    Text,
    /// JSON (documented in the README).
    Json,
    /// A Markdown table (pull-request comments, GitHub step summaries).
    Markdown,
    /// One self-contained HTML page (a resource × scenario matrix).
    Html,
}

impl CoverageFormat {
    /// The format a file name asks for (`.json`, `.md`, `.html`), text otherwise.
    pub(crate) fn of_path(path: &std::path::Path) -> CoverageFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => CoverageFormat::Json,
            Some("md" | "markdown") => CoverageFormat::Markdown,
            Some("html" | "htm") => CoverageFormat::Html,
            _ => CoverageFormat::Text,
        }
    }
}

#[derive(clap::Args)]
pub(crate) struct CoverageArgs {
    /// Files or directories to map.
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CoverageFormat::Text)]
    pub(crate) format: CoverageFormat,
    /// Write the map to this file instead of standard output.
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// Configuration and input values, as `lifeboat check` takes them.
    #[command(flatten)]
    pub(crate) inputs: InputArgs,
}

impl CoverageArgs {
    /// The inputs as `lifeboat check` takes them (its other options at their defaults).
    pub(crate) fn inputs(&self) -> CheckArgs {
        CheckArgs {
            paths: self.paths.clone(),
            inputs: self.inputs.clone(),
            ..CheckArgs::default()
        }
    }
}
