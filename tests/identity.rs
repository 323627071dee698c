//! Identity that does not depend on where lifeboat runs: the same check from the
//! repository root, from a subdirectory and from outside the repository writes the same
//! paths and fingerprints in every machine format, so annotations land on their files and
//! a baseline written in one place matches in another.

mod common;

use std::path::Path;
use std::process::Command;

/// Runs `lifeboat check TARGET --format FORMAT` from `cwd` (NO_COLOR).
fn run(cwd: &Path, target: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(["check", "--region", "us-east-1", "--format", format])
        .arg(target)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("lifeboat runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// What must not change: SARIF results' URIs and fingerprints (the run's own absolute
/// root aside).
fn sarif_identity(text: &str) -> Vec<(String, String, String)> {
    let log: serde_json::Value = serde_json::from_str(text).expect("SARIF");
    log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                r["partialFingerprints"]["lifeboatFingerprint/v1"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                r["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// github, gitlab, junit and JSON output, and SARIF identities, of one run.
type Outputs = (
    String,
    String,
    String,
    String,
    Vec<(String, String, String)>,
);

#[test]
fn paths_and_fingerprints_are_the_same_from_anywhere() {
    // LB701 and LB001 name the scanned directory or file in their messages (which the
    // fingerprints hash): repository-relative, never as typed.
    for (fixture, rule) in [
        ("LB104/fail", "LB104"),
        ("LB701/fail", "LB701"),
        ("LB001/fail", "LB001"),
        ("LB001/cfn-fail", "LB001"),
    ] {
        same_from_anywhere(fixture, rule);
    }
}

fn same_from_anywhere(fixture: &str, rule: &str) {
    let root = common::root();
    let target = root.join("fixtures").join(fixture);
    let outside = common::temp_dir("identity-outside");
    let places = [
        (root.clone(), Path::new("fixtures").join(fixture)),
        (root.join("fixtures"), Path::new(fixture).to_path_buf()),
        (target.clone(), Path::new(".").to_path_buf()),
        (outside, target.clone()),
    ];
    let mut seen: Vec<Outputs> = Vec::new();
    for (cwd, arg) in &places {
        seen.push((
            run(cwd, arg, "github"),
            run(cwd, arg, "gitlab"),
            run(cwd, arg, "junit"),
            run(cwd, arg, "json"),
            sarif_identity(&run(cwd, arg, "sarif")),
        ));
    }
    assert!(
        seen[0].0.contains(&format!("file=fixtures/{fixture}/")),
        "{}",
        seen[0].0
    );
    assert!(seen[0].0.contains(rule), "{fixture}: {}", seen[0].0);
    assert!(!seen[0].4.is_empty());
    for (i, s) in seen.iter().enumerate().skip(1) {
        assert_eq!(
            s.0, seen[0].0,
            "{fixture}: github annotations from place {i}"
        );
        assert_eq!(s.1, seen[0].1, "{fixture}: gitlab report from place {i}");
        assert_eq!(s.2, seen[0].2, "{fixture}: junit report from place {i}");
        assert_eq!(
            s.4, seen[0].4,
            "{fixture}: SARIF URIs and fingerprints from place {i}"
        );
        // JSON carries the same paths (its summary is the same too).
        assert_eq!(s.3, seen[0].3, "{fixture}: JSON report from place {i}");
    }
}

#[test]
fn a_baseline_written_in_one_place_matches_from_another() {
    let root = common::root();
    let dir = common::temp_dir("identity-baseline");
    let baseline = dir.join("baseline.json");
    let write = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(["check", "fixtures/LB104/fail", "--write-baseline"])
        .arg(&baseline)
        .current_dir(&root)
        .output()
        .expect("lifeboat runs");
    assert_eq!(write.status.code(), Some(0));
    let check = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(["check", ".", "--baseline"])
        .arg(&baseline)
        .current_dir(root.join("fixtures/LB104/fail"))
        .output()
        .expect("lifeboat runs");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
