//! The CLI as a user runs it: exit codes, the JSON shape, rules, explain, parse errors.

mod common;

use std::path::Path;

#[test]
fn seed_example_reports_lock_conflict_and_cold_storage_but_no_missing_lock() {
    let (code, report) = common::check_json(&[Path::new("examples/seed")], &[]);
    assert_eq!(code, 1, "errors fail the run by default");
    let ids: Vec<String> = common::findings(&report).into_iter().map(|f| f.0).collect();
    assert!(ids.contains(&"LB104".to_string()), "{ids:?}");
    assert!(ids.contains(&"LB202".to_string()), "{ids:?}");
    assert!(
        !ids.contains(&"LB102".to_string()),
        "the seed's vault has a lock: {ids:?}"
    );
    let lb104 = report["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["rule_id"] == "LB104"))
        .expect("an LB104 finding");
    assert_eq!(lb104["location"]["path"], "examples/seed/main.tf");
    assert!(lb104["message"]
        .as_str()
        .unwrap_or_default()
        .contains("hourly-backup"));
    assert_eq!(
        lb104["related"][0]["location"]["start_line"], 16,
        "points at min_retention_days"
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let (_, report) = common::check_json(&[Path::new("fixtures/LB104/fail")], &[]);
    assert_eq!(report["version"], env!("CARGO_PKG_VERSION"));
    let f = &report["findings"][0];
    for key in [
        "rule_id",
        "rule_name",
        "severity",
        "message",
        "resource",
        "location",
        "related",
    ] {
        assert!(!f[key].is_null(), "finding lacks {key}: {f}");
    }
    for key in [
        "path",
        "start_line",
        "start_column",
        "end_line",
        "end_column",
    ] {
        assert!(!f["location"][key].is_null(), "location lacks {key}");
    }
    assert_eq!(f["rule_name"], "vault-lock-retention-conflict");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["resource"], "aws_backup_plan.main");
    let summary = &report["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["errors"], 4);
    assert_eq!(summary["warnings"], 0);
    assert!(summary["resources"].as_u64().unwrap_or(0) >= 6);
}

#[test]
fn fail_on_sets_the_exit_code() {
    let warn_only = Path::new("fixtures/LB203/fail");
    assert_eq!(
        common::check_json(&[warn_only], &[]).0,
        0,
        "warnings do not fail by default"
    );
    assert_eq!(
        common::check_json(&[warn_only], &["--fail-on", "warning"]).0,
        1
    );
    assert_eq!(
        common::check_json(&[Path::new("fixtures/LB104/fail")], &["--fail-on", "never"]).0,
        0
    );
    assert_eq!(
        common::check_json(&[Path::new("fixtures/LB104/pass")], &["--fail-on", "note"]).0,
        0
    );
}

#[test]
fn broken_file_is_lb001_at_its_position_and_others_are_still_checked() {
    let (code, report) = common::check_json(&[Path::new("fixtures/LB001/fail")], &[]);
    assert_eq!(code, 1);
    let found = common::findings(&report);
    assert!(
        found.contains(&("LB001".into(), "fixtures/LB001/fail/broken.tf".into(), 3)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == "LB101" && f.1.ends_with("main.tf")),
        "{found:?}"
    );
}

#[test]
fn binary_and_deeply_nested_files_do_not_crash() {
    let dir = common::temp_dir("hostile");
    std::fs::write(dir.join("binary.tf"), [0u8, 159, 146, 150, 255, 0, 1]).expect("write");
    let deep = format!(
        "locals {{\n  x = {}1{}\n}}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    std::fs::write(dir.join("deep.tf"), deep).expect("write");
    let ops = format!("locals {{\n  y = {}\n}}\n", vec!["1"; 20000].join(" + "));
    std::fs::write(dir.join("ops.tf"), ops).expect("write");
    // A chain of 50,000 locals, each naming the next, and a vault whose retention needs it.
    let mut chain = String::from("locals {\n");
    for i in 0..50_000 {
        chain.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    chain.push_str("  l50000 = 1\n}\n");
    std::fs::write(dir.join("chain.tf"), chain).expect("write");
    let (code, report) = common::check_json(&[&dir], &[]);
    assert_eq!(code, 1);
    let ids: Vec<String> = common::findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(ids.iter().filter(|i| *i == "LB001").count(), 3, "{ids:?}");
}

#[test]
fn missing_path_is_exit_2() {
    let out = common::lifeboat(&["check", "does/not/exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist"));
}

#[test]
fn usage_error_is_exit_2() {
    assert_eq!(
        common::lifeboat(&["check", "--format", "yaml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        common::lifeboat(&["explain", "LB999"]).status.code(),
        Some(2)
    );
}

#[test]
fn vars_and_var_files_override_defaults() {
    let dir = Path::new("fixtures/LB106/fail");
    // terraform.tfvars sets 3 (below the floor); --var sets it back to 10.
    let (_, report) = common::check_json(&[dir], &["--var", "lock_min_days=10"]);
    assert!(common::findings(&report).is_empty(), "{report}");
    let tmp = common::temp_dir("varfile");
    std::fs::write(tmp.join("x.tfvars.json"), r#"{"lock_min_days": 2}"#).expect("write");
    let vf = tmp.join("x.tfvars.json");
    let (_, report) = common::check_json(&[dir], &["--var-file", vf.to_str().expect("utf8 path")]);
    let msgs: Vec<String> = report["findings"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["message"].to_string())
        .collect();
    assert!(
        msgs.iter().any(|m| m.contains("at least 2 days")),
        "{msgs:?}"
    );
}

#[test]
fn output_file_and_text_format() {
    let tmp = common::temp_dir("output");
    let out_path = tmp.join("report.txt");
    let out = common::lifeboat(&[
        "check",
        "examples/seed",
        "--output",
        out_path.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(&out_path).expect("report written");
    assert!(text.contains("error[LB104]"), "{text}");
    assert!(
        text.contains("lifeboat explain LB104 (vault-lock-retention-conflict)"),
        "{text}"
    );
    assert!(text.contains("examples/seed/main.tf:32:7"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour codes in a file");
    assert!(
        text.contains("Found ") && text.contains(" errors, "),
        "{text}"
    );
}

#[test]
fn rules_and_explain() {
    let out = common::lifeboat(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = rules
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"LB104") && ids.contains(&"LB001"), "{ids:?}");
    let by_id = common::lifeboat(&["explain", "LB104"]);
    let by_name = common::lifeboat(&["explain", "vault-lock-retention-conflict"]);
    assert_eq!(by_id.status.code(), Some(0));
    assert_eq!(by_id.stdout, by_name.stdout);
    let text = String::from_utf8_lossy(&by_id.stdout);
    assert!(
        text.contains("## How to fix") && text.contains("vault-lock.html"),
        "{text}"
    );
}

#[test]
fn naming_one_file_loads_its_whole_module() {
    // The lock lives in the same file here, but the plan's selection is what LB207 needs:
    // naming main.tf alone must still see every file of the directory.
    let (_, report) = common::check_json(&[Path::new("fixtures/LB001/fail/main.tf")], &[]);
    let ids: Vec<String> = common::findings(&report).into_iter().map(|f| f.0).collect();
    assert!(
        ids.contains(&"LB001".to_string()),
        "the sibling broken.tf is loaded: {ids:?}"
    );
}

#[test]
fn literal_arns_that_match_no_vault_do_not_crash() {
    let dir = common::temp_dir("literal-arn");
    std::fs::write(
        dir.join("main.tf"),
        r#"provider "aws" {
  region = "us-east-1"
}

resource "aws_backup_vault" "main" {
  name = "main"
}

resource "aws_backup_plan" "p" {
  name = "p"
  rule {
    rule_name         = "daily"
    target_vault_name = "not-in-this-scan"
    schedule          = "cron(0 3 ? * * *)"
    copy_action {
      destination_vault_arn = "arn:aws:backup:us-east-1:123456789012:backup-vault:elsewhere"
    }
  }
}
"#,
    )
    .expect("write");
    let (code, report) = common::check_json(&[&dir], &["--strict"]);
    assert!(code == 0 || code == 1, "{report}");
    assert!(report["findings"].is_array());
}

#[test]
fn multi_module_example_reports_exactly_its_justified_findings() {
    let (_, report) = common::check_json(&[Path::new("examples/platform")], &[]);
    let mut got: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["resource"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = [
        // The registry module downloaded under .terraform/modules creates a bare table.
        ("LB301", "module.sessions.aws_dynamodb_table.this"),
        ("LB501", "module.sessions.aws_dynamodb_table.this"),
        ("LB502", "module.sessions.aws_dynamodb_table.this"),
        // The backup module's DR vault has neither a CMK nor a lock, nor prevent_destroy.
        ("LB101", "module.backup.aws_backup_vault.dr[0]"),
        ("LB102", "module.backup.aws_backup_vault.dr[0]"),
        ("LB107", "module.backup.aws_backup_vault.dr[0]"),
        ("LB409", "module.backup.aws_backup_vault.dr[0]"),
        // Staging: no DR copy (no other region, no other account), 7-day retention, no failure alerts, cold storage after 1 day.
        ("LB203", "module.backup.aws_backup_plan.this"),
        ("LB210", "module.backup.aws_backup_plan.this"),
        ("LB209", "module.backup.aws_backup_plan.this"),
        ("LB701", "module.backup.aws_backup_plan.this"),
        ("LB202", "module.backup.aws_backup_plan.this"),
        // Prod copies to a separate backup account, but the vault there has no policy letting
        // prod copy in, and both databases use the AWS-managed key: every copy job fails.
        ("LB214", "module.backup.aws_backup_plan.this"),
        ("LB214", "module.backup.aws_backup_plan.this"),
        ("LB214", "module.backup.aws_backup_plan.this"),
        // Prod: the hourly rule runs in every maintenance window, the monthly rule may run
        // in the hour before Sunday maintenance (the tag key came out of module.backup).
        ("LB407", "module.backup.aws_backup_plan.this"),
        ("LB407", "module.backup.aws_backup_plan.this"),
        ("LB407", "module.backup.aws_backup_plan.this"),
        ("LB407", "module.backup.aws_backup_plan.this"),
        // Staging's database: 1-day retention, no deletion protection, no final snapshot.
        ("LB401", "module.databases[\"orders\"].aws_db_instance.this"),
        ("LB403", "module.databases[\"orders\"].aws_db_instance.this"),
        ("LB404", "module.databases[\"orders\"].aws_db_instance.this"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        report["summary"]["files"], 8,
        "both roots, three local modules, one downloaded module"
    );
    // Every finding in a module names the call it came through.
    for f in report["findings"].as_array().expect("findings") {
        let related: Vec<&str> = f["related"]
            .as_array()
            .expect("related")
            .iter()
            .filter_map(|r| r["message"].as_str())
            .collect();
        assert!(related.iter().any(|m| m.contains("called here")), "{f}");
    }
}

#[test]
fn plan_json_is_read_when_named_and_broken_plans_are_lb001() {
    // Named: the plan is read, findings point into it.
    let (code, report) =
        common::check_json(&[Path::new("fixtures/LB104/fail-plan/plan.json")], &[]);
    assert_eq!(code, 1);
    let found = common::findings(&report);
    assert!(
        found
            .iter()
            .any(|f| f.0 == "LB104" && f.1 == "fixtures/LB104/fail-plan/plan.json"),
        "{found:?}"
    );
    // A directory walk does not read plans (it would double-report the configuration).
    let (_, report) = common::check_json(&[Path::new("fixtures/LB104/fail-plan")], &[]);
    assert_eq!(report["summary"]["files"], 0, "{report}");
    // A truncated plan is an LB001 at the position where the JSON broke.
    let dir = common::temp_dir("broken-plan");
    let text = std::fs::read_to_string(common::root().join("fixtures/LB104/fail-plan/plan.json"))
        .expect("plan");
    let cut = &text[..text.len() / 2];
    std::fs::write(dir.join("plan.json"), cut).expect("write");
    let (code, report) = common::check_json(&[&dir.join("plan.json")], &[]);
    assert_eq!(code, 1);
    let f = &report["findings"][0];
    assert_eq!(f["rule_id"], "LB001", "{report}");
    assert_eq!(
        f["location"]["start_line"].as_u64(),
        Some(cut.lines().count() as u64),
        "{report}"
    );
}

#[test]
fn modules_not_downloaded_are_counted_in_the_summary() {
    // One registry module call that `terraform init` has not downloaded.
    let dir = common::root().join("fixtures/LB601/pass-doubtful");
    let (code, report) = common::check_json(&[&dir], &[]);
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["modules_not_downloaded"], 1);
    let out = common::lifeboat(&["check", "fixtures/LB601/pass-doubtful"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "1 module call not downloaded (run `terraform init`): findings inside them are not reported."
        ),
        "{text}"
    );
    // A scan without such calls says nothing about them.
    let out = common::lifeboat(&["check", "fixtures/LB104/fail-files"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("not downloaded"));
}

#[test]
fn an_unreadable_path_is_an_incomplete_check_not_a_clean_one() {
    let out = common::lifeboat(&["check", "/nonexistent/lifeboat-input"]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("No problems found"), "{stdout}");
    assert!(
        stdout.contains("the check is incomplete: 1 input problem"),
        "{stdout}"
    );
}

#[test]
fn a_report_that_cannot_be_written_is_exit_2() {
    // Standard output closed: the report would vanish.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' check fixtures/LB203/fail >&-",
            env!("CARGO_BIN_EXE_lifeboat")
        ))
        .current_dir(common::root())
        .output()
        .expect("bash");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output is closed"));
    // Redirected to /dev/null on purpose: that is a choice, not an error.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' check fixtures/LB203/fail --fail-on never > /dev/null",
            env!("CARGO_BIN_EXE_lifeboat")
        ))
        .current_dir(common::root())
        .output()
        .expect("bash");
    assert_eq!(out.status.code(), Some(0));
    // An --output in a directory that does not exist.
    let out = common::lifeboat(&[
        "check",
        "fixtures/LB203/fail",
        "--output",
        "/nonexistent/dir/report.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
}

#[test]
fn output_files_are_replaced_whole() {
    let dir = common::temp_dir("atomic-output");
    let report = dir.join("report.json");
    std::fs::write(&report, "previous").expect("write");
    let path = report.to_string_lossy().into_owned();
    let out = common::lifeboat(&[
        "check",
        "fixtures/LB203/fail",
        "--format",
        "json",
        "--output",
        &path,
    ]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("read")).expect("json");
    assert!(json["findings"].as_array().is_some_and(|f| !f.is_empty()));
    // Nothing is left behind beside it.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

/// A pipe or device named as `--output` (`/dev/null`, a FIFO) is written to, never
/// replaced by a regular file; a symlink keeps pointing at the report it names.
#[test]
fn output_to_a_pipe_or_through_a_symlink_keeps_them() {
    use std::os::unix::fs::FileTypeExt;
    let dir = common::temp_dir("output-special");
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // A reader drains the pipe while lifeboat writes into it.
    let reader = std::process::Command::new("cat")
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("cat runs");
    let path = fifo.to_string_lossy().into_owned();
    let out = common::lifeboat(&[
        "check",
        "fixtures/LB203/fail",
        "--format",
        "json",
        "--output",
        &path,
    ]);
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    if !kind.is_fifo() {
        let mut reader = reader;
        let _ = reader.kill(); // it would wait for a writer forever
        panic!("the pipe was replaced: {kind:?}");
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = reader.wait_with_output().expect("reader ends");
    let json: serde_json::Value = serde_json::from_slice(&read.stdout).expect("the report");
    assert!(json["findings"].as_array().is_some_and(|f| !f.is_empty()));

    let real = dir.join("real.json");
    let link = dir.join("link.json");
    std::fs::write(&real, "previous").expect("write");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let link_path = link.to_string_lossy().into_owned();
    let out = common::lifeboat(&["check", "fixtures/LB203/fail", "--output", &link_path]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .expect("real")
        .contains("LB203"));
}

#[test]
fn rewriting_a_baseline_in_place_keeps_it_and_bad_baselines_are_refused() {
    let dir = common::temp_dir("baseline-in-place");
    let bl = dir.join("bl.json").to_string_lossy().into_owned();
    let count = |path: &str| -> usize {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("baseline")).expect("json");
        json["fingerprints"]
            .as_object()
            .map(|m| m.values().filter_map(|v| v.as_u64()).sum::<u64>() as usize)
            .unwrap_or(0)
    };
    let first = common::lifeboat(&["check", "fixtures/LB203/fail", "--write-baseline", &bl]);
    assert_eq!(first.status.code(), Some(0));
    let n = count(&bl);
    assert!(n > 0);
    let again = common::lifeboat(&[
        "check",
        "fixtures/LB203/fail",
        "--baseline",
        &bl,
        "--write-baseline",
        &bl,
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(count(&bl), n, "the accepted findings stay in the baseline");
    for (name, text) in [
        ("v2.json", r#"{"version": 2, "fingerprints": {}}"#),
        (
            "types.json",
            r#"{"version": 1, "fingerprints": {"abc": "two"}}"#,
        ),
        ("none.json", r#"{"fingerprints": {}}"#),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        let out = common::lifeboat(&[
            "check",
            "fixtures/LB203/fail",
            "--baseline",
            &p.to_string_lossy(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("invalid baseline"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The text report of the seed example with the given environment and arguments.
fn seed_text(env: &[(&str, &str)], extra: &[&str]) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_lifeboat"));
    cmd.current_dir(common::root())
        .args(["check", "examples/seed"])
        .args(extra);
    for var in [
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR_FORCE",
        "CLICOLOR",
        "COLUMNS",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().expect("lifeboat runs");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn colour_follows_the_flag_then_the_environment() {
    let esc = |t: &str| t.contains('\u{1b}');
    // Not a terminal: no colour unless asked for.
    assert!(!esc(&seed_text(&[], &[])));
    assert!(esc(&seed_text(&[], &["--color", "always"])));
    assert!(esc(&seed_text(&[("FORCE_COLOR", "1")], &[])));
    assert!(esc(&seed_text(&[("CLICOLOR_FORCE", "1")], &[])));
    assert!(!esc(&seed_text(&[("CLICOLOR_FORCE", "0")], &[])));
    // Empty values count as unset.
    assert!(!esc(&seed_text(&[("FORCE_COLOR", "")], &[])));
    // The flag wins over the environment, both ways.
    assert!(esc(&seed_text(
        &[("NO_COLOR", "1")],
        &["--color", "always"]
    )));
    assert!(!esc(&seed_text(
        &[("FORCE_COLOR", "1")],
        &["--color", "never"]
    )));
    // Forcing wins over NO_COLOR (a CI log that renders colour, a user default of none).
    assert!(esc(&seed_text(
        &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")],
        &[]
    )));
    // Colour reaches only the text format.
    assert!(!esc(&seed_text(
        &[],
        &["--color", "always", "--format", "json"]
    )));
}

#[test]
fn text_wraps_to_the_width_and_elides_lines_between_far_labels() {
    for width in [60usize, 100, 160] {
        let text = seed_text(&[("COLUMNS", &width.to_string())], &[]);
        // Prose (the note/help/fix/docs block closing each finding) fits the width; code
        // lines are the file's own.
        let mut footer = Vec::new();
        let mut inside = false;
        for line in text.lines() {
            inside |= line.contains("├ ") || line.contains("╰ ");
            if inside {
                footer.push(line);
            }
            if line.contains("╰ ") {
                inside = false;
            }
        }
        assert!(footer.len() > 10, "{text}");
        for line in footer {
            assert!(
                line.chars().count() <= width,
                "{width}: {} columns: {line}",
                line.chars().count()
            );
        }
        assert!(text.contains("Found "), "{text}");
    }
    // LB407 labels the rule's schedule (line 29) and the database (line 92): both are
    // shown, the 62 lines between are not.
    let all = seed_text(&[], &["--select", "LB407"]);
    let text = all.split("\n\n").next().expect("a finding");
    assert!(text.contains("29 │"), "{text}");
    assert!(text.contains("92 │"), "{text}");
    assert!(text.contains('┆'), "an elision mark: {text}");
    for hidden in 31..=90 {
        assert!(
            !text.contains(&format!("\n{hidden} │")),
            "line {hidden} shown: {text}"
        );
    }
}

#[test]
fn a_minified_template_with_many_findings_renders_fast_without_frames() {
    // One line of a megabyte: every finding on it gives its place, not the line.
    let dir = common::temp_dir("minified");
    let mut resources = serde_json::Map::new();
    for i in 0..3_000 {
        resources.insert(
            format!("Table{i}"),
            serde_json::json!({ "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": format!("t{i}") } }),
        );
    }
    let file = dir.join("tables.json");
    std::fs::write(
        &file,
        serde_json::json!({ "Resources": resources }).to_string(),
    )
    .expect("write");
    let out = common::lifeboat(&["check", file.to_str().expect("utf-8"), "--select", "LB501"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.matches("error[LB501]").count(), 3_000);
    assert!(
        text.contains("the line is too long to show"),
        "{}",
        &text[..2000]
    );
    assert!(text.len() < 3_000 * 1_000, "{} bytes", text.len());
}

/// A misspelled rule gets the likely one suggested, in `explain`, `--select` and
/// `--ignore`.
#[test]
fn a_misspelled_rule_gets_a_suggestion() {
    let explain = common::lifeboat(&["explain", "vault-lock-mising"]);
    assert_eq!(explain.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&explain.stderr).contains("did you mean `vault-lock-missing`?"),
        "{explain:?}"
    );
    let select = common::lifeboat(&["check", "--select", "LB1O4", "examples/seed"]);
    assert_eq!(select.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&select.stderr).contains("did you mean `LB104`?"),
        "{select:?}"
    );
}

/// `--unsafe-fixes` alone changes nothing: the run says so instead of ignoring it.
#[test]
fn unsafe_fixes_without_fix_or_diff_is_a_warning() {
    let out = common::lifeboat(&["check", "--unsafe-fixes", "examples/seed"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--unsafe-fixes does nothing without --fix or --diff"),
        "{out:?}"
    );
}

/// A named directory with nothing lifeboat reads (a mistyped CI path) is never a green
/// "no problems": alone it is an input error, beside other paths a warning.
#[test]
fn a_directory_with_nothing_to_read_is_not_a_green_check() {
    let dir = common::temp_dir("nothing-to-read");
    std::fs::write(dir.join("README.md"), "# docs\n").expect("write");
    let target = dir.to_string_lossy().into_owned();
    let alone = common::lifeboat(&["check", &target]);
    assert_eq!(alone.status.code(), Some(2), "{alone:?}");
    let stderr = String::from_utf8_lossy(&alone.stderr);
    assert!(stderr.contains("nothing in it was checked"), "{stderr}");
    let beside = common::lifeboat(&["check", &target, "examples/seed"]);
    assert_eq!(beside.status.code(), Some(1), "{beside:?}");
    assert!(String::from_utf8_lossy(&beside.stderr).contains("nothing in it was checked"));
}

/// `--diff` writes a unified diff: asking it for another format or a failure threshold is
/// a usage error (exit 2), never an option silently ignored.
#[test]
fn diff_refuses_format_and_fail_on() {
    for extra in [["--format", "json"], ["--fail-on", "warning"]] {
        let mut args = vec!["check", "--diff"];
        args.extend(extra);
        args.push("examples/seed");
        let out = common::lifeboat(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be used with"));
    }
}
