//! What fixtures cannot pin: the words and severities of findings. Messages name settings
//! as the source writes them (CloudFormation properties on templates, provider arguments
//! on Terraform), and a recommendation is never reported as an AWS limit.

mod common;

use std::path::Path;

/// (rule id, severity, message) of every finding of a fixture case, run with its `args`.
fn findings(case: &str) -> Vec<(String, String, String)> {
    let dir = common::root().join("fixtures").join(case);
    let args = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    let extra: Vec<&str> = args.split_whitespace().collect();
    let (_, report) = common::check_json(&[Path::new("fixtures").join(case).as_path()], &extra);
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule_id"), s("severity"), s("message"))
        })
        .collect()
}

fn messages_of(case: &str, rule: &str) -> Vec<String> {
    let out: Vec<String> = findings(case)
        .into_iter()
        .filter(|f| f.0 == rule)
        .map(|f| f.2)
        .collect();
    assert!(!out.is_empty(), "{case} has no {rule} finding");
    out
}

#[test]
fn messages_name_settings_in_the_source_vocabulary() {
    let cases = [
        (
            "LB402/cfn-fail",
            "LB402",
            "DeleteAutomatedBackups",
            "delete_automated_backups",
        ),
        (
            "LB402/fail",
            "LB402",
            "delete_automated_backups",
            "DeleteAutomatedBackups",
        ),
        (
            "LB403/cfn-fail",
            "LB403",
            "DeletionProtection",
            "deletion_protection",
        ),
        (
            "LB403/fail",
            "LB403",
            "deletion_protection",
            "DeletionProtection",
        ),
        (
            "LB103/cfn-fail",
            "LB103",
            "ChangeableForDays",
            "changeable_for_days",
        ),
        (
            "LB103/fail",
            "LB103",
            "changeable_for_days",
            "ChangeableForDays",
        ),
        (
            "LB404/cfn-fail",
            "LB404",
            "DeletionPolicy: Delete",
            "skip_final_snapshot",
        ),
    ];
    for (case, rule, want, not) in cases {
        for m in messages_of(case, rule) {
            assert!(m.contains(want), "{case}: {m:?} should name {want}");
            assert!(!m.contains(not), "{case}: {m:?} should not name {not}");
        }
    }
}

#[test]
fn recommendations_are_warnings_and_aws_limits_errors() {
    // LB206: the 60-minute start window is AWS's (an error); the completion-window gap is
    // a recommendation (a warning that says so).
    let f = findings("LB206/fail");
    let start = f
        .iter()
        .find(|f| f.2.contains("start window of 30"))
        .expect("start");
    assert_eq!(start.1, "error");
    let gap = f
        .iter()
        .find(|f| f.2.contains("completion window"))
        .expect("gap");
    assert_eq!(gap.1, "warning");
    assert!(gap.2.contains("not an AWS limit"), "{}", gap.2);
    // LB401: above RDS's 35-day maximum is an error naming the limits.
    let m = messages_of("LB401/fail-above-max", "LB401");
    assert!(m[0].contains("RDS accepts 0 to 35 days"), "{m:?}");
    // LB201: rate() is rejected with AWS Backup's reason, not a parse complaint.
    let m = messages_of("LB201/fail-rate", "LB201");
    assert!(m[0].contains("only `cron(...)`"), "{m:?}");
}

#[test]
fn doubtful_resources_are_named_under_strict_and_silent_otherwise() {
    let strict = findings("LB002/fail-doubtful");
    assert!(strict.iter().all(|f| f.0 == "LB002"), "{strict:?}");
    assert!(
        strict
            .iter()
            .any(|f| f.2.contains("aws_s3_bucket.maybe[?] may not exist")
                && f.2.contains("held back: LB301, LB601, LB602")),
        "{strict:?}"
    );
    let (_, report) = common::check_json(&[Path::new("fixtures/LB002/fail-doubtful")], &[]);
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
}
