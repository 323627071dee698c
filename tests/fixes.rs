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
            .filter(|f| f["fix"].is_object())
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
        for (path, (old, new)) in &expected {
            let actual = std::fs::read_to_string(path).expect("fixed");
            assert_eq!(
                &actual, new,
                "{name}: {path} is not the reported edits applied"
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
                .filter(|f| f["rule_id"] == rule.as_str() && f["fix"].is_object())
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
        "LB202",
        "--diff",
        "fixtures/LB202/fail",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--unsafe-fixes"));
}
