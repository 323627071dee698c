//! Fixes, applied by the built binary to a copy of every fixture case that has one: the
//! files still parse, the fixed findings are gone, every byte outside the reported edits is
//! unchanged (the result is exactly the reported edits applied), and inserted Terraform
//! lines take their block's indentation and `=` alignment.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy target");
    for e in std::fs::read_dir(from).expect("copy source").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// Byte offset of a 1-based line and column (columns count characters).
fn offset(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column as usize - 1)
            .map_or(rest.len(), |(i, _)| i)
}

/// One reported edit: start line and column, end line and column, new content.
type Reported = (u64, u64, u64, u64, String);

/// The reported edits, by file path.
fn edits(report: &serde_json::Value) -> BTreeMap<String, Vec<Reported>> {
    let mut out: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for f in report["findings"].as_array().expect("findings") {
        // Shown only, never applied by --fix.
        if f["fix"]["applicability"] == "display-only" {
            continue;
        }
        for e in f["fix"]["edits"].as_array().into_iter().flatten() {
            let l = &e["location"];
            out.entry(l["path"].as_str().expect("path").to_string())
                .or_default()
                .push((
                    l["start_line"].as_u64().expect("line"),
                    l["start_column"].as_u64().expect("column"),
                    l["end_line"].as_u64().expect("line"),
                    l["end_column"].as_u64().expect("column"),
                    e["content"].as_str().expect("content").to_string(),
                ));
        }
    }
    out
}

