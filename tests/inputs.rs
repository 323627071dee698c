//! Inputs that used to be skipped in silence or read as clean: files that are not UTF-8,
//! named files lifeboat does not read, multi-document YAML, malformed plans. Each says what
//! happened (a finding at a position, or a warning naming the file) and never reports a
//! clean "0 files".

mod common;

use std::path::Path;
use std::process::Command;

fn check(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}",
            String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap_or(-1),
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn findings(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["location"]["start_line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const TEMPLATE: &str =
    "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";

#[test]
fn a_template_or_plan_that_is_not_utf8_is_lb001_at_the_bad_byte() {
    let dir = common::temp_dir("not-utf8");
    let mut template = TEMPLATE.as_bytes().to_vec();
    template.extend_from_slice(b"    Properties:\n      BucketName: caf\xe9\n");
    std::fs::write(dir.join("t.yaml"), &template).expect("write");
    let mut plan = br#"{"format_version":"1.2","planned_values":{"root_module":{}},"x":""#.to_vec();
    plan.extend_from_slice(b"\xff\"}");
    std::fs::write(dir.join("plan.json"), &plan).expect("write");
    for (file, line) in [("t.yaml", 6), ("plan.json", 1)] {
        let (code, report, _) = check(&dir, &[file]);
        assert_eq!(code, 1, "{file}");
        let f = findings(&report);
        assert_eq!(f.len(), 1, "{file}: {f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), ("LB001", line), "{file}: {f:?}");
        assert!(f[0].2.contains("not valid UTF-8"), "{f:?}");
    }
}

#[test]
fn named_files_lifeboat_does_not_read_are_said_so() {
    let dir = common::temp_dir("named-skips");
    std::fs::write(dir.join("notes.md"), "# notes\n").expect("write");
    std::fs::write(dir.join("x.json"), "{}\n").expect("write");
    std::fs::write(
        dir.join("nover.json"),
        r#"{"planned_values": {"root_module": {}}}"#,
    )
    .expect("write");
    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_backup_vault\" \"v\" {\n  name = \"v\"\n}\n",
    )
    .expect("write");
    // Alone, each is exit 2: nothing was checked.
    for file in ["notes.md", "x.json", "nover.json"] {
        let (code, report, stderr) = check(&dir, &[file]);
        assert_eq!(code, 2, "{file}");
        assert!(
            stderr.contains(&format!("{file} was not checked")),
            "{stderr}"
        );
        assert!(report["problems"].as_array().is_some_and(|p| !p.is_empty()));
    }
    // Beside a file that is read, a warning.
    let (code, _, stderr) = check(&dir, &["notes.md", "main.tf"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: notes.md was not checked"),
        "{stderr}"
    );
    // A named pipe is not read (and does not block).
    let fifo = dir.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (code, _, stderr) = check(&dir, &["pipe"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a regular file"), "{stderr}");
}

#[test]
fn every_yaml_document_is_read() {
    let dir = common::temp_dir("multi-doc");
    std::fs::write(
        dir.join("second.yaml"),
        format!("description: not a template\n---\n{TEMPLATE}"),
    )
    .expect("write");
    std::fs::write(
        dir.join("broken-later.yaml"),
        format!("{TEMPLATE}---\nbad: [unclosed\n"),
    )
    .expect("write");
    let (_, report, _) = check(&dir, &["--select", "LB001,LB601", "second.yaml"]);
    let f = findings(&report);
    // The template in the second document is read (LB601) and the file is an LB001:
    // CloudFormation takes one document.
    assert!(f.iter().any(|f| f.0 == "LB601"), "{f:?}");
    assert!(
        f.iter()
            .any(|f| f.0 == "LB001" && f.1 == 3 && f.2.contains("2 YAML documents")),
        "{f:?}"
    );
    let (_, report, _) = check(&dir, &["--select", "LB001", "broken-later.yaml"]);
    let f = findings(&report);
    assert!(f.iter().any(|f| f.0 == "LB001" && f.1 == 7), "{f:?}");
}

#[test]
fn malformed_plans_are_lb001_with_the_pointer_of_the_wrong_node() {
    let dir = common::temp_dir("plan-shapes");
    let cases = [
        (
            r#"{"format_version":"1.2","planned_values":[]}"#,
            "/planned_values",
        ),
        (
            r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":{}}}}"#,
            "/planned_values/root_module/resources",
        ),
        (
            r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"type":"aws_s3_bucket","name":"b"}]}}}"#,
            "/planned_values/root_module/resources/0/address",
        ),
        (
            r#"{"format_version":"99","planned_values":{}}"#,
            "/format_version",
        ),
        (
            r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_backup_plan.p","mode":"managed","type":"aws_backup_plan","name":"p","values":{"name":"p","rule":[{"rule_name":"r","lifecycle":{"delete_after":1}}]}}]}}}"#,
            "/planned_values/root_module/resources/0/values/rule/0/lifecycle",
        ),
    ];
    for (i, (text, pointer)) in cases.iter().enumerate() {
        let name = format!("plan{i}.json");
        std::fs::write(dir.join(&name), text).expect("write");
        let (code, report, _) = check(&dir, &[&name]);
        assert_eq!(code, 1, "{name}");
        let f = findings(&report);
        assert_eq!(f.len(), 1, "{name}: {f:?}");
        assert!(
            f[0].0 == "LB001" && f[0].2.contains(pointer),
            "{name}: {f:?}"
        );
    }
}

