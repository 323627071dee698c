//! One check run: read the sources, run the rules per scan unit in parallel, order findings.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::Config;
use crate::finding::Finding;
use crate::model::Suppression;
use crate::rules;
use crate::sources::{self, InputProblem, SourceOptions};
use crate::suppress;

/// What a check run found.
pub struct Outcome {
    /// Findings in deterministic order (path, line, column, rule id).
    pub findings: Vec<Box<Finding>>,
    /// Input errors (unreadable paths, invalid var files): exit code 2.
    pub problems: Vec<InputProblem>,
    /// Files read.
    pub files: usize,
    /// Resources seen.
    pub resources: usize,
    /// Distinct module calls whose module is not on disk (not checked).
    pub missing_modules: usize,
}

/// Checks the given paths.
pub fn run(
    paths: &[PathBuf],
    sources: &SourceOptions,
    config: &Config,
    baseline: Option<(&suppress::Baseline, &str)>,
) -> Outcome {
    evaluate(sources::read(paths, sources), config, baseline)
}

/// Runs the rules over what the sources produced (files, or a live account), applies
/// suppressions and the baseline, and orders the findings.
pub fn evaluate(
    inputs: sources::Inputs,
    config: &Config,
    baseline: Option<(&suppress::Baseline, &str)>,
) -> Outcome {
    let all = rules::all();
    let scan = crate::semantics::scan::Scan::new(&inputs.estates);
    let runs: Vec<rules::UnitRun> = inputs
        .estates
        .par_iter()
        .enumerate()
        .map(|(unit, estate)| rules::check(estate, unit, &scan, all, config))
        .collect();
    let mut findings: Vec<Box<Finding>> = Vec::new();
    let (mut unresolved, mut held_back) = (Vec::new(), Vec::new());
    for mut run in runs {
        // The first unit's list is taken, not copied: one unit may hold every finding.
        if findings.is_empty() {
            findings = std::mem::take(&mut run.findings);
        }
        findings.append(&mut run.findings);
        unresolved.append(&mut run.unresolved);
        held_back.append(&mut run.held_back);
    }
    // The rules about the run review what it recorded: first what a suppression may hide...
    let mut facts = rules::review::Facts {
        estates: &inputs.estates,
        config,
        unresolved: &unresolved,
        held_back: &held_back,
        suppressions: None,
    };
    findings.extend(rules::review::review(all, &facts).into_iter().map(Box::new));
    // Suppressions of files read by several units apply once.
    let mut suppressions: Vec<&Suppression> = inputs
        .estates
        .iter()
        .flat_map(|e| e.suppressions.iter())
        .collect();
    suppressions.sort_by_key(|s| s.at.sort_key());
    suppressions.dedup_by_key(|s| s.at.sort_key());
    let used = suppress::apply(&mut findings, &suppressions);
    // ...then the suppressions themselves.
    facts.suppressions = Some(&used);
    findings.extend(rules::review::review(all, &facts).into_iter().map(Box::new));
    if let Some((baseline, name)) = baseline {
        suppress::apply_baseline(&mut findings, baseline, name);
    }
    sort(&mut findings);
    dedup(&mut findings);
    crate::instances::group(&mut findings);
    drop(scan);
    let outcome = Outcome {
        findings,
        problems: inputs.problems,
        files: inputs.files,
        resources: inputs.estates.iter().map(|e| e.resource_count).sum(),
        // A module shared by several roots calls its modules once.
        missing_modules: inputs
            .estates
            .iter()
            .flat_map(|e| e.missing_modules.iter().map(|m| m.location.sort_key()))
            .collect::<std::collections::HashSet<_>>()
            .len(),
    };
    // Freeing a model of 200,000 resources takes seconds: it happens beside the report
    // (and is cut short when the process exits).
    let estates = inputs.estates;
    std::thread::spawn(move || drop(estates));
    outcome
}

/// Orders findings by their sort key, keeping the order of equal ones. Findings are boxed
/// (each one lands where memory was freed, not in one block the size of them all), so the
/// sort moves pointers.
fn sort(findings: &mut [Box<Finding>]) {
    findings.sort_by(|a, b| a.order(b));
}

/// Drops repeated findings: a module called by several roots, or a parse error in a shared
/// module, reports once. Repeats have the same sort key, so they sit in one run of the
/// sorted list, though not always next to each other (findings of the same key about
/// other resources may sit between them).
#[allow(clippy::vec_box)] // boxed on purpose, see `sort`
fn dedup(findings: &mut Vec<Box<Finding>>) {
    let mut keep = vec![true; findings.len()];
    let mut start = 0;
    while start < findings.len() {
        let first = &findings[start];
        let end = start
            + findings[start..]
                .iter()
                .take_while(|f| f.order(first).is_eq())
                .count();
        if end - start > 1 {
            let mut seen = std::collections::HashSet::new();
            for (i, f) in findings.iter().enumerate().take(end).skip(start) {
                keep[i] = seen.insert(&f.resource);
            }
        }
        start = end;
    }
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
}
