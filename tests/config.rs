//! The configuration file and the flags that override it, as a user meets them.

mod common;

use std::path::{Path, PathBuf};

/// A scratch repository (with `.git`) holding a copy of a fixture and a config.
fn repo(name: &str, fixture: &str, config: &str) -> PathBuf {
    let dir = common::temp_dir(name);
    std::fs::create_dir_all(dir.join(".git")).expect("git dir");
    std::fs::create_dir_all(dir.join("infra/prod")).expect("dirs");
    for entry in std::fs::read_dir(common::root().join(fixture)).expect("fixture") {
        let p = entry.expect("entry").path();
        if p.is_file() {
            std::fs::copy(
                &p,
                dir.join("infra/prod").join(p.file_name().expect("name")),
            )
            .expect("copy");
        }
    }
    std::fs::write(dir.join("lifeboat.toml"), config).expect("config");
    dir
}

fn ids(dir: &Path, extra: &[&str]) -> (i32, Vec<(String, String)>) {
    let (code, report) = common::check_json(&[&dir.join("infra/prod")], extra);
    let found = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    (code, found)
}

#[test]
fn init_writes_a_starter_that_loads_and_changes_nothing() {
    let dir = common::temp_dir("init");
    let path = dir.join("lifeboat.toml");
    let out = common::lifeboat(&["init", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&path)
        .expect("written")
        .contains("[vault_lock]"));
    // A second init does not overwrite.
    assert_eq!(
        common::lifeboat(&["init", path.to_str().expect("utf-8")])
            .status
            .code(),
        Some(2)
    );
    // The starter holds the defaults: the same findings as no config at all.
    let fixture = Path::new("fixtures/LB104/fail");
    let (_, with) = common::check_json(&[fixture], &["--config", path.to_str().expect("utf-8")]);
    let (_, without) = common::check_json(&[fixture], &[]);
    assert_eq!(with["findings"], without["findings"]);
}

