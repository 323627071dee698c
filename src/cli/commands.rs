//! The commands: check, coverage, audit, rules, explain, init.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(feature = "aws")]
use super::args::AuditArgs;
use super::args::{CheckArgs, CoverageArgs, CoverageFormat, FailOn, ListFormat};
use super::output::{emit, print_diagnostic, write_atomically, write_out};
use lifeboat::config::{self, Config};
use lifeboat::finding::Severity;
use lifeboat::sources::{cloudformation, terraform::VarInputs, FileFilter, SourceOptions};
use lifeboat::{check, docs, fix_run, rules};

/// The file's configuration (given, or found from `start` up) with the `--fail-on` and
/// `--strict` overrides that `check` and `audit` share.
pub(crate) fn base_configuration(
    file: Option<&PathBuf>,
    start: &Path,
    fail_on: Option<FailOn>,
    strict: bool,
) -> Result<Config, ExitCode> {
    let discovered = if file.is_none() {
        config::discover(start)
    } else {
        None
    };
    // A configuration found in the repository (not named by the user) is part of the code
    // under review: one that is a symbolic link leading outside the repository is refused.
    if let Some(found) = &discovered {
        if !lifeboat::sources::Boundary::for_paths(&[start.to_path_buf()]).contains(found) {
            eprintln!(
                "lifeboat: error: {} is a symbolic link that leads outside the repository: not read (name a configuration with --config)",
                lifeboat::sources::display_path(found)
            );
            return Err(ExitCode::from(2));
        }
    }
    let file = file.cloned().or(discovered);
    let mut c = match &file {
        Some(path) => config::load(path).map_err(|e| {
            print_diagnostic(&*e);
            ExitCode::from(2)
        })?,
        None => Config::default(),
    };
    for w in &c.warnings {
        eprintln!("lifeboat: warning: {w}");
    }
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

/// One configuration applies to a run: the one given, or the one found from the first
/// path. A later path whose own configuration (found the same way) is another file would
/// be checked under rules it does not choose, and `check a b` would differ from `check b
/// a` without a word: the run says which file is not used.
fn warn_of_unused_configurations(args: &CheckArgs) {
    // A configuration named with --config is the user's choice for every path.
    if args.inputs.config.is_some() {
        return;
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let used = args
        .paths
        .first()
        .and_then(|p| config::discover(p))
        .map(|p| canonical(&p));
    let mut said = std::collections::HashSet::new();
    for path in args.paths.iter().skip(1) {
        let Some(own) = config::discover(path) else {
            continue;
        };
        if Some(canonical(&own)) != used && said.insert(canonical(&own)) {
            let shown = lifeboat::sources::display_path(&own);
            let instead = match &used {
                Some(u) => lifeboat::sources::display_path(u),
                None => "the defaults (the first path has no configuration)".into(),
            };
            eprintln!(
                "lifeboat: warning: {shown} is not used for {}: one configuration applies to a run, and this one uses {instead}; check {} on its own to use its configuration",
                path.display(),
                path.display()
            );
        }
    }
}

/// The configuration: the file (given or found), then command-line overrides.
pub(crate) fn configuration(args: &CheckArgs) -> Result<Config, ExitCode> {
    let start = args.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let mut c = base_configuration(
        args.inputs.config.as_ref(),
        start,
        args.fail_on,
        args.strict,
    )?;
    warn_of_unused_configurations(args);
    if !args.select.is_empty() {
        c.select = args.select.clone();
    }
    c.ignore.extend(args.ignore.iter().cloned());
    for rule in c.select.iter().chain(&c.ignore) {
        let known = rules::all()
            .iter()
            .any(|r| config::selects(rule, r.info().id, r.info().name));
        if !known {
            eprintln!(
                "lifeboat: error: `{rule}` names no rule{} (see `lifeboat rules`)",
                rules::suggest::hint(rule)
            );
            return Err(ExitCode::from(2));
        }
    }
    Ok(c)
}

/// `lifeboat check`: reads the paths, runs the rules, writes the report.
pub(crate) fn run_check(args: CheckArgs) -> ExitCode {
    let config = match configuration(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let sources = match source_options(&args, &config) {
        Ok(s) => s,
        Err(code) => return code,
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
    let baseline_ref = baseline.as_ref().map(|(b, n)| (b, n.as_str()));
    if args.unsafe_fixes && !args.fix && !args.diff {
        eprintln!(
            "lifeboat: warning: --unsafe-fixes does nothing without --fix or --diff (nothing is changed)"
        );
    }
    if args.diff {
        return show_fixes(&args, &sources, &config, baseline_ref);
    }
    if args.fix {
        if let Err(code) = apply_fixes(&args, &sources, &config, baseline_ref) {
            return code;
        }
    }
    let inputs = lifeboat::sources::read(&args.paths, &sources);
    if let Some(path) = &args.coverage {
        let rows = lifeboat::report::coverage::build(&inputs.estates, &config);
        let text = render_coverage(&rows, CoverageFormat::of_path(path));
        if let Err(e) = write_atomically(path, &text) {
            eprintln!("lifeboat: error: {e}");
            return ExitCode::from(2);
        }
    }
    let outcome = check::evaluate(inputs, &config, baseline_ref);
    if let Some(path) = &args.write_baseline {
        return match write_atomically(path, &lifeboat::suppress::baseline_of(&outcome.findings)) {
            Ok(()) => {
                let n = outcome
                    .findings
                    .iter()
                    .filter(|f| f.suppressed.as_ref().is_none_or(|s| !s.in_source))
                    // A finding standing for the instances of one block counts each.
                    .map(|f| f.instances.as_ref().map_or(1, |i| i.addresses.len()))
                    .sum::<usize>();
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
        (args.sarif_category, args.sarif_include_suppressed),
        None,
    )
}

/// What the sources need from the arguments: file filter, variables, parameters.
pub(crate) fn source_options(args: &CheckArgs, config: &Config) -> Result<SourceOptions, ExitCode> {
    let filter = match FileFilter::new(&config.root, &config.include, &config.exclude) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("lifeboat: error: {e}");
            return Err(ExitCode::from(2));
        }
    };
    let mut parameters = std::collections::HashMap::new();
    for file in &args.inputs.parameters_files {
        match cloudformation::read_parameters_file(file) {
            Ok(pairs) => parameters.extend(pairs),
            Err(p) => {
                eprintln!("lifeboat: error: {}", p.message);
                return Err(ExitCode::from(2));
            }
        }
    }
    parameters.extend(args.inputs.parameters.clone());
    Ok(SourceOptions {
        filter,
        terraform_vars: VarInputs {
            files: args.inputs.var_files.clone(),
            vars: args.inputs.vars.clone(),
        },
        cloudformation: cloudformation::Inputs {
            parameters,
            region: args.inputs.region.clone(),
            account: args.inputs.account.clone(),
        },
        ignore_non_inputs: args.ignore_non_inputs,
    })
}

/// The coverage map in a format.
pub(crate) fn render_coverage(
    rows: &[lifeboat::report::coverage::Row],
    format: CoverageFormat,
) -> String {
    use lifeboat::report::coverage as map;
    match format {
        CoverageFormat::Text => map::text(rows),
        CoverageFormat::Json => map::json(rows),
        CoverageFormat::Markdown => map::markdown(rows),
        CoverageFormat::Html => map::html(rows),
    }
}

/// `lifeboat coverage`: the map of every stateful resource.
pub(crate) fn run_coverage(args: CoverageArgs) -> ExitCode {
    let check = args.inputs();
    let config = match configuration(&check) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let sources = match source_options(&check, &config) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let inputs = lifeboat::sources::read(&check.paths, &sources);
    let rows = lifeboat::report::coverage::build(&inputs.estates, &config);
    let text = render_coverage(&rows, args.format);
    let problems: Vec<&str> = inputs
        .problems
        .iter()
        .filter(|p| p.kind != lifeboat::sources::ProblemKind::Skipped)
        .map(|p| p.message.as_str())
        .collect();
    for p in &problems {
        eprintln!("lifeboat: error: {p}");
    }
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomically(path, &text) {
                eprintln!("lifeboat: error: {e}");
                return ExitCode::from(2);
            }
        }
        None => print!("{text}"),
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// `lifeboat audit`: the same rules over a live account.
#[cfg(feature = "aws")]
pub(crate) fn run_audit(args: AuditArgs) -> ExitCode {
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
        accounts: match (&args.role_name, args.role_arn.is_empty()) {
            (Some(role_name), _) if args.organization => {
                lifeboat::sources::live::Accounts::Organization {
                    role_name: role_name.clone(),
                    only: args.accounts.clone(),
                    exclude: args.exclude_accounts.clone(),
                }
            }
            (_, false) => lifeboat::sources::live::Accounts::Roles(args.role_arn.clone()),
            _ => lifeboat::sources::live::Accounts::Own,
        },
        roles: lifeboat::sources::live::RoleOptions {
            external_id: args.external_id.clone(),
            session_name: args.session_name.clone(),
        },
        concurrency: args.concurrency as usize,
    };
    let audit = match lifeboat::sources::live::audit(&options) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("lifeboat: error: {e}");
            return ExitCode::from(2);
        }
    };
    if !args.quiet {
        let whose = match audit.accounts.len() {
            1 => "the account".to_string(),
            n => format!("{n} accounts"),
        };
        eprintln!(
            "lifeboat: read {} region(s) of {whose} in {:.2?} with {} API calls",
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
    if let Some(path) = &args.coverage {
        let rows = lifeboat::report::coverage::build(&inputs.estates, &config);
        if let Err(e) =
            write_atomically(path, &render_coverage(&rows, CoverageFormat::of_path(path)))
        {
            eprintln!("lifeboat: error: {e}");
            return ExitCode::from(2);
        }
    }
    let outcome = check::evaluate(inputs, &config, None);
    // An organization audit (more than the ambient account) reports per account.
    let several = audit.accounts.len() + audit.not_audited.len() > 1
        || audit.accounts.iter().any(|a| a.id.is_some());
    let accounts: std::collections::BTreeMap<String, String> = if several {
        audit
            .accounts
            .iter()
            .filter_map(|a| Some((a.id.clone()?, a.name.clone().unwrap_or_default())))
            // Accounts not audited (their role could not be assumed) stay in the table.
            .chain(
                audit
                    .not_audited
                    .iter()
                    .filter_map(|a| Some((a.id.clone()?, a.name.clone().unwrap_or_default()))),
            )
            .collect()
    } else {
        std::collections::BTreeMap::new()
    };
    // Calls that failed make the audit incomplete (exit code 2) but do not stop it.
    emit(
        &outcome,
        (&audit.problems, &[]),
        &config,
        args.format,
        args.output.as_ref(),
        (args.sarif_category, false),
        Some(&accounts),
    )
}

/// `check --diff`: the fixes as a unified diff; exit 1 when there are any.
fn show_fixes(
    args: &CheckArgs,
    sources: &SourceOptions,
    config: &Config,
    baseline: Option<(&lifeboat::suppress::Baseline, &str)>,
) -> ExitCode {
    let outcome = check::run(&args.paths, sources, config, baseline);
    let boundary = lifeboat::sources::Boundary::for_paths(&args.paths);
    let writable =
        |file: &lifeboat::model::SourceFile| fix_run::unwritable(&file.path, &boundary).is_none();
    let (n, files) = fix_run::choose(&outcome.findings, args.unsafe_fixes, &writable);
    let mut text = String::new();
    for fe in files.values() {
        match fe.diff() {
            Ok(d) => text.push_str(&d),
            Err(e) => {
                eprintln!("lifeboat: error: {}: {e}", fe.file.display);
                return ExitCode::from(2);
            }
        }
    }
    if let Err(e) = write_out(args.output.as_ref(), &text) {
        eprintln!("lifeboat: {e}");
        return ExitCode::from(2);
    }
    eprintln!(
        "lifeboat: {n} fix(es) in {} file(s); `--fix` applies them",
        files.len()
    );
    hint_unsafe(&outcome.findings, args.unsafe_fixes);
    ExitCode::from(u8::from(n > 0))
}

/// Says how many more findings `--unsafe-fixes` would fix.
fn hint_unsafe(findings: &[Box<lifeboat::finding::Finding>], unsafe_fixes: bool) {
    let more = findings
        .iter()
        .filter(|f| f.is_active())
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| !fix_run::allowed(fix, unsafe_fixes) && fix_run::allowed(fix, true))
        .count();
    if more > 0 {
        eprintln!("lifeboat: {more} more can be fixed with --unsafe-fixes (read them first: they change cost or cannot be undone)");
    }
}

/// `check --fix`: applies the allowed fixes pass after pass (a fix can make room for
/// another) to the files' texts in memory, reads the whole scan again as it would be
/// after them, and writes every edited file only when that scan has no finding the first
/// one did not (a parse error above all): all or nothing.
fn apply_fixes(
    args: &CheckArgs,
    sources: &SourceOptions,
    config: &Config,
    baseline: Option<(&lifeboat::suppress::Baseline, &str)>,
) -> Result<(), ExitCode> {
    let mut fixed = 0;
    let boundary = lifeboat::sources::Boundary::for_paths(&args.paths);
    let refused = std::cell::RefCell::new(std::collections::BTreeSet::new());
    // The edited texts by canonical path, and where each is written with its name.
    let mut texts = std::collections::HashMap::new();
    let mut targets: std::collections::BTreeMap<PathBuf, (PathBuf, String)> =
        std::collections::BTreeMap::new();
    let mut before = None;
    let mut last = Vec::new();
    let mut settled = false;
    for _ in 0..fix_run::MAX_PASSES {
        let outcome = lifeboat::sources::with_pending(&texts, || {
            check::run(&args.paths, sources, config, baseline)
        });
        before.get_or_insert_with(|| fix_run::Found::of(&outcome.findings));
        let writable =
            |file: &lifeboat::model::SourceFile| match fix_run::unwritable(&file.path, &boundary) {
                Some(why) => {
                    if refused.borrow_mut().insert(file.display.clone()) {
                        eprintln!("lifeboat: warning: not fixing {}: {why}", file.display);
                    }
                    false
                }
                None => true,
            };
        let (n, files) = fix_run::choose(&outcome.findings, args.unsafe_fixes, &writable);
        last = outcome.findings;
        if n == 0 {
            settled = true;
            break;
        }
        for (path, fe) in &files {
            let text = fe.new_text().map_err(|e| {
                eprintln!("lifeboat: error: {}: {e}", fe.file.display);
                ExitCode::from(2)
            })?;
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            targets.insert(real.clone(), (path.clone(), fe.file.display.clone()));
            texts.insert(real, std::sync::Arc::<str>::from(text));
        }
        fixed += n;
    }
    if fixed > 0 {
        // The scan as it would be after every edit (the last pass read it already when
        // it found nothing more to fix).
        let after = if settled {
            fix_run::Found::of(&last)
        } else {
            let outcome = lifeboat::sources::with_pending(&texts, || {
                check::run(&args.paths, sources, config, baseline)
            });
            fix_run::Found::of(&outcome.findings)
        };
        let new = before
            .as_ref()
            .map(|b| after.new_since(b))
            .unwrap_or_default();
        if !new.is_empty() {
            eprintln!(
                "lifeboat: error: nothing was fixed and no file was written: after the fixes the scan would report what it does not now:"
            );
            for line in &new {
                eprintln!("  {line}");
            }
            eprintln!("lifeboat: please report this: a fix must never make a file worse");
            return Err(ExitCode::from(2));
        }
    }
    let mut changed = Vec::new();
    for (real, (path, display)) in &targets {
        let Some(text) = texts.get(real) else {
            continue;
        };
        write_atomically(path, text).map_err(|e| {
            eprintln!("lifeboat: error: {e} (the files before it were written)");
            ExitCode::from(2)
        })?;
        changed.push(display.clone());
    }
    eprintln!(
        "lifeboat: fixed {fixed} finding(s) in {} file(s){}",
        changed.len(),
        if changed.is_empty() {
            String::new()
        } else {
            format!(": {}", changed.join(", "))
        }
    );
    hint_unsafe(&last, args.unsafe_fixes);
    Ok(())
}

/// `lifeboat rules`: the rule catalog.
pub(crate) fn list_rules(format: ListFormat) -> ExitCode {
    let infos: Vec<&rules::RuleInfo> = rules::all().iter().map(|r| r.info()).collect();
    let text = match format {
        ListFormat::Json => {
            let items: Vec<_> = infos
                .iter()
                .map(|i| {
                    serde_json::json!({
                        "id": i.id,
                        "name": i.name,
                        "severity": i.severity,
                        "family": i.family,
                        "category": i.category.as_str(),
                        "since": i.since,
                        "preview": i.preview,
                        "summary": i.summary,
                        "options": i.options.iter().map(|o| serde_json::json!({
                            "key": o.key, "type": o.kind, "default": o.default, "doc": o.doc,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
        }
        ListFormat::Text => infos
            .iter()
            .map(|i| {
                let preview = if i.preview { " (preview)" } else { "" };
                format!(
                    "{:<6} {:<37} {:<8} {:<18} {}{preview}\n",
                    i.id,
                    i.name,
                    i.severity.as_str(),
                    i.category.as_str(),
                    i.summary
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

/// `lifeboat explain`: a rule's documentation.
pub(crate) fn explain(key: &str) -> ExitCode {
    let Some(rule) = rules::find(key) else {
        eprintln!(
            "lifeboat: error: no rule named `{key}`{} (see `lifeboat rules`)",
            rules::suggest::hint(key)
        );
        return ExitCode::from(2);
    };
    let info = rule.info();
    let Some(doc) = docs::for_rule(info.id) else {
        eprintln!("lifeboat: error: rule {} has no documentation", info.id);
        return ExitCode::from(2);
    };
    let mut options = String::new();
    for o in info.options {
        options.push_str(&format!(
            "Option: {} ({}, default {}): {}\n",
            o.key, o.kind, o.default, o.doc
        ));
    }
    let text = format!(
        "{} {} ({}, {}{}, since {})\n{}\nApplies to: {}\n{options}\n{}",
        info.id,
        info.name,
        info.severity.as_str(),
        info.category.as_str(),
        if info.preview { ", preview" } else { "" },
        info.since,
        info.summary,
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

/// `lifeboat init`: writes a starter configuration file.
pub(crate) fn init(path: &Path, force: bool) -> ExitCode {
    if path.exists() && !force {
        eprintln!(
            "lifeboat: error: {} exists (use --force to overwrite)",
            path.display()
        );
        return ExitCode::from(2);
    }
    match std::fs::write(path, lifeboat::config_reference::starter()) {
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
