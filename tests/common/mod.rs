//! Helpers shared by the integration tests: run the built binary and read its JSON.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `lifeboat` binary with arguments, from the repository root.
pub fn lifeboat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the lifeboat binary runs")
}

/// Runs `lifeboat check --format json` on paths and parses the report.
pub fn check_json(paths: &[&Path], extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args: Vec<String> = vec!["check".into(), "--format".into(), "json".into()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = lifeboat(&refs);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "report is not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// (rule id, path, line) of every finding.
pub fn findings(report: &serde_json::Value) -> Vec<(String, String, u64)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                f["location"]["start_line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// A module with one finding (LB105, and LB101) that no neighbouring input may take away:
/// the control of the hostile-input and fuzzing tests, written to `dir/control/main.tf`.
pub fn write_control_module(dir: &Path) -> PathBuf {
    let c = dir.join("control");
    std::fs::create_dir_all(&c).expect("control dir");
    std::fs::write(
        c.join("main.tf"),
        "resource \"aws_backup_vault\" \"keep\" {\n  name          = \"keep\"\n  force_destroy = true\n}\n",
    )
    .expect("control module");
    c
}

/// A fresh temporary directory under the target dir.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}
