//! Configuration: `lifeboat.toml` (or `.lifeboat.toml`), found by walking up from the
//! scanned path to the repository root, or given with `--config`. Unknown keys are errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::finding::Severity;

/// Settings that change what rules report.
#[derive(Debug, Clone)]
pub struct Config {
    /// LB106: the smallest acceptable vault lock minimum retention, in days.
    pub vault_lock_min_retention_days: i64,
    /// LB209: the longest retention of a plan must reach this many days.
    pub plan_min_retention_days: i64,
    /// LB213: a plan's fastest rule must run at least this often (minutes); None: not judged.
    pub plan_max_interval: Option<u64>,
    /// LB401: automated backup retention below this many days is a warning.
    pub database_min_retention_days: i64,
    /// LB503: PITR recovery periods shorter than this many days are noted.
    pub dynamodb_min_pitr_days: i64,
    /// LB301: which resources must be backed up.
    pub coverage: Coverage,
    /// LB802: a restore testing plan must have a successful restore test this recent (days).
    pub max_days_since_restore_test: i64,
    /// LB902 (live audit): how many hours back failed jobs count.
    pub live_lookback_hours: i64,
    /// Report unresolved values that rules needed (LB002).
    pub strict: bool,
    /// Findings at or above this severity make the exit code 1; None never fails.
    pub fail_on: Option<Severity>,
    /// Rules to run (ids, names or id prefixes like `LB4`); empty means all.
    pub select: Vec<String>,
    /// Rules not to run.
    pub ignore: Vec<String>,
    /// Severity overrides by rule id or name.
    pub severity: BTreeMap<String, Severity>,
    /// Only files matching these globs (relative to `root`) are checked; empty means all.
    pub include: Vec<String>,
    /// Files matching these globs are not checked.
    pub exclude: Vec<String>,
    /// The directory globs are relative to (the config file's).
    pub root: PathBuf,
    /// The config file read, if any.
    pub file: Option<PathBuf>,
    /// What the file said that still works but will not for long (deprecated spellings).
    pub warnings: Vec<String>,
    /// LB302–LB304: recovery objectives per tier.
    pub objectives: Objectives,
}

/// Recovery objectives: which tag names a resource's tier, and what each tier requires.
#[derive(Debug, Clone)]
pub struct Objectives {
    /// The tag whose value names a resource's tier.
    pub tier_tag: String,
    /// The tier of stateful resources without the tag; None: they are not judged.
    pub default_tier: Option<String>,
    /// The tiers by name.
    pub tiers: BTreeMap<String, Tier>,
}

impl Default for Objectives {
    fn default() -> Self {
        Objectives {
            tier_tag: "backup-tier".into(),
            default_tier: None,
            tiers: BTreeMap::new(),
        }
    }
}

/// What one tier requires, in minutes; None is not judged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tier {
    /// Deletion or corruption: the newest restorable point is never older than this.
    pub rpo: Option<u64>,
    /// The oldest point one can go back to.
    pub retention: Option<u64>,
    /// Regional outage: a restorable copy in another region, never older than this.
    pub region_rpo: Option<u64>,
    /// Account compromise: a copy in another account or an air-gapped vault.
    pub account_rpo: Option<u64>,
}

/// Parses a duration (`15m`, `4h`, `30d`, `2w`) into minutes.
pub fn duration_minutes(s: &str) -> Option<u64> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let n: u64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
    let factor = match unit {
        'm' => 1,
        'h' => 60,
        'd' => 1440,
        'w' => 7 * 1440,
        _ => return None,
    };
    n.checked_mul(factor).filter(|m| *m > 0)
}

/// Minutes written back as the largest whole unit (`1440` → `1d`, `90` → `90m`).
pub fn duration_text(minutes: u64) -> String {
    for (unit, size) in [("d", 1440), ("h", 60)] {
        if minutes >= size && minutes % size == 0 {
            return format!("{}{unit}", minutes / size);
        }
    }
    format!("{minutes}m")
}

