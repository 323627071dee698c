//! Inline rule tests: a snippet of Terraform or CloudFormation, read into the model and
//! checked by one rule, so that edge cases sit beside the rule they test (as oxc does)
//! where a fixture directory would be heavy. The snippet is written to a fresh directory
//! and read like any input: the same parser, evaluator and lowering as a real run.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::Config;
use crate::sources::SourceOptions;

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory for one snippet.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lifeboat-inline-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// The 1-based lines of the findings `rule` reports on the files (name, text), with
/// `--strict` when asked (LB002 notes are then counted too, under their own id).
pub fn lines(rule: &str, strict: bool, files: &[(&str, &str)]) -> Vec<(&'static str, usize)> {
    let dir = scratch();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("a snippet file");
    }
    let config = Config {
        select: vec![rule.to_string(), "LB002".to_string()],
        strict,
        ..Config::default()
    };
    let outcome = crate::check::run(
        std::slice::from_ref(&dir),
        &SourceOptions::default(),
        &config,
        None,
    );
    let _ = std::fs::remove_dir_all(&dir);
    outcome
        .findings
        .iter()
        .map(|f| {
            let line = f
                .location
                .file_span()
                .map_or(0, |(file, span)| file.line_col(span.start).line);
            (f.rule_id, line)
        })
        .collect()
}

/// The findings of `rule` alone on one Terraform file.
pub fn tf(rule: &str, text: &str) -> Vec<usize> {
    lines(rule, false, &[("main.tf", text)])
        .into_iter()
        .filter(|(id, _)| *id == rule)
        .map(|(_, l)| l)
        .collect()
}

/// The findings of `rule` alone on one CloudFormation template (region us-east-1 unknown).
pub fn cfn(rule: &str, text: &str) -> Vec<usize> {
    lines(rule, false, &[("template.yaml", text)])
        .into_iter()
        .filter(|(id, _)| *id == rule)
        .map(|(_, l)| l)
        .collect()
}
