//! Snapshots of what users see: the text report (as a terminal without colour shows it)
//! and the JSON findings of every fixture case, so that a changed message, column, related
//! location, help line or frame order shows up in review, not in users' terminals.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test snapshots`, then read
//! the diff of `tests/snapshots/` before committing it.

mod common;

use std::path::{Path, PathBuf};

/// Every fixture case the fixture harness checks (recorded live cases excluded), with the
/// path to check and its extra arguments.
fn cases() -> Vec<(String, PathBuf, Vec<String>)> {
    let mut out = Vec::new();
    let root = common::root();
    let mut rules: Vec<PathBuf> = std::fs::read_dir(root.join("fixtures"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    rules.sort();
    for rule in rules {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&rule)
            .expect("rule dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir() && !p.join("recorded").is_dir())
            .collect();
        cases.sort();
        for case in cases {
            let rel = case.strip_prefix(&root).expect("under root").to_path_buf();
            let target = if case.join("plan.json").is_file() {
                rel.join("plan.json")
            } else {
                rel.clone()
            };
            let args = std::fs::read_to_string(case.join("args")).unwrap_or_default();
            let name = format!(
                "{}__{}",
                rule.file_name().expect("name").to_string_lossy(),
                case.file_name().expect("name").to_string_lossy()
            );
            out.push((
                name,
                target,
                args.split_whitespace().map(str::to_string).collect(),
            ));
        }
    }
    out
}

fn run(target: &Path, args: &[String], format: &str) -> String {
    let mut all: Vec<String> = vec!["check".into(), "--format".into(), format.into()];
    all.extend(args.iter().cloned());
    all.push(target.to_string_lossy().into_owned());
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let out = common::lifeboat(&refs);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The findings of a JSON report, without the version (which changes every release).
fn findings(json: &str) -> String {
    let report: serde_json::Value = serde_json::from_str(json).expect("a JSON report");
    serde_json::to_string_pretty(&report["findings"]).expect("findings serialize")
}

#[test]
fn text_and_json_reports_of_every_fixture_case_match_their_snapshots() {
    let cases = cases();
    assert!(cases.len() > 100, "only {} cases", cases.len());
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (name, target, args) in &cases {
            let text = run(target, args, "text");
            insta::assert_snapshot!(format!("{name}__text"), text);
            let json = run(target, args, "json");
            insta::assert_snapshot!(format!("{name}__json"), findings(&json));
        }
    });
}