fn fail_cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for rule in std::fs::read_dir(common::root().join("fixtures"))
        .expect("fixtures")
        .flatten()
    {
        for case in std::fs::read_dir(rule.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = case.path();
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            if p.is_dir() && name.contains("fail") && !p.join("recorded").is_dir() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fix_applies_cleanly_and_resolves_its_finding() {
    let mut fixed_cases = 0;
    let mut fixed_rules = std::collections::BTreeSet::new();
    for case in fail_cases() {
        let rel = case.strip_prefix(common::root()).expect("under root");
        let name = rel.to_string_lossy().replace('/', "-");
        let dir = common::temp_dir(&format!("fix-{name}"));
        copy_dir(&case, &dir);
        let args = std::fs::read_to_string(case.join("args")).unwrap_or_default();
        let extra: Vec<&str> = args.split_whitespace().collect();
        let (_, before) = common::check_json(&[&dir], &extra);
        let planned = edits(&before);
        if planned.is_empty() {
            continue;
        }
        let fixable: Vec<String> = before["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["fix"].is_object() && f["fix"]["applicability"] != "display-only")
            .map(|f| f["rule_id"].as_str().expect("id").to_string())
            .collect();
        // The expected files: the reported edits applied, nothing else.
        let mut expected = BTreeMap::new();
        for (path, mut list) in planned {
            let old = std::fs::read_to_string(&path).expect("original");
            // Insertions at one point: a line that is its own alignment group first.
            list.sort_by(|a, b| {
                let key = |e: &Reported| (e.0, e.1, e.2, e.3, !e.4.ends_with("\n\n"), e.4.clone());
                key(a).cmp(&key(b))
            });
            let mut new = String::new();
            let mut at = 0;
            for (l0, c0, l1, c1, content) in &list {
                let (s, e) = (offset(&old, *l0, *c0), offset(&old, *l1, *c1));
                assert!(s >= at, "{name}: overlapping edits in {path}");
                new.push_str(&old[at..s]);
                new.push_str(content);
                at = e;
            }
            new.push_str(&old[at..]);
            expected.insert(path, (old, new));
        }
        let mut cmd: Vec<&str> = vec!["check", "--fix", "--unsafe-fixes"];
        cmd.extend(&extra);
        let target = dir.to_string_lossy().into_owned();
        cmd.push(&target);
        let out = common::lifeboat(&cmd);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Every line is the reported edits applied; only the padding before an `=` and
        // the order of lines inserted at one point may differ, where a later pass inserted
        // a line above (and aligned with) one an earlier pass inserted (the alignment
        // itself is checked below).
        let padding_aside = |text: &str| -> Vec<String> {
            let mut lines: Vec<String> = text
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            lines.sort();
            lines
        };
        for (path, (old, new)) in &expected {
            let actual = std::fs::read_to_string(path).expect("fixed");
            assert_eq!(
                padding_aside(&actual),
                padding_aside(new),
                "{name}: {path} is not the reported edits applied:\n{actual}"
            );
            if path.ends_with(".tf") {
                aligned(&name, old, &actual);
            }
        }
        let (_, after) = common::check_json(&[&dir], &extra);
        let found: Vec<String> = after["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["rule_id"].as_str().expect("id").to_string())
            .collect();
        assert!(
            !found.iter().any(|r| r == "LB001"),
            "{name}: a fixed file no longer parses"
        );
        for rule in &fixable {
            let left = after["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| {
                    f["rule_id"] == rule.as_str()
                        && f["fix"].is_object()
                        && f["fix"]["applicability"] != "display-only"
                })
                .count();
            assert_eq!(
                left, 0,
                "{name}: {rule} still has fixable findings after --fix"
            );
            fixed_rules.insert(rule.clone());
        }
        fixed_cases += 1;
    }
    assert!(
        fixed_cases >= 10,
        "only {fixed_cases} fixture cases have fixes"
    );
    for rule in [
        "LB103", "LB105", "LB202", "LB402", "LB403", "LB404", "LB501", "LB502", "LB601",
    ] {
        assert!(
            fixed_rules.contains(rule),
            "no fixture exercises {rule}'s fix: {fixed_rules:?}"
        );
    }
}

/// Every inserted Terraform attribute line sits at its neighbours' indentation and, when it
/// joins their group (no blank line between), puts its `=` in their column.
fn aligned(name: &str, old: &str, new: &str) {
    let old_lines: std::collections::HashSet<&str> = old.lines().collect();
    let lines: Vec<&str> = new.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if old_lines.contains(l) || !l.contains(" = ") || l.trim_start().starts_with('#') {
            continue;
        }
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        if next.trim().is_empty() || next.trim() == "}" {
            continue;
        }
        let indent = |s: &str| s.len() - s.trim_start().len();
        assert_eq!(
            indent(l),
            indent(next),
            "{name}: inserted `{l}` is not indented like `{next}`"
        );
        if let (Some(a), Some(b)) = (l.find(" = "), next.find(" = ")) {
            if !next.trim_end().ends_with('{') {
                assert_eq!(a, b, "{name}: inserted `{l}` is not aligned with `{next}`");
            }
        }
    }
}

/// `--diff` prints the edits and writes nothing; it exits 1 when there are edits.
#[test]
fn diff_shows_the_edits_without_writing() {
    let dir = common::temp_dir("fix-diff");
    copy_dir(&common::root().join("fixtures/LB403/fail"), &dir);
    let before = std::fs::read_to_string(dir.join("main.tf")).expect("read");
    let target = dir.to_string_lossy().into_owned();
    let out = common::lifeboat(&["check", "--select", "LB403", "--diff", &target]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("-  deletion_protection         = false"),
        "{diff}"
    );
    assert!(
        diff.contains("+  deletion_protection         = true"),
        "{diff}"
    );
    assert!(
        diff.contains("+  deletion_protection         = true\n   identifier"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("main.tf")).expect("read"),
        before
    );
    // Unsafe fixes are only shown when asked for.
    let out = common::lifeboat(&[
        "check",
        "--select",
        "LB103",
        "--diff",
        "fixtures/LB103/fail",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--unsafe-fixes"));
}

/// Writes the files of a scratch case (its own repository) and returns its directory.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = common::temp_dir(&format!("fix-{name}"));
    std::fs::create_dir_all(dir.join(".git")).expect("repository");
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
        std::fs::write(&p, text).expect("write");
    }
    dir
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).expect("read")
}

/// The fixes the JSON report offers, as (rule id, applicability).
fn offered(dir: &Path) -> Vec<(String, String)> {
    let (_, report) = common::check_json(&[dir], &[]);
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["fix"].is_object())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["fix"]["applicability"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// A setting already written — to a variable whose default is null, which the model reads
/// as not set — is never written a second time (Terraform: "Attribute redefined"): the
/// fixer inserted `deletion_protection_enabled = true` above it, and the file's other
/// findings vanished behind its LB001.
#[test]
fn a_setting_written_as_a_null_variable_is_never_written_twice() {
    let main = "variable \"protect\" {\n  default = null\n}\n\nresource \"aws_dynamodb_table\" \"t\" {\n  name                        = \"t\"\n  hash_key                    = \"id\"\n  deletion_protection_enabled = var.protect\n\n  point_in_time_recovery {\n    enabled = var.protect\n  }\n}\n";
    let dir = scratch("null-variable", &[("main.tf", main)]);
    let target = dir.to_string_lossy().into_owned();
    let out = common::lifeboat(&["check", "--fix", "--unsafe-fixes", &target]);
    assert_ne!(out.status.code(), Some(2), "{out:?}");
    let after = read(&dir, "main.tf");
    assert_eq!(
        after.matches("deletion_protection_enabled").count(),
        1,
        "{after}"
    );
    assert_eq!(after.matches("enabled = ").count(), 2, "{after}");
    let (_, report) = common::check_json(&[&dir], &[]);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    assert!(!rules.contains(&"LB001"), "{report}");
    assert!(rules.contains(&"LB502"), "{report}");
}

/// A "safe" fix never replaces a variable, a module input or a parameter with a literal:
/// in a reusable module that silently removes the input for every caller. The fix is shown,
/// never applied, and says where the value has to be set.
#[test]
fn a_fix_never_replaces_a_reference_with_a_literal() {
    let module = "variable \"deletion_protection\" {\n  type    = bool\n  default = false\n}\n\nresource \"aws_db_instance\" \"db\" {\n  identifier              = \"db\"\n  engine                  = \"postgres\"\n  instance_class          = \"db.t3.micro\"\n  backup_retention_period = 7\n  deletion_protection     = var.deletion_protection\n}\n";
    let template = "Parameters:\n  LoggingBucketVersioning:\n    Type: String\n    Default: Suspended\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: !Ref LoggingBucketVersioning\n";
    let dir = scratch(
        "reference",
        &[("main.tf", module), ("template.yaml", template)],
    );
    let offered = offered(&dir);
    for rule in ["LB403", "LB601"] {
        assert!(
            offered.contains(&(rule.to_string(), "display-only".to_string())),
            "{rule}: {offered:?}"
        );
    }
    let target = dir.to_string_lossy().into_owned();
    common::lifeboat(&["check", "--fix", "--unsafe-fixes", &target]);
    let after = read(&dir, "main.tf");
    assert!(
        after
            .lines()
            .any(|l| l.starts_with("  deletion_protection ")
                && l.ends_with("= var.deletion_protection")),
        "{after}"
    );
    assert_eq!(read(&dir, "template.yaml"), template);
    // The fix names where the value comes from.
    let (_, report) = common::check_json(&[&dir], &[]);
    let message = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule_id"] == "LB403")
        .map(|f| f["fix"]["message"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert!(message.contains("var.deletion_protection"), "{message}");
}

/// A shared module's final snapshot is named from the identifier as written (each caller's
/// own), never from the value one caller gave it.
#[test]
fn a_final_snapshot_name_in_a_module_follows_each_callers_identifier() {
    let module = "variable \"name\" {}\n\nresource \"aws_db_instance\" \"db\" {\n  identifier              = var.name\n  engine                  = \"postgres\"\n  instance_class          = \"db.t3.micro\"\n  backup_retention_period = 7\n  deletion_protection     = true\n  skip_final_snapshot     = true\n}\n";
    let root = "module \"orders\" {\n  source = \"./modules/db\"\n  name   = \"orders\"\n}\n";
    let dir = scratch(
        "final-snapshot",
        &[("main.tf", root), ("modules/db/main.tf", module)],
    );
    let target = dir.to_string_lossy().into_owned();
    let out = common::lifeboat(&["check", "--fix", "--unsafe-fixes", &target]);
    assert_ne!(out.status.code(), Some(2), "{out:?}");
    let after = read(&dir, "modules/db/main.tf");
    assert!(
        after
            .lines()
            .any(|l| l.starts_with("  skip_final_snapshot ") && l.ends_with("= false")),
        "{after}"
    );
    assert!(
        after.contains("final_snapshot_identifier = \"${var.name}-final\""),
        "{after}"
    );
    assert!(!after.contains("orders"), "{after}");
}

/// All or nothing: the whole scan is read again as it would be after the fixes before any
/// file is written; a finding it did not have (here the short recovery period that turning
/// point-in-time recovery on would bring out) means nothing is written, and the run says
/// what it would have added.
#[test]
fn fixes_that_would_add_a_finding_write_nothing() {
    let main = "resource \"aws_dynamodb_table\" \"t\" {\n  name                        = \"t\"\n  hash_key                    = \"id\"\n  deletion_protection_enabled = false\n\n  point_in_time_recovery {\n    enabled                 = false\n    recovery_period_in_days = 7\n  }\n}\n";
    let dir = scratch("all-or-nothing", &[("main.tf", main)]);
    let target = dir.to_string_lossy().into_owned();
    let out = common::lifeboat(&["check", "--fix", "--unsafe-fixes", &target]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no file was written"), "{stderr}");
    assert!(stderr.contains("LB503"), "{stderr}");
    assert_eq!(read(&dir, "main.tf"), main);
    // Safe fixes alone (deletion protection) add nothing: they are written.
    let out = common::lifeboat(&["check", "--fix", &target]);
    assert_ne!(out.status.code(), Some(2), "{out:?}");
    assert!(read(&dir, "main.tf").contains("deletion_protection_enabled = true"));
}