/// LB301's scope.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// Resource kinds that must be backed up (`rds`, `dynamodb`, `s3`, `efs`, `ebs`, `ec2`,
    /// `fsx`, `docdb`, `neptune`, `redshift`); empty means every kind.
    pub kinds: Vec<String>,
    /// Only resources with all these tags must be backed up.
    pub tags: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            vault_lock_min_retention_days: 7,
            plan_min_retention_days: 35,
            plan_max_interval: None,
            database_min_retention_days: 7,
            dynamodb_min_pitr_days: 35,
            coverage: Coverage::default(),
            max_days_since_restore_test: 35,
            live_lookback_hours: 24,
            strict: false,
            fail_on: Some(Severity::Error),
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            root: PathBuf::from("."),
            file: None,
            warnings: Vec::new(),
            objectives: Objectives::default(),
        }
    }
}

impl Config {
    /// Is a rule selected (by `select` and not by `ignore`)? A preview rule runs only when
    /// `select` names it exactly (its id or name; a prefix such as `LB4` is not enough).
    pub fn runs(&self, rule: &crate::rules::RuleInfo) -> bool {
        let (id, name) = (rule.id, rule.name);
        let matches = |p: &String| selects(p, id, name);
        let named = |p: &String| p.eq_ignore_ascii_case(id) || p == name;
        let selected = if rule.preview {
            self.select.iter().any(named)
        } else {
            self.select.is_empty() || self.select.iter().any(matches)
        };
        selected && !self.ignore.iter().any(matches)
    }

    /// The severity a rule's findings get (overrides by id or name).
    pub fn severity_of(&self, id: &str, name: &str, default: Severity) -> Severity {
        self.severity
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(id) || *k == name)
            .map_or(default, |(_, s)| *s)
    }
}

/// Does a selector (id, name, or id prefix like `LB4`) name a rule?
pub fn selects(selector: &str, id: &str, name: &str) -> bool {
    selector.eq_ignore_ascii_case(id)
        || selector == name
        || (selector.len() < id.len() && id.starts_with(selector.to_ascii_uppercase().as_str()))
}

/// The kinds `coverage.kinds` accepts (the short kinds of the coverage rules).
pub const COVERAGE_KINDS: &[&str] = &[
    "rds", "dynamodb", "s3", "efs", "ebs", "ec2", "fsx", "docdb", "neptune", "redshift",
];