#[test]
fn unknown_keys_are_errors_with_a_code_frame() {
    let dir = repo(
        "unknown-key",
        "fixtures/LB104/fail",
        "fail_on = \"warning\"\n\n[plan]\nmin_retention = 30\n",
    );
    let out = common::lifeboat(&["check", dir.join("infra/prod").to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("lifeboat.toml"), "{err}");
    assert!(err.contains("min_retention"), "{err}");
    assert!(
        err.contains("4 │ min_retention = 30"),
        "the frame shows the line: {err}"
    );
    let dir = repo(
        "bad-value",
        "fixtures/LB104/fail",
        "fail_on = \"sometimes\"\n",
    );
    let out = common::lifeboat(&["check", dir.join("infra/prod").to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sometimes"));
}

#[test]
fn the_config_is_found_walking_up_to_the_repository_root() {
    let dir = repo(
        "discovery",
        "fixtures/LB104/fail",
        "fail_on = \"never\"\n[severity]\nvault-lock-retention-conflict = \"warning\"\n",
    );
    let (code, found) = ids(&dir, &[]);
    assert_eq!(code, 0, "fail_on = never from the config");
    assert!(
        !found.is_empty()
            && found
                .iter()
                .all(|(id, sev)| id == "LB104" && sev == "warning"),
        "{found:?}"
    );
    // The command line wins over the file.
    let (code, _) = ids(&dir, &["--fail-on", "warning"]);
    assert_eq!(code, 1);
}

#[test]
fn select_and_ignore_by_id_name_and_family() {
    let dir = repo(
        "select",
        "fixtures/LB205/fail",
        "select = [\"LB2\"]\nignore = [\"rule-no-lifecycle\"]\n",
    );
    let (_, found) = ids(&dir, &[]);
    assert!(
        found.is_empty(),
        "LB104 is not selected and LB205 is ignored: {found:?}"
    );
    let (_, found) = ids(&dir, &["--select", "LB104,LB205"]);
    let mut rules: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    rules.sort();
    assert_eq!(
        rules,
        vec!["LB104"],
        "--select replaces the file's; its ignore still applies"
    );
    let out = common::lifeboat(&["check", "fixtures/LB205/fail", "--select", "LB999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn thresholds_and_coverage_scope_come_from_the_file() {
    let dir = repo(
        "thresholds",
        "fixtures/LB209/pass",
        "[plan]\nmin_retention_days = 400\n",
    );
    let (_, found) = ids(&dir, &[]);
    assert!(found.iter().any(|(id, _)| id == "LB209"), "{found:?}");
    let dir = repo(
        "coverage-scope",
        "fixtures/LB301/fail",
        "[coverage]\nkinds = [\"rds\"]\n",
    );
    let (_, found) = ids(&dir, &[]);
    let lb301 = found.iter().filter(|(id, _)| id == "LB301").count();
    assert_eq!(lb301, 1, "only the database, not the table: {found:?}");
    let dir = repo(
        "coverage-tags",
        "fixtures/LB301/fail",
        "[coverage]\ntags = { Backup = \"none\" }\n",
    );
    let (_, found) = ids(&dir, &[]);
    assert_eq!(
        found.iter().filter(|(id, _)| id == "LB301").count(),
        1,
        "only the table tagged Backup=none: {found:?}"
    );
}

#[test]
fn include_and_exclude_globs_pick_the_files() {
    let dir = repo(
        "globs",
        "fixtures/LB104/fail",
        "exclude = [\"infra/prod/**\"]\n",
    );
    let (_, report) = common::check_json(&[&dir.join("infra/prod")], &[]);
    assert_eq!(report["summary"]["files"], 0, "{report}");
    let dir = repo(
        "globs-include",
        "fixtures/LB104/fail",
        "include = [\"other/**\"]\n",
    );
    let (_, report) = common::check_json(&[&dir.join("infra/prod")], &[]);
    assert_eq!(report["summary"]["files"], 0, "{report}");
    let dir = repo(
        "globs-match",
        "fixtures/LB104/fail",
        "include = [\"infra/**/*.tf\"]\n",
    );
    let (_, report) = common::check_json(&[&dir.join("infra/prod")], &[]);
    assert_eq!(report["summary"]["files"], 1, "{report}");
}

#[test]
fn values_that_cannot_be_meant_are_errors_with_a_code_frame() {
    for (name, text, needle, line) in [
        (
            "kinds",
            "[coverage]\nkinds = [\"rds\", \"dynamo\"]\n",
            "unknown kind `dynamo`",
            "2 │ kinds = [\"rds\", \"dynamo\"]",
        ),
        (
            "negative-days",
            "[plan]\nmin_retention_days = -5\n",
            "expected a whole number of at least 1",
            "2 │ min_retention_days = -5",
        ),
        (
            "zero-hours",
            "[live]\nlookback_hours = 0\n",
            "live.lookback_hours",
            "2 │ lookback_hours = 0",
        ),
        (
            "duration",
            "[objectives.tiers.gold]\nrpo = \"4 hours\"\n",
            "invalid duration `4 hours` for `objectives.tiers.gold.rpo`",
            "2 │ rpo = \"4 hours\"",
        ),
        (
            "default-tier",
            "[objectives]\ndefault_tier = \"gld\"\n\n[objectives.tiers.gold]\nrpo = \"4h\"\n",
            "objectives.default_tier names `gld`",
            "2 │ default_tier = \"gld\"",
        ),
        (
            "select",
            "select = [\"LB104\", \"vault-lock-conflict\"]\n",
            "`vault-lock-conflict` in `select`",
            "1 │ select = [\"LB104\", \"vault-lock-conflict\"]",
        ),
        (
            "glob",
            "include = [\"infra/**\", \"[abc\"]\n",
            "invalid glob `[abc` in `include`",
            "1 │ include = [\"infra/**\", \"[abc\"]",
        ),
        (
            "glob-alternates",
            "exclude = [\"{a,b\"]\n",
            "a `{` is never closed by `}`",
            "1 │ exclude = [\"{a,b\"]",
        ),
        (
            "type-integer",
            "[vault_lock]\nmin_retention_days = \"seven\"\n",
            "expected a whole number, found the string \"seven\"",
            "2 │ min_retention_days = \"seven\"",
        ),
        (
            "type-array",
            "include = \"infra/**\"\n",
            "expected an array",
            "1 │ include = \"infra/**\"",
        ),
        (
            "type-bool",
            "strict = \"yes\"\n",
            "expected true or false, found the string \"yes\"",
            "1 │ strict = \"yes\"",
        ),
        (
            "tier-key",
            "[objectives.tiers.gold]\nrpo_minutes = 5\n",
            "unknown field `rpo_minutes`",
            "2 │ rpo_minutes = 5",
        ),
    ] {
        let dir = repo(&format!("bad-{name}"), "fixtures/LB104/fail", text);
        let out = common::lifeboat(&["check", dir.join("infra/prod").to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{name}: {err}");
        for jargon in ["i64", "sequence", "invalid type"] {
            assert!(!err.contains(jargon), "{name}: Rust words: {err}");
        }
        assert!(
            err.contains(line),
            "{name}: the frame shows the line: {err}"
        );
    }
}

#[test]
fn the_old_dashed_fail_on_still_works_with_a_deprecation_warning() {
    let dir = repo("dashed", "fixtures/LB104/fail", "fail-on = \"never\"\n");
    let out = common::lifeboat(&["check", dir.join("infra/prod").to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "fail-on = never is honoured");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`fail-on` is deprecated") && err.contains("`fail_on`"),
        "{err}"
    );
}

/// The published schema is what the code describes, the starter `lifeboat init` writes
/// validates against it, and it refuses what the loader refuses.
#[test]
fn the_published_schema_matches_the_code_and_describes_the_starter() {
    let out = common::lifeboat(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let published =
        std::fs::read_to_string(common::root().join("lifeboat.schema.json")).expect("published");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        published,
        "lifeboat.schema.json is stale: run `cargo run -- schema > lifeboat.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&published).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let as_json = |toml_text: &str| -> serde_json::Value {
        let v: toml::Table = toml::from_str(toml_text).expect("TOML");
        serde_json::to_value(v).expect("JSON")
    };
    let starter = lifeboat::config_reference::starter();
    assert!(
        starter.starts_with("#:schema https://"),
        "editors find the schema"
    );
    let errors: Vec<String> = validator
        .iter_errors(&as_json(&starter))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for bad in [
        "fail_on = \"sometimes\"\n",
        "[plan]\nmin_retention = 30\n",
        "[coverage]\nkinds = [\"lambda\"]\n",
        "[vault_lock]\nmin_retention_days = 0\n",
        "colour = true\n",
    ] {
        assert!(
            !validator.is_valid(&as_json(bad)),
            "the schema accepts {bad:?}"
        );
        let dir = repo("schema-bad", "fixtures/LB104/fail", bad);
        let out = common::lifeboat(&["check", dir.join("infra/prod").to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(2), "the loader refuses {bad:?} too");
    }
}

#[test]
fn severity_overrides_reach_the_sarif_rule_descriptors() {
    let dir = repo(
        "severity-sarif",
        "fixtures/LB102/fail",
        "[severity]\nLB102 = \"warning\"\nvault-lock-retention-conflict = \"note\"\n",
    );
    let out = common::lifeboat(&[
        "check",
        dir.join("infra/prod").to_str().expect("utf-8"),
        "--format",
        "sarif",
    ]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).expect("rule").clone();
    assert_eq!(rule("LB102")["defaultConfiguration"]["level"], "warning");
    assert_eq!(rule("LB102")["properties"]["security-severity"], "5.0");
    assert_eq!(rule("LB104")["defaultConfiguration"]["level"], "note");
    // Untouched rules keep their own level.
    assert_eq!(rule("LB105")["defaultConfiguration"]["level"], "error");
}

#[test]
fn a_named_path_the_globs_leave_out_is_said_not_silently_dropped() {
    let dir = repo(
        "excluded-named",
        "fixtures/LB105/fail",
        "exclude = [\"infra/**\"]\n",
    );
    let file = dir.join("infra/prod/main.tf");
    let out = common::lifeboat(&["check", file.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("include/exclude globs leave it out"),
        "{stderr}"
    );
    // A warning, not an error: a commit touching only excluded files passes.
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let out = common::lifeboat(&["check", dir.join("infra").to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("leave out every file below it"), "{stderr}");
}

#[test]
fn an_error_on_a_very_long_line_gives_its_place_without_drawing_it() {
    // A frame drawer once panicked on a column past 65,535.
    let long = "a".repeat(70_000);
    let dir = repo(
        "long-line",
        "fixtures/LB104/fail",
        &format!("exclude = [\"{long}\", \"[x\"]\n"),
    );
    let out = common::lifeboat(&["check", dir.join("infra/prod").to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid glob `[x`"), "{err}");
    assert!(err.contains("lifeboat.toml:1:70016"), "{err}");
    assert!(
        err.len() < 2_000,
        "the line is not echoed: {} bytes",
        err.len()
    );
}

/// One configuration applies to a run (the first path's): a later path whose own
/// configuration is another file is named in a warning, so `check a b` and `check b a`
/// never differ without a word.
#[test]
fn a_named_paths_own_configuration_that_is_not_used_is_named() {
    let root = common::temp_dir("config-order");
    std::fs::create_dir_all(root.join(".git")).expect("repository");
    for dir in ["a", "b"] {
        std::fs::create_dir_all(root.join(dir)).expect("dir");
        std::fs::copy(
            common::root().join("examples/seed/main.tf"),
            root.join(dir).join("main.tf"),
        )
        .expect("copy");
    }
    std::fs::write(root.join("b/lifeboat.toml"), "ignore = [\"LB104\"]\n").expect("config");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lifeboat"))
            .args(args)
            .current_dir(&root)
            .output()
            .expect("runs")
    };
    let ab = run(&["check", "a", "b"]);
    let stderr = String::from_utf8_lossy(&ab.stderr);
    assert!(
        stderr.contains("b/lifeboat.toml is not used for b"),
        "{stderr}"
    );
    // First, it is the one used: nothing to say about it.
    let ba = run(&["check", "b", "a"]);
    assert!(
        !String::from_utf8_lossy(&ba.stderr).contains("is not used"),
        "{ba:?}"
    );
    // Named with --config, the choice is the user's.
    let given = run(&["check", "--config", "b/lifeboat.toml", "a", "b"]);
    assert!(!String::from_utf8_lossy(&given.stderr).contains("is not used"));
}
