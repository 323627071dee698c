//! Hostile input, each case built from a minimal reproducer: the process neither crashes
//! nor runs away (it runs under a 3 GiB address-space limit), what it cannot judge it says
//! under `--strict`, and a control module beside the hostile file keeps its finding.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A control module whose one finding (LB105) must survive any neighbour.
fn control(dir: &Path) -> PathBuf {
    common::write_control_module(dir)
}

/// Runs `lifeboat check` on the case and the control under a memory limit; returns the
/// exit code and the JSON report.
fn run(case: &Path, control: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut cmd = format!(
        "ulimit -v 3145728; exec '{}' check --format json --select LB001,LB002,LB105",
        env!("CARGO_BIN_EXE_lifeboat")
    );
    for a in extra {
        cmd.push_str(&format!(" {a}"));
    }
    cmd.push_str(&format!(" '{}' '{}'", case.display(), control.display()));
    let out = Command::new("bash")
        .arg("-c")
        .arg(&cmd)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let code = out.status.code().unwrap_or(-1);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report (exit {code}, {e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

fn messages(report: &serde_json::Value, rule: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn case(name: &str, files: &[(&str, String)]) -> (PathBuf, PathBuf) {
    let root = common::temp_dir(&format!("hostile-{name}"));
    let dir = root.join("case");
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
        std::fs::write(&p, text).expect("write case");
    }
    (dir, control(&root))
}

fn assert_control_survives(report: &serde_json::Value) {
    assert_eq!(messages(report, "LB105").len(), 1, "{report}");
}

#[test]
fn yaml_nested_twenty_thousand_levels_deep_is_a_parse_error_not_a_crash() {
    let mut deep_seq = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    for i in 0..20_000 {
        deep_seq.push_str(&" ".repeat(i + 2));
        deep_seq.push_str("-\n");
    }
    let deep_map: String = (0..8_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    let (dir, control) = case(
        "deep-yaml",
        &[
            ("template.yaml", deep_seq),
            ("not-a-template.yaml", deep_map),
            (
                "flow.yaml",
                format!("{}x{}\n", "[".repeat(20_000), "]".repeat(20_000)),
            ),
        ],
    );
    let (code, report) = run(&dir, &control, &[]);
    assert_eq!(code, 1, "{report}");
    let errors = messages(&report, "LB001");
    assert!(
        errors
            .iter()
            .any(|m| m.contains("template.yaml") && m.contains("deeper than 256")),
        "{errors:?}"
    );
    assert_control_survives(&report);
}

#[test]
fn yaml_alias_bombs_through_tagged_nodes_stop_at_the_alias_budget() {
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nx0: &x0 !A [a, a]\n");
    for i in 1..30 {
        text.push_str(&format!("x{i}: &x{i} !A [*x{p}, *x{p}]\n", p = i - 1));
    }
    let (dir, control) = case("alias-bomb", &[("bomb.yaml", text)]);
    let (_, report) = run(&dir, &control, &[]);
    let errors = messages(&report, "LB001");
    assert!(errors.iter().any(|m| m.contains("alias")), "{errors:?}");
    assert_control_survives(&report);
}

/// A Terraform case: its budget note under `--strict`, and the control's finding.
fn assert_budget_stops(name: &str, files: &[(&str, String)], budget: &str) {
    let (dir, control) = case(name, files);
    let (_, report) = run(&dir, &control, &["--strict"]);
    let notes = messages(&report, "LB002");
    assert!(
        notes.iter().any(|m| m.contains(budget)),
        "{name}: expected a note on {budget}: {notes:?}"
    );
    assert_control_survives(&report);
}

#[test]
fn doubling_locals_stop_at_the_evaluation_budget() {
    let mut src = String::from("locals {\n  s0 = \"xxxxxxxxxxxxxxxx\"\n  l0 = [1, 2]\n");
    for i in 1..=40 {
        src.push_str(&format!(
            "  s{i} = \"${{local.s{p}}}${{local.s{p}}}\"\n  l{i} = [local.l{p}, local.l{p}]\n",
            p = i - 1
        ));
    }
    src.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = substr(local.s40, 0, 5)\n  tags   = { n = length(local.l40) }\n}\n");
    assert_budget_stops("doubling", &[("main.tf", src)], "evaluation budget");
}

#[test]
fn nested_for_and_template_loops_stop_at_the_evaluation_budget() {
    let src = "locals {\n  x = [for i in range(100000) : [for j in range(100000) : i * j]]\n  t = \"%{for i in range(100000)}%{for j in range(100000)}a%{endfor}%{endfor}\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b${length(local.x)}${length(local.t)}\"\n}\n";
    assert_budget_stops(
        "nested-for",
        &[("main.tf", src.into())],
        "evaluation budget",
    );
}

#[test]
fn nested_dynamic_blocks_stop_at_the_evaluation_budget() {
    let src = "resource \"aws_backup_plan\" \"p\" {\n  name = \"p\"\n  dynamic \"rule\" {\n    for_each = range(100000)\n    content {\n      rule_name         = \"r${rule.value}\"\n      target_vault_name = \"v\"\n      schedule          = \"cron(0 3 ? * * *)\"\n      dynamic \"copy_action\" {\n        for_each = range(100000)\n        content {\n          destination_vault_arn = \"arn:aws:backup:us-east-1:1:backup-vault:x${copy_action.value}\"\n        }\n      }\n    }\n  }\n}\n";
    assert_budget_stops(
        "nested-dynamic",
        &[("main.tf", src.into())],
        "evaluation budget",
    );
}

#[test]
fn module_fan_out_stops_at_the_module_instance_budget() {
    assert_budget_stops(
        "fan-out",
        &[
            (
                "main.tf",
                "module \"m\" {\n  source = \"./m\"\n  count  = 100000\n}\n".into(),
            ),
            (
                "m/main.tf",
                "module \"n\" {\n  source = \"./n\"\n  count  = 100000\n}\n".into(),
            ),
            (
                "m/n/main.tf",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n".into(),
            ),
        ],
        "module-instance budget",
    );
}

#[test]
fn a_hundred_thousand_instances_of_a_set_are_evaluated_once_each() {
    // toset/distinct are hashed (not quadratic) and for_each is evaluated once for all
    // instances, not once per instance: every instance exists, nothing is cut off.
    let src = "locals {\n  s = toset(distinct([for i in range(100000) : \"k${i}\"]))\n}\nresource \"aws_backup_vault\" \"v\" {\n  for_each      = local.s\n  name          = each.key\n  force_destroy = each.key == \"k99999\"\n}\n";
    let (dir, control) = case("big-set", &[("main.tf", src.into())]);
    let (_, report) = run(&dir, &control, &["--strict"]);
    assert!(messages(&report, "LB002").is_empty(), "{report}");
    assert_eq!(report["summary"]["resources"], 100_001);
    // The control's LB105 and the one instance with force_destroy.
    assert_eq!(messages(&report, "LB105").len(), 2);
}

/// Functions that build strings: each result's size is worked out before it is built, so a
/// huge separator, replacement or indent is unknown (named under `--strict`), never an
/// allocation that aborts the process (it runs under a 3 GiB limit here).
#[test]
fn string_building_functions_stop_before_allocating_past_their_limit() {
    // A 1 MB separator joined 100,000 times (100 GB), a replacement that squares its input
    // at every step, the regular-expression form doubling it, an indent of every line.
    let src = r#"locals {
  mb     = join("", [for i in range(10) : format("%100000s", "")])
  joined = join(local.mb, [for i in range(100000) : ""])
  s0     = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  s1     = replace(local.s0, "a", local.s0)
  s2     = replace(local.s1, "a", local.s1)
  s3     = replace(local.s2, "a", local.s2)
  lines  = join("\n", [for i in range(100000) : ""])
  deep   = indent(1000, local.lines)
  encode = jsonencode([for i in range(100) : local.mb])
  list   = formatlist("%s", [for i in range(100) : local.mb])
}
resource "aws_s3_bucket" "b" {
  bucket = "b${length(local.joined)}${length(local.s3)}${length(local.deep)}${length(local.encode)}${length(local.list)}"
}
resource "aws_s3_bucket" "regex" {
  bucket = "r${length(replace(replace(replace(replace(replace(replace(local.s1, "/a/", "$0$0$0$0"), "/a/", "$0$0$0$0"), "/a/", "$0$0$0$0"), "/a/", "$0$0$0$0"), "/a/", "$0$0$0$0"), "/a/", "$0$0$0$0"))}"
}
"#;
    let (dir, control) = case("string-bombs", &[("main.tf", src.into())]);
    let (code, report) = run(&dir, &control, &["--strict"]);
    assert_eq!(code, 1, "{report}");
    let notes = messages(&report, "LB002");
    for function in ["join()", "replace()", "indent()"] {
        assert!(
            notes
                .iter()
                .any(|m| m.contains(&format!("did not build the result of {function}"))),
            "{function}: {notes:?}"
        );
    }
    assert_control_survives(&report);
}

/// 200 bytes of HCL (a module `for_each` of 1,000 over a `count` of 1,000) made one
/// finding per instance and rule: 567,010 findings, 833 MB of JSON. The findings of the
/// instances of one block that say the same thing are one finding naming how many and
/// which, in every format; a baseline written from it still counts each instance.
#[test]
fn a_million_instances_of_one_block_make_one_finding_per_rule() {
    let (dir, control) = case(
        "instance-report",
        &[
            (
                "main.tf",
                "module \"m\" {\n  for_each = toset([for i in range(1000) : tostring(i)])\n  source   = \"./m\"\n}\n".into(),
            ),
            (
                "m/main.tf",
                "resource \"aws_dynamodb_table\" \"t\" {\n  count    = 1000\n  name     = \"t${count.index}\"\n  hash_key = \"id\"\n}\n".into(),
            ),
        ],
    );
    let bin = env!("CARGO_BIN_EXE_lifeboat");
    let limited = |args: &str, code: i32| {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "ulimit -v 3145728; exec '{bin}' check {args} '{}' '{}'",
                dir.display(),
                control.display()
            ))
            .env("NO_COLOR", "1")
            .output()
            .expect("bash runs");
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let report: serde_json::Value =
        serde_json::from_slice(&limited("--format json", 1)).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    let grouped: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["instances"]["block"] == "module.m.aws_dynamodb_table.t")
        .collect();
    // LB301, LB501 and LB502 about the table, each once.
    assert!(grouped.len() >= 3, "{report}");
    for f in &grouped {
        let count = f["instances"]["count"].as_u64().unwrap_or(0);
        assert!(count >= 100_000, "{f}");
        let message = f["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("module.m.aws_dynamodb_table.t (")
                && message.contains(" instances: module.m[\"0\"].aws_dynamodb_table.t[0], ")
                && message.contains(" more)"),
            "{message}"
        );
    }
    assert!(findings.len() < 20, "{report}");
    for format in ["json", "text", "sarif", "junit", "gitlab", "github"] {
        let size = limited(&format!("--format {format}"), 1).len();
        assert!(size < 1 << 20, "{format}: {size} bytes");
    }
    // A baseline written from the grouped report hides every instance's finding.
    let baseline = dir.with_file_name("baseline.json");
    limited(&format!("--write-baseline '{}'", baseline.display()), 0);
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&baseline).expect("baseline")).expect("JSON");
    let counted: u64 = written["fingerprints"]
        .as_object()
        .expect("fingerprints")
        .values()
        .filter_map(serde_json::Value::as_u64)
        .sum();
    assert!(counted >= 300_000, "{counted}");
    let out = Command::new(bin)
        .args(["check", "--format", "json", "--baseline"])
        .arg(&baseline)
        .arg(&dir)
        .arg(&control)
        .output()
        .expect("runs");
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        after["findings"].as_array().expect("findings").is_empty(),
        "{after}"
    );
}