/// The file format, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    fail_on: Option<String>,
    /// The old spelling of `fail_on`, accepted with a warning until the next release.
    #[serde(rename = "fail-on")]
    fail_on_dashed: Option<String>,
    strict: Option<bool>,
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<String, String>>,
    vault_lock: Option<MinRetention>,
    plan: Option<FilePlan>,
    database: Option<MinRetention>,
    dynamodb: Option<DynamoDb>,
    coverage: Option<FileCoverage>,
    recovery: Option<Recovery>,
    live: Option<Live>,
    objectives: Option<FileObjectives>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileObjectives {
    tier_tag: Option<String>,
    default_tier: Option<Spanned<String>>,
    tiers: Option<BTreeMap<String, FileTier>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTier {
    rpo: Option<Spanned<String>>,
    retention: Option<Spanned<String>>,
    region_rpo: Option<Spanned<String>>,
    account_rpo: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recovery {
    max_days_since_restore_test: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Live {
    lookback_hours: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinRetention {
    min_retention_days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePlan {
    min_retention_days: Option<Spanned<i64>>,
    max_interval: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DynamoDb {
    min_pitr_days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCoverage {
    kinds: Option<Vec<Spanned<String>>>,
    tags: Option<BTreeMap<String, String>>,
}

/// A configuration file that cannot be used, with a code frame.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(lifeboat::config))]
pub struct ConfigError {
    message: String,
    #[source_code]
    src: Option<NamedSource<String>>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
}

impl ConfigError {
    fn plain(message: String) -> Box<Self> {
        Box::new(ConfigError {
            message,
            src: None,
            span: None,
            label: String::new(),
        })
    }

    fn at(
        path: &Path,
        text: &str,
        span: std::ops::Range<usize>,
        message: String,
        label: &str,
    ) -> Box<Self> {
        Box::new(ConfigError {
            message,
            src: Some(NamedSource::new(
                crate::sources::display_path(path),
                text.to_string(),
            )),
            span: Some((span.start, span.end.saturating_sub(span.start)).into()),
            label: label.to_string(),
        })
    }
}

/// The names lifeboat looks for.
const FILE_NAMES: [&str; 2] = ["lifeboat.toml", ".lifeboat.toml"];

/// Finds the config file for a scan: walking up from `start` to the repository root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    let start = if start.is_file() {
        start.parent()?.to_path_buf()
    } else {
        start
    };
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

fn severity(s: &str) -> Option<Severity> {
    Severity::parse(&s.to_ascii_lowercase())
}

/// What is wrong with a glob, without the glob repeated.
fn glob_problem(e: &globset::Error) -> String {
    match e.kind() {
        globset::ErrorKind::UnclosedClass => "a `[` is never closed by `]`".into(),
        globset::ErrorKind::UnopenedAlternates => "a `}` closes no `{`".into(),
        globset::ErrorKind::UnclosedAlternates => "a `{` is never closed by `}`".into(),
        globset::ErrorKind::NestedAlternates => "`{…}` cannot be nested".into(),
        globset::ErrorKind::DanglingEscape => "it ends with a lone `\\`".into(),
        globset::ErrorKind::InvalidRange(a, b) => format!("the range `{a}-{b}` is backwards"),
        other => other.to_string(),
    }
}

/// A TOML/serde type error in the words of the README ("expected a whole number, found
/// the string \"seven\""), not of Rust ("invalid type: string \"seven\", expected i64").
fn user_words(message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    let expected = match expected.trim() {
        "i64" | "i32" | "u64" | "u32" | "usize" | "an integer" => "a whole number".to_string(),
        "f64" | "f32" => "a number".to_string(),
        "a sequence" => "an array (`[\"…\", \"…\"]`)".to_string(),
        "a map" => "a table".to_string(),
        "a boolean" => "true or false".to_string(),
        e if e.starts_with("struct ") => "a table".to_string(),
        e => e.to_string(),
    };
    let found = match found.split_once(' ') {
        Some(("integer", v)) => format!("the whole number {}", v.trim_matches('`')),
        Some(("floating", v)) => format!(
            "the number {}",
            v.trim_start_matches("point ").trim_matches('`')
        ),
        Some(("string", v)) => format!("the string {v}"),
        Some(("boolean", v)) => v.trim_matches('`').to_string(),
        _ => match found {
            "sequence" => "an array".to_string(),
            "map" => "a table".to_string(),
            f => f.to_string(),
        },
    };
    format!("expected {expected}, found {found}")
}

/// Largest configuration file read (a real one is a few kilobytes; `--config /dev/zero`
/// is refused, not read).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads a config file over the defaults.
pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
    let text = crate::sources::read_limited_text(path, MAX_CONFIG_BYTES)
        .map_err(|e| ConfigError::plain(format!("cannot read {}: {e}", path.display())))?;
    let file: FileConfig = toml::from_str(&text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ConfigError::at(
            path,
            &text,
            span,
            format!(
                "invalid configuration in {}: {}",
                path.display(),
                user_words(e.message().trim())
            ),
            "here",
        )
    })?;
    let mut c = Config {
        root: path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        file: Some(path.to_path_buf()),
        ..Config::default()
    };
    // Values that parse as TOML but mean nothing to lifeboat still get a code frame.
    let bad_value = |key: &str, value: &str, expected: &str| {
        let at = text
            .find(&format!("\"{value}\""))
            .or_else(|| text.find(key))
            .unwrap_or(0);
        ConfigError::at(
            path,
            &text,
            at..at + value.len() + 2,
            format!(
                "invalid value `{value}` for `{key}` in {}: expected {expected}",
                path.display()
            ),
            "here",
        )
    };
    if file.fail_on_dashed.is_some() {
        c.warnings.push(format!(
            "{}: `fail-on` is deprecated and will be refused in the next release: write `fail_on` (every key is snake_case)",
            path.display()
        ));
    }
    if let Some(f) = file.fail_on.or(file.fail_on_dashed) {
        c.fail_on = match f.as_str() {
            "never" => None,
            s => Some(
                severity(s)
                    .ok_or_else(|| bad_value("fail_on", s, "error, warning, note or never"))?,
            ),
        };
    }
    c.strict = file.strict.unwrap_or(false);
    c.select = file.select.unwrap_or_default();
    c.ignore = file.ignore.unwrap_or_default();
    // A selector that names no rule would silently select or ignore nothing.
    for (key, list) in [("select", &c.select), ("ignore", &c.ignore)] {
        for s in list {
            let known = crate::rules::meta::ALL
                .iter()
                .any(|r| selects(s, r.id, r.name));
            if !known {
                let at = text.find(&format!("\"{s}\"")).unwrap_or(0);
                return Err(ConfigError::at(
                    path,
                    &text,
                    at..at + s.len() + 2,
                    format!(
                        "`{s}` in `{key}` of {} names no rule{} (ids like LB104, names like vault-lock-retention-conflict, or prefixes like LB4)",
                        path.display(),
                        crate::rules::suggest::hint(s)
                    ),
                    "no such rule",
                ));
            }
        }
    }
    // A glob that does not parse is refused here, at its place in the file, rather than
    // when the scan starts.
    for (key, list) in [("include", &file.include), ("exclude", &file.exclude)] {
        for g in list.iter().flatten() {
            if let Err(e) = globset::Glob::new(g.get_ref()) {
                return Err(ConfigError::at(
                    path,
                    &text,
                    g.span(),
                    format!(
                        "invalid glob `{}` in `{key}` of {}: {}",
                        g.get_ref(),
                        path.display(),
                        glob_problem(&e)
                    ),
                    "not a glob",
                ));
            }
        }
    }
    let strings = |l: Option<Vec<Spanned<String>>>| -> Vec<String> {
        l.unwrap_or_default()
            .into_iter()
            .map(Spanned::into_inner)
            .collect()
    };
    c.include = strings(file.include);
    c.exclude = strings(file.exclude);
    for (rule, level) in file.severity.unwrap_or_default() {
        let s =
            severity(&level).ok_or_else(|| bad_value(&rule, &level, "error, warning or note"))?;
        if crate::rules::find(&rule).is_none() {
            let at = text.find(&rule).unwrap_or(0);
            return Err(ConfigError::at(
                path,
                &text,
                at..at + rule.len(),
                format!("unknown rule `{rule}` in [severity] of {}", path.display()),
                "no such rule",
            ));
        }
        c.severity.insert(rule, s);
    }
    // Counts of days and hours: a whole number of at least 1 (0 or less would silence or
    // break the rule that reads it).
    let positive = |key: &str, v: Option<Spanned<i64>>| -> Result<Option<i64>, Box<ConfigError>> {
        let Some(v) = v else { return Ok(None) };
        if *v.get_ref() < 1 {
            return Err(ConfigError::at(
                path,
                &text,
                v.span(),
                format!(
                    "invalid value {} for `{key}` in {}: expected a whole number of at least 1",
                    v.get_ref(),
                    path.display()
                ),
                "here",
            ));
        }
        Ok(Some(*v.get_ref()))
    };
    if let Some(d) = positive(
        "vault_lock.min_retention_days",
        file.vault_lock.and_then(|v| v.min_retention_days),
    )? {
        c.vault_lock_min_retention_days = d;
    }
    let (plan_min, plan_interval) = file
        .plan
        .map_or((None, None), |p| (p.min_retention_days, p.max_interval));
    if let Some(d) = positive("plan.min_retention_days", plan_min)? {
        c.plan_min_retention_days = d;
    }
    if let Some(v) = plan_interval {
        match duration_minutes(v.get_ref()) {
            Some(m) => c.plan_max_interval = Some(m),
            None => {
                return Err(ConfigError::at(
                    path,
                    &text,
                    v.span(),
                    format!(
                        "invalid duration `{}` for `plan.max_interval` in {}: expected a whole number with m, h, d or w (\"24h\")",
                        v.get_ref(),
                        path.display()
                    ),
                    "here",
                ))
            }
        }
    }
    if let Some(d) = positive(
        "database.min_retention_days",
        file.database.and_then(|v| v.min_retention_days),
    )? {
        c.database_min_retention_days = d;
    }
    if let Some(d) = positive(
        "dynamodb.min_pitr_days",
        file.dynamodb.and_then(|v| v.min_pitr_days),
    )? {
        c.dynamodb_min_pitr_days = d;
    }
    if let Some(d) = positive(
        "recovery.max_days_since_restore_test",
        file.recovery.and_then(|r| r.max_days_since_restore_test),
    )? {
        c.max_days_since_restore_test = d;
    }
    if let Some(h) = positive(
        "live.lookback_hours",
        file.live.and_then(|l| l.lookback_hours),
    )? {
        c.live_lookback_hours = h;
    }
    if let Some(cov) = file.coverage {
        let mut kinds = Vec::new();
        for k in cov.kinds.unwrap_or_default() {
            if !COVERAGE_KINDS.contains(&k.get_ref().as_str()) {
                return Err(ConfigError::at(
                    path,
                    &text,
                    k.span(),
                    format!(
                        "unknown kind `{}` in coverage.kinds of {}: expected one of {}",
                        k.get_ref(),
                        path.display(),
                        COVERAGE_KINDS.join(", ")
                    ),
                    "no such kind",
                ));
            }
            kinds.push(k.into_inner());
        }
        c.coverage.kinds = kinds;
        c.coverage.tags = cov.tags.unwrap_or_default();
    }
    if let Some(o) = file.objectives {
        let duration = |key: String,
                        v: Option<Spanned<String>>|
         -> Result<Option<u64>, Box<ConfigError>> {
            let Some(v) = v else { return Ok(None) };
            match duration_minutes(v.get_ref()) {
                Some(m) => Ok(Some(m)),
                None => Err(ConfigError::at(
                    path,
                    &text,
                    v.span(),
                    format!(
                        "invalid duration `{}` for `{key}` in {}: expected a whole number with m, h, d or w (\"4h\", \"30d\")",
                        v.get_ref(),
                        path.display()
                    ),
                    "here",
                )),
            }
        };
        if let Some(t) = o.tier_tag {
            c.objectives.tier_tag = t;
        }
        for (name, t) in o.tiers.unwrap_or_default() {
            let k = |field: &str| format!("objectives.tiers.{name}.{field}");
            let tier = Tier {
                rpo: duration(k("rpo"), t.rpo)?,
                retention: duration(k("retention"), t.retention)?,
                region_rpo: duration(k("region_rpo"), t.region_rpo)?,
                account_rpo: duration(k("account_rpo"), t.account_rpo)?,
            };
            c.objectives.tiers.insert(name, tier);
        }
        if let Some(d) = o.default_tier {
            if !c.objectives.tiers.contains_key(d.get_ref()) {
                return Err(ConfigError::at(
                    path,
                    &text,
                    d.span(),
                    format!(
                        "objectives.default_tier names `{}`, which is not a tier of {}",
                        d.get_ref(),
                        path.display()
                    ),
                    "no such tier",
                ));
            }
            c.objectives.default_tier = Some(d.into_inner());
        }
    }
    Ok(c)
}

#[cfg(test)]
mod preview_tests {
    use super::Config;
    use crate::finding::Severity;
    use crate::rules::{Category, RuleInfo};

    static PREVIEW: RuleInfo = RuleInfo {
        id: "LB999",
        name: "some-heuristic",
        severity: Severity::Warning,
        family: "evidence",
        category: Category::Posture,
        since: "0.2.0",
        preview: true,
        summary: "A preview rule.",
        options: &[],
    };

    fn with(select: &[&str], ignore: &[&str]) -> Config {
        Config {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        }
    }

    #[test]
    fn preview_rules_run_only_when_named() {
        assert!(!with(&[], &[]).runs(&PREVIEW), "not by default");
        assert!(!with(&["LB9"], &[]).runs(&PREVIEW), "not by a prefix");
        assert!(with(&["LB999"], &[]).runs(&PREVIEW), "by its id");
        assert!(with(&["some-heuristic"], &[]).runs(&PREVIEW), "by its name");
        assert!(
            !with(&["LB999"], &["LB9"]).runs(&PREVIEW),
            "ignore still wins"
        );
        let stable = crate::rules::meta::ALL[0];
        assert!(with(&[], &[]).runs(stable) && with(&["LB0"], &[]).runs(stable));
    }
}
