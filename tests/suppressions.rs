//! Inline suppressions and baselines, end to end.

mod common;

use std::path::Path;

#[test]
fn suppressed_findings_leave_the_exit_code_text_and_sarif_unless_asked_for() {
    let dir = Path::new("fixtures/LB003/pass");
    // Without the suppression LB101 would be a warning; with it nothing is active.
    let (code, report) = common::check_json(&[dir], &["--fail-on", "warning"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
    let text = String::from_utf8(common::lifeboat(&["check", "fixtures/LB003/pass"]).stdout)
        .expect("utf-8");
    assert!(!text.contains("LB101"), "{text}");
    let sarif = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["check", "fixtures/LB003/pass", "--format", "sarif"];
        args.extend(extra);
        serde_json::from_slice(&common::lifeboat(&args).stdout).expect("sarif")
    };
    // GitHub code scanning does not read `suppressions`: by default the accepted finding
    // is not uploaded as an open alert.
    let default = sarif(&[]);
    assert_eq!(
        default["runs"][0]["results"].as_array().map(Vec::len),
        Some(0),
        "{default}"
    );
    let sarif = sarif(&["--sarif-include-suppressed"]);
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let lb101 = results
        .iter()
        .find(|r| r["ruleId"] == "LB101")
        .expect("the suppressed result is reported");
    assert_eq!(lb101["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        lb101["suppressions"][0]["justification"],
        "the account-level key policy is managed centrally"
    );
}

#[test]
fn template_metadata_and_yaml_comments_suppress() {
    for dir in ["fixtures/LB003/cfn-pass", "fixtures/LB004/cfn-pass"] {
        let (_, report) = common::check_json(&[Path::new(dir)], &["--region", "us-east-1"]);
        assert_eq!(
            report["findings"].as_array().map(Vec::len),
            Some(0),
            "{dir}: {report}"
        );
    }
}

#[test]
fn baselines_report_only_new_findings_and_survive_line_shifts() {
    let dir = common::temp_dir("baseline");
    let base = std::fs::read_to_string(common::root().join("fixtures/LB104/fail/main.tf"))
        .expect("fixture");
    std::fs::write(dir.join("main.tf"), &base).expect("write");
    let baseline = dir.join("lifeboat-baseline.json");
    let b = baseline.to_str().expect("utf-8");
    let out = common::lifeboat(&["check", dir.to_str().expect("utf-8"), "--write-baseline", b]);
    assert_eq!(out.status.code(), Some(0));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).expect("baseline")).expect("json");
    assert_eq!(
        written["fingerprints"]
            .as_object()
            .map(|m| m.values().filter_map(|v| v.as_u64()).sum::<u64>()),
        Some(4)
    );
    // Lines shift above the findings and unrelated code is reformatted: nothing is new.
    let shifted = format!(
        "# moved down\n\n{}",
        base.replace("  name = \"main\"", "  name   =   \"main\"")
    );
    std::fs::write(dir.join("main.tf"), &shifted).expect("write");
    let (code, report) = common::check_json(&[&dir], &["--baseline", b]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    // A new problem is reported.
    std::fs::write(dir.join("main.tf"), shifted.replace("force_destroy = false", "force_destroy = true").replace(
        "  name        = \"main-vault\"\n  kms_key_arn = aws_kms_key.backup.arn\n",
        "  name        = \"main-vault\"\n  kms_key_arn = aws_kms_key.backup.arn\n  force_destroy = true\n",
    ))
    .expect("write");
    let (code, report) = common::check_json(&[&dir], &["--baseline", b]);
    assert_eq!(code, 1);
    let ids: Vec<String> = common::findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(ids, vec!["LB105".to_string()], "{report}");
}

/// The rules about the run report in order: an LB002 note exists before suppressions are
/// matched, so a suppression of it hides it and counts as used (no LB004); a suppression
/// without a reason is LB003 and hides nothing.
#[test]
fn notes_about_unknowns_can_be_suppressed_and_unused_suppressions_are_reported() {
    let dir = common::temp_dir("suppress-notes");
    std::fs::write(
        dir.join("main.tf"),
        "variable \"destroy\" {}\n\nresource \"aws_backup_vault\" \"v\" {\n  name          = \"v\"\n  force_destroy = var.destroy # lifeboat:ignore[LB002] set per environment\n}\n\nresource \"aws_backup_vault\" \"w\" { # lifeboat:ignore[LB101]\n  name = \"w\"\n}\n\nresource \"aws_backup_vault\" \"x\" { # lifeboat:ignore[LB105] kept\n  name = \"x\"\n}\n",
    )
    .expect("write");
    let (_, report) = common::check_json(&[&dir], &["--strict", "--select", "LB0,LB101,LB105"]);
    let found: Vec<(String, u64)> = common::findings(&report)
        .into_iter()
        .map(|(r, _, l)| (r, l))
        .collect();
    // The LB002 note on line 5 is hidden (JSON lists active findings only).
    assert!(!found.contains(&("LB002".into(), 5)), "{found:?}");
    // No reason on line 8: LB003, and the vault's LB101 stays.
    assert!(found.contains(&("LB003".into(), 8)), "{found:?}");
    assert!(found.contains(&("LB101".into(), 8)), "{found:?}");
    // Line 12 suppresses LB105, which nothing reports there: LB004.
    assert!(found.contains(&("LB004".into(), 12)), "{found:?}");
    // The used LB002 suppression is not LB004.
    assert!(!found.contains(&("LB004".into(), 5)), "{found:?}");
}

/// The text summary says what suppressions and the baseline hid.
#[test]
fn the_summary_counts_what_was_hidden() {
    let out = common::lifeboat(&["check", "fixtures/LB004/pass"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Hidden: 1 finding by suppressions."),
        "{text}"
    );
    let clean = common::lifeboat(&["check", "fixtures/LB104/pass"]);
    assert!(!String::from_utf8_lossy(&clean.stdout).contains("Hidden:"));
}