#[test]
fn module_cycles_are_reported_and_the_root_is_checked_once() {
    let dir = common::temp_dir("module-cycles");
    let vault = |name: &str| {
        format!("resource \"aws_backup_vault\" \"{name}\" {{\n  name          = \"{name}\"\n  force_destroy = true\n}}\n")
    };
    std::fs::create_dir_all(dir.join("self")).expect("dir");
    std::fs::write(
        dir.join("self/main.tf"),
        format!("module \"me\" {{\n  source = \"./\"\n}}\n{}", vault("v")),
    )
    .expect("write");
    for (me, other) in [("a", "b"), ("b", "a")] {
        std::fs::create_dir_all(dir.join("pair").join(me)).expect("dir");
        std::fs::write(
            dir.join("pair").join(me).join("main.tf"),
            format!(
                "module \"{other}\" {{\n  source = \"../{other}\"\n}}\n{}",
                vault(me)
            ),
        )
        .expect("write");
    }
    for (target, cycles, vaults) in [
        ("self", 1, 1),
        ("self/main.tf", 1, 1),
        ("pair", 1, 2),
        ("pair/b/main.tf", 1, 2),
    ] {
        let (_, report, _) = check(&dir, &["--select", "LB001,LB105", target]);
        let f = findings(&report);
        let n = |rule: &str| f.iter().filter(|f| f.0 == rule).count();
        assert_eq!(n("LB001"), cycles, "{target}: {f:?}");
        assert!(
            f.iter().any(|f| f.0 == "LB001"
                && f.1 == 1
                && f.2.contains("Terraform rejects module cycles")),
            "{target}: {f:?}"
        );
        // Each vault once, not once per turn of the cycle.
        assert_eq!(n("LB105"), vaults, "{target}: {f:?}");
    }
}

#[test]
fn what_cloudformation_and_terraform_reject_or_accept_is_followed() {
    let dir = common::temp_dir("reject-accept");
    // A raw control character inside a JSON string: CloudFormation rejects the template.
    std::fs::write(
        dir.join("control.json"),
        "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"BucketName\": \"a\tb\"}}}}\n",
    )
    .expect("write");
    // Circular conditions and a resource that refers to itself.
    std::fs::write(
        dir.join("cycles.yaml"),
        "AWSTemplateFormatVersion: \"2010-09-09\"\nConditions:\n  A: !Condition B\n  B: !Not [!Condition A]\nResources:\n  Self:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"${Self}-copy\"\n",
    )
    .expect("write");
    // 1e400 is a valid Terraform number: no LB001, the value is unknown.
    std::fs::create_dir_all(dir.join("big")).expect("dir");
    std::fs::write(
        dir.join("big/main.tf"),
        "locals {\n  x = 1e400\n}\nresource \"aws_backup_vault\" \"v\" {\n  name          = \"v\"\n  force_destroy = local.x > 0\n}\nresource \"aws_db_instance\" \"d\" {\n  identifier              = \"d\"\n  backup_retention_period = 100000000000000000000\n}\n",
    )
    .expect("write");
    let (_, report, _) = check(&dir, &["--select", "LB001,LB105,LB401", "control.json"]);
    let f = findings(&report);
    assert!(
        f.len() == 1 && f[0].0 == "LB001" && f[0].2.contains("raw control character"),
        "{f:?}"
    );
    let (_, report, _) = check(&dir, &["--select", "LB001", "cycles.yaml"]);
    let f = findings(&report);
    assert!(
        f.iter()
            .any(|f| f.1 == 3 && f.2.contains("condition A depends on itself")),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|f| f.1 == 6 && f.2.contains("resource Self depends on itself")),
        "{f:?}"
    );
    let (_, report, _) = check(&dir, &["--select", "LB001,LB105,LB401", "--strict", "big"]);
    let f = findings(&report);
    assert!(!f.iter().any(|f| f.0 == "LB001"), "{f:?}");
    // A retention too large to be a day count is not clamped into a wrong finding.
    assert!(!f.iter().any(|f| f.0 == "LB401"), "{f:?}");
}

/// Offsets are kept in 32 bits, so a file over the documented 1 GiB limit is refused by
/// name (a sparse file: its size is seen before any of it is read), exit 2, and the
/// files beside it are still checked.
#[test]
fn a_file_over_the_size_limit_is_refused_by_name_and_the_rest_is_checked() {
    let dir = common::temp_dir("over-limit");
    std::fs::write(dir.join("t.yaml"), TEMPLATE).expect("write");
    for name in ["big.tf", "big.yaml"] {
        let f = std::fs::File::create(dir.join(name)).expect("create");
        f.set_len((1 << 30) + 1).expect("sparse file");
    }
    let (code, report, stderr) = check(&dir, &["."]);
    assert_eq!(code, 2, "{stderr}");
    for name in ["big.tf", "big.yaml"] {
        assert!(
            stderr.contains(&format!(
                "cannot read {name}: larger than lifeboat's limit of 1024 MiB"
            )),
            "{stderr}"
        );
    }
    let f = findings(&report);
    assert!(
        f.iter()
            .any(|(rule, line, _)| rule == "LB601" && *line == 3),
        "{f:?}"
    );
}
