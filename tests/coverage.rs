//! The coverage map as users see it: golden files of every format for the objectives
//! example, `check --coverage` writing the same map in one run, and the HTML page rendered
//! by a real headless browser (Debian's chromium, installed by scripts/test.sh).

mod common;

use std::process::Command;

const EXAMPLE: &str = "examples/objectives";

fn map(format: &str) -> String {
    let out = common::lifeboat(&["coverage", "--format", format, EXAMPLE]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn every_format_matches_its_golden_file() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for format in ["text", "json", "markdown", "html"] {
            insta::assert_snapshot!(format!("coverage_map__{format}"), map(format));
        }
    });
}

#[test]
fn the_json_map_names_every_resource_with_a_verdict_per_scenario() {
    let doc: serde_json::Value = serde_json::from_str(&map("json")).expect("JSON");
    let resources = doc["resources"].as_array().expect("resources");
    assert_eq!(resources.len(), 3);
    let billing = resources
        .iter()
        .find(|r| r["resource"] == "aws_db_instance.billing")
        .expect("billing");
    assert_eq!(billing["tier"], "gold");
    let verdicts: Vec<&str> = billing["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .map(|c| c["verdict"].as_str().expect("verdict"))
        .collect();
    assert_eq!(verdicts, ["met", "missed", "missed"]);
    assert_eq!(billing["retention_verdict"], "missed");
    // Silver sets no region or account objective.
    let sessions = resources
        .iter()
        .find(|r| r["resource"] == "aws_dynamodb_table.sessions")
        .expect("sessions");
    assert_eq!(sessions["tier"], "silver");
    assert_eq!(sessions["scenarios"][1]["verdict"], "not_set");
}

#[test]
fn check_writes_the_map_beside_its_report_in_one_run() {
    let dir = common::temp_dir("coverage-check");
    let file = dir.join("map.html");
    let out = common::lifeboat(&[
        "check",
        EXAMPLE,
        "--coverage",
        file.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "the example misses objectives");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .filter(|id| ["LB302", "LB303", "LB304"].contains(id))
        .collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert_eq!(std::fs::read_to_string(&file).expect("map"), map("html"));
}

#[test]
fn the_html_map_renders_in_a_headless_browser() {
    let dir = common::temp_dir("coverage-browser");
    let page = dir.join("map.html");
    std::fs::write(&page, map("html")).expect("write");
    let url = format!("file://{}", page.display());
    let chromium = |extra: &[&str]| {
        Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .args(extra)
            .arg(&url)
            .output()
            .expect("chromium runs (scripts/test.sh installs Debian's chromium package)")
    };
    let dom = chromium(&["--dump-dom"]);
    assert!(dom.status.success());
    let dom = String::from_utf8_lossy(&dom.stdout);
    // One row per resource, one cell per resource and scenario (and retention).
    assert_eq!(dom.matches("<tr data-resource=").count(), 3, "{dom}");
    assert_eq!(dom.matches("class=\"cell ").count(), 3 * 4, "{dom}");
    assert_eq!(dom.matches("class=\"cell missed\"").count(), 4, "{dom}");
    // A picture of it, for the README (target/coverage-map.png).
    let shot = common::root().join("target/coverage-map.png");
    let out = chromium(&[
        "--window-size=1100,560",
        &format!("--screenshot={}", shot.display()),
    ]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Uncaught"), "{stderr}");
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
}

/// The map's options go anywhere, as in every other subcommand: before or after the
/// paths, with the global `--color`, and `check`'s input options beside its own.
#[test]
fn options_go_before_or_after_the_paths() {
    let dir = common::temp_dir("coverage-options");
    let file = dir.join("map.json");
    let config = common::root().join(EXAMPLE).join("lifeboat.toml");
    let file_arg = file.to_string_lossy().into_owned();
    let config_arg = config.to_string_lossy().into_owned();
    let out = common::lifeboat(&[
        "coverage",
        "--config",
        &config_arg,
        "--format",
        "json",
        "-o",
        &file_arg,
        EXAMPLE,
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "the map went to the file, not stdout"
    );
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("map written")).expect("JSON");
    assert_eq!(written["resources"].as_array().map(Vec::len), Some(3));
    let html = common::lifeboat(&["coverage", EXAMPLE, "--format", "html"]);
    assert_eq!(html.status.code(), Some(0), "{html:?}");
    assert!(String::from_utf8_lossy(&html.stdout).contains("<table id=\"coverage\">"));
    let plain = common::lifeboat(&[
        "coverage",
        EXAMPLE,
        "--color",
        "never",
        "--region",
        "us-east-1",
    ]);
    assert_eq!(plain.status.code(), Some(0), "{plain:?}");
}
