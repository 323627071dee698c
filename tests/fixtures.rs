//! The fixture harness: every `fixtures/<rule>/<case>/` directory is checked with the built
//! binary, and the findings must be exactly the ones its files expect inline:
//! `# expect: LB104, LB104` on the line a finding starts, or `# expect-at: LINE LB001`
//! for a line that cannot carry a comment. An optional `args` file adds CLI arguments.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

fn expectations(dir: &Path, want: &mut BTreeMap<(String, String, u64), usize>) {
    for entry in std::fs::read_dir(dir).expect("fixture dir") {
        let path = entry.expect("entry").path();
        // Module directories (and downloaded modules under .terraform) carry expectations too.
        if path.is_dir() {
            expectations(&path, want);
            continue;
        }
        let rel = path
            .strip_prefix(common::root())
            .expect("under root")
            .to_string_lossy()
            .into_owned();
        if let Some(json) = rel.strip_suffix(".expect") {
            // Sidecar expectations for files that cannot carry comments: "LINE RULE" lines.
            for line in std::fs::read_to_string(&path)
                .expect("sidecar")
                .lines()
                .filter(|l| !l.trim().is_empty())
            {
                let (n, id) = line.trim().split_once(' ').expect("LINE RULE");
                let n: u64 = n.parse().expect("line number");
                *want
                    .entry((id.trim().to_string(), json.to_string(), n))
                    .or_default() += 1;
            }
            continue;
        }
        // `# expect:` comments work in Terraform and YAML alike.
        if !path
            .extension()
            .is_some_and(|e| e == "tf" || e == "yaml" || e == "yml")
        {
            continue;
        }
        let rel = path
            .strip_prefix(common::root())
            .expect("under root")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("fixture text");
        for (i, line) in text.lines().enumerate() {
            let (at, ids) = if let Some(rest) = line.split("# expect-at:").nth(1) {
                let mut parts = rest.trim().splitn(2, ' ');
                let n: u64 = parts
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("expect-at line number");
                (n, parts.next().unwrap_or_default().to_string())
            } else if let Some(rest) = line.split("# expect:").nth(1) {
                ((i + 1) as u64, rest.to_string())
            } else {
                continue;
            };
            for id in ids.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                *want.entry((id.to_string(), rel.clone(), at)).or_default() += 1;
            }
        }
    }
}

#[test]
fn every_fixture_reports_exactly_what_it_expects() {
    let root = common::root().join("fixtures");
    let mut cases = 0;
    let mut failures = Vec::new();
    let mut rules = std::fs::read_dir(&root)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect::<Vec<_>>();
    rules.sort();
    for rule_dir in rules {
        let mut kinds = std::collections::BTreeSet::new();
        for case in std::fs::read_dir(&rule_dir).expect("rule dir") {
            let case = case.expect("entry").path();
            kinds.insert(
                case.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            // Recorded live responses are replayed by tests/live_recorded.rs.
            if case.join("recorded").is_dir() {
                continue;
            }
            let args = std::fs::read_to_string(case.join("args")).unwrap_or_default();
            let extra: Vec<&str> = args.split_whitespace().collect();
            let rel = case.strip_prefix(common::root()).expect("under root");
            // A case with a plan is checked through the plan, as `lifeboat check plan.json`.
            let plan = rel.join("plan.json");
            let target = if case.join("plan.json").is_file() {
                plan.as_path()
            } else {
                rel
            };
            let (_, report) = common::check_json(&[target], &extra);
            let mut got: BTreeMap<_, usize> = BTreeMap::new();
            for f in common::findings(&report) {
                *got.entry(f).or_default() += 1;
            }
            let mut want = BTreeMap::new();
            expectations(&case, &mut want);
            if got != want {
                failures.push(format!(
                    "{}:\n  expected {want:?}\n  got      {got:?}",
                    rel.display()
                ));
            }
            cases += 1;
        }
        assert!(
            kinds.contains("fail") && kinds.contains("pass"),
            "{} needs a fail and a pass fixture",
            rule_dir.display()
        );
    }
    assert!(cases >= 30, "only {cases} fixture cases found");
    assert!(
        failures.is_empty(),
        "fixture mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_rule_with_findings_has_fixtures() {
    for rule in lifeboat::rules::all() {
        let dir = common::root().join("fixtures").join(rule.info().id);
        assert!(
            dir.join("fail").is_dir(),
            "{} has no failing fixture",
            rule.info().id
        );
        assert!(
            dir.join("pass").is_dir(),
            "{} has no passing fixture",
            rule.info().id
        );
    }
}
