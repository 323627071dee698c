//! Every output format, produced by the built binary and parsed back with a real parser.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = common::lifeboat(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn sarif(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "check",
        "examples/seed",
        "examples/platform",
        "fixtures/LB104/cfn-fail",
        "--region",
        "us-east-1",
        "--format",
        "sarif",
    ];
    args.extend(extra);
    serde_json::from_str(&run(&args)).expect("SARIF is JSON")
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let text = std::fs::read_to_string(common::root().join("tests/schemas/sarif-2.1.0-rtm.5.json"))
        .expect("schema");
    // The schema's `run.language` pattern ends in an unescaped `]`, a literal in ECMAScript
    // regexes but an error for Rust's: escape it (same meaning) before compiling.
    let text = text.replace(r#"-[a-zA-Z]{2}]?$"#, r#"-[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let log = sarif(&["--sarif-category", "lifeboat/prod/"]);
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_has_what_code_scanning_needs() {
    let log = sarif(&["--sarif-category", "lifeboat/prod/"]);
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "lifeboat");
    assert!(driver["informationUri"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://")));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), lifeboat::rules::all().len());
    let lb104 = rules
        .iter()
        .find(|r| r["id"] == "LB104")
        .expect("LB104 described");
    assert_eq!(lb104["name"], "vault-lock-retention-conflict");
    assert!(lb104["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.contains("## How to fix")));
    assert_eq!(lb104["defaultConfiguration"]["level"], "error");
    // Not a security exposure: no security-severity (a vault without a lock is).
    assert!(lb104["properties"]["security-severity"].is_null());
    let lb102 = rules.iter().find(|r| r["id"] == "LB102").expect("LB102");
    assert_eq!(lb102["properties"]["security-severity"], "7.5");
    assert!(lb102["properties"]["tags"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t == "security")));
    let lb001 = rules.iter().find(|r| r["id"] == "LB001").expect("LB001");
    assert!(lb001["properties"]["security-severity"].is_null());
    assert_eq!(lb104["properties"]["precision"], "high");
    assert_eq!(run["automationDetails"]["id"], "lifeboat/prod/");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .is_some_and(|u| u.starts_with("file://") && u.ends_with('/')));
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at the rule"
        );
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.starts_with('/') && Path::new(uri).is_relative(),
            "{uri}"
        );
        assert!(
            common::root().join(uri).is_file(),
            "{uri} is relative to the repository root"
        );
        assert!(loc["region"]["startLine"].as_u64().is_some());
        assert!(r["partialFingerprints"]["lifeboatFingerprint/v1"].is_string());
        // Exactly what GitHub's upload action computes from the file at that line (any
        // other value makes it warn for the result and keep lifeboat's).
        let line = loc["region"]["startLine"].as_u64().expect("line") as usize;
        let text = std::fs::read_to_string(common::root().join(uri)).expect("the file");
        assert_eq!(
            r["partialFingerprints"]["primaryLocationLineHash"].as_str(),
            lifeboat::report::line_hash::line_hashes(&text)
                .get(line - 1)
                .map(String::as_str),
            "{uri}:{line}"
        );
        assert!(r["message"]["text"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let lb104 = results
        .iter()
        .find(|r| {
            r["ruleId"] == "LB104"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "examples/seed/main.tf"
        })
        .expect("seed LB104");
    assert_eq!(
        lb104["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        16
    );
    // GitHub links related locations from the message text only.
    assert!(
        lb104["message"]["text"]
            .as_str()
            .is_some_and(|m| m.contains("](1)")),
        "{}",
        lb104["message"]["text"]
    );
    assert_eq!(
        lb104["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "aws_backup_plan.production"
    );
    // Findings in modules point at the call site too.
    assert!(results
        .iter()
        .any(|r| r["relatedLocations"].as_array().is_some_and(|rl| rl
            .iter()
            .any(|l| l["message"]["text"]
                .as_str()
                .is_some_and(|m| m.contains("called here"))))));
}

#[test]
fn sarif_categories_end_in_a_slash_and_are_left_out_when_not_given() {
    let with = sarif(&["--sarif-category", "lifeboat/prod"]);
    assert_eq!(with["runs"][0]["automationDetails"]["id"], "lifeboat/prod/");
    let without = sarif(&[]);
    assert!(
        without["runs"][0]["automationDetails"].is_null(),
        "upload-sarif's category applies"
    );
}

#[test]
fn fingerprints_survive_lines_shifting_above() {
    let dir = common::temp_dir("fingerprints");
    let original = std::fs::read_to_string(common::root().join("fixtures/LB104/fail/main.tf"))
        .expect("fixture");
    std::fs::write(dir.join("main.tf"), &original).expect("write");
    let fingerprints = |dir: &Path| -> Vec<String> {
        let out = common::lifeboat(&["check", dir.to_str().expect("utf-8"), "--format", "sarif"]);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
        let mut f: Vec<String> = log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                r["partialFingerprints"]["lifeboatFingerprint/v1"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        f.sort();
        f
    };
    let before = fingerprints(&dir);
    let shifted = format!(
        "# a comment\n\n\n{}",
        original.replace("  name        = \"main-vault\"", "  name = \"main-vault\"")
    );
    std::fs::write(dir.join("main.tf"), shifted).expect("write");
    assert_eq!(before, fingerprints(&dir));
    assert!(!before.is_empty());
}

/// Over every example and fixture (10 names were repeated: two settings of one resource
/// on one line), each test case's name is unique within its suite.
#[test]
fn junit_case_names_are_unique_over_every_example_and_fixture() {
    let xml = run(&["check", "examples", "fixtures", "--format", "junit"]);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let mut cases = 0;
    for suite in doc.descendants().filter(|n| n.has_tag_name("testsuite")) {
        let mut names = std::collections::HashSet::new();
        for case in suite.children().filter(|n| n.has_tag_name("testcase")) {
            cases += 1;
            let name = case.attribute("name").expect("name");
            assert!(
                names.insert(name),
                "{name} twice in {:?}",
                suite.attribute("name")
            );
        }
    }
    assert!(cases > 500, "{cases}");
}

#[test]
fn junit_is_xml_with_one_failing_case_per_finding() {
    let xml = run(&["check", "examples/seed", "--format", "junit"]);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let (_, json) = common::check_json(&[Path::new("examples/seed")], &[]);
    let findings = json["findings"].as_array().expect("findings");
    let n = findings.len();
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(cases.len(), n);
    // Below the failure threshold (error by default): skipped, not failing.
    let failing = cases
        .iter()
        .filter(|c| c.children().any(|f| f.has_tag_name("failure")))
        .count();
    let skipped = cases
        .iter()
        .filter(|c| c.children().any(|f| f.has_tag_name("skipped")))
        .count();
    assert_eq!((failing, skipped), (errors, n - errors));
    assert_eq!(
        root.attribute("failures"),
        Some(errors.to_string().as_str())
    );
    assert_eq!(root.attribute("errors"), Some("0"));
    assert!(root.attribute("time").is_some());
    // Test-case names are unique (they carry file and line).
    let names: std::collections::HashSet<&str> =
        cases.iter().filter_map(|c| c.attribute("name")).collect();
    assert_eq!(names.len(), n);
    // With --fail-on note every finding fails.
    let all = run(&[
        "check",
        "examples/seed",
        "--format",
        "junit",
        "--fail-on",
        "note",
    ]);
    let doc = roxmltree::Document::parse(&all).expect("well-formed XML");
    assert_eq!(
        doc.root_element().attribute("failures"),
        Some(n.to_string().as_str())
    );
    // A clean run is one passing case, not an empty report.
    let clean = run(&["check", "fixtures/LB104/pass", "--format", "junit"]);
    let doc = roxmltree::Document::parse(&clean).expect("well-formed XML");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 1);
    assert!(!cases[0].children().any(|f| f.has_tag_name("failure")));
}

#[test]
fn gitlab_code_quality_has_the_fields_gitlab_reads() {
    let issues: serde_json::Value = serde_json::from_str(&run(&[
        "check",
        "examples/seed",
        "examples/platform",
        "--format",
        "gitlab",
    ]))
    .expect("JSON");
    let issues = issues.as_array().expect("array");
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for i in issues {
        assert!(i["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(i["check_name"]
            .as_str()
            .is_some_and(|c| c.starts_with("LB")));
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap_or("")));
        assert!(i["location"]["path"]
            .as_str()
            .is_some_and(|p| common::root().join(p).is_file()));
        assert!(i["location"]["lines"]["begin"]
            .as_u64()
            .is_some_and(|l| l >= 1));
        assert!(
            fingerprints.insert(i["fingerprint"].as_str().expect("fingerprint").to_string()),
            "fingerprints are unique: {i}"
        );
    }
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    // A path with the characters workflow commands reserve.
    let dir = common::temp_dir("gh, annotations: 100%");
    std::fs::copy(
        common::root().join("fixtures/LB105/fail/main.tf"),
        dir.join("main.tf"),
    )
    .expect("copy");
    let rel: PathBuf = dir
        .strip_prefix(common::root())
        .expect("under root")
        .to_path_buf();
    let out = run(&["check", rel.to_str().expect("utf-8"), "--format", "github"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        let rest = line.strip_prefix("::").expect("a workflow command");
        let (command, message) = rest.split_once("::").expect("command and message");
        let (level, props) = command.split_once(' ').expect("level and properties");
        assert!(["error", "warning", "notice"].contains(&level), "{line}");
        assert!(!message.contains('\n'));
        let props: Vec<(&str, &str)> = props
            .split(',')
            .map(|p| p.split_once('=').expect("key=value"))
            .collect();
        let file = props.iter().find(|(k, _)| *k == "file").expect("file").1;
        assert!(file.contains("gh%2C annotations%3A 100%25"), "{file}");
        assert!(props
            .iter()
            .any(|(k, v)| *k == "line" && v.parse::<u32>().is_ok()));
        assert!(props
            .iter()
            .any(|(k, v)| *k == "title" && v.starts_with("LB")));
    }
}

/// Microsoft's SARIF multitool, installed by scripts/test.sh under .tools/.
fn multitool() -> PathBuf {
    let path = common::root().join(".tools/node_modules/.bin/sarif-multitool");
    assert!(
        path.exists(),
        "{} is missing: run scripts/test.sh, which installs it",
        path.display()
    );
    path
}

#[test]
fn sarif_multitool_reports_no_errors_or_warnings() {
    let dir = common::temp_dir("multitool");
    let input = dir.join("lifeboat.sarif");
    let output = dir.join("validation.sarif");
    std::fs::write(&input, serde_json::to_string(&sarif(&[])).expect("json")).expect("write");
    let status = Command::new(multitool())
        .args([
            "validate",
            input.to_str().expect("utf-8"),
            "-o",
            output.to_str().expect("utf-8"),
            "--level",
            "Error",
            "Warning",
        ])
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .status()
        .expect("multitool runs");
    assert!(status.success());
    let validation: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&output).expect("validation log"))
            .expect("json");
    let results = validation["runs"][0]["results"]
        .as_array()
        .expect("results");
    assert!(results.is_empty(), "{results:#?}");
}

#[test]
fn sarif_over_githubs_result_limit_is_cut_keeping_errors_with_a_warning() {
    // 9,000 tables without PITR (LB501, error) or deletion protection (LB502, warning):
    // 18,000 results, and 9,000 stack deletion policies (LB409, warning) on top.
    let dir = common::temp_dir("sarif-cut");
    let mut resources = serde_json::Map::new();
    for i in 0..9_000 {
        resources.insert(
            format!("Table{i}"),
            serde_json::json!({
                "Type": "AWS::DynamoDB::Table",
                "Properties": { "TableName": format!("t{i}"), "BillingMode": "PAY_PER_REQUEST" },
            }),
        );
    }
    let template = serde_json::json!({ "Resources": resources });
    let file = dir.join("tables.json");
    std::fs::write(&file, template.to_string()).expect("write template");
    let path = file.to_string_lossy().to_string();
    let out = common::lifeboat(&[
        "check",
        &path,
        "--select",
        "LB501,LB502,LB409",
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("27000 findings") && stderr.contains("2000 left out"),
        "{stderr}"
    );
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let run = &log["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 25_000);
    let errors = results.iter().filter(|r| r["level"] == "error").count();
    assert_eq!(errors, 9_000, "every error is kept");
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert!(
        notes.iter().any(|n| n["level"] == "warning"
            && n["message"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("2000 left out"))),
        "{notes:#?}"
    );
    // Below the limit nothing is cut and nothing is said.
    let out = common::lifeboat(&["check", &path, "--select", "LB501", "--format", "sarif"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("left out"));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(
        log["runs"][0]["results"].as_array().map(Vec::len),
        Some(9_000)
    );
}

/// Validates XML documents against an XML schema with lxml (in .venv, installed by
/// scripts/test.sh): the error lines of each invalid document, in order.
fn xsd_errors(schema: &Path, documents: &[String]) -> Vec<String> {
    let python = common::root().join(".venv/bin/python");
    assert!(
        python.exists(),
        "run scripts/test.sh, which installs lxml into .venv"
    );
    let dir = common::temp_dir("xsd");
    let mut args = vec![
        "-c".to_string(),
        "import sys\nfrom lxml import etree\nschema = etree.XMLSchema(etree.parse(sys.argv[1]))\nfor path in sys.argv[2:]:\n    doc = etree.parse(path)\n    if not schema.validate(doc):\n        print(path, '|', '; '.join(str(e) for e in schema.error_log))\n".to_string(),
        schema.to_string_lossy().into_owned(),
    ];
    for (i, d) in documents.iter().enumerate() {
        let p = dir.join(format!("{i}.xml"));
        std::fs::write(&p, d).expect("write xml");
        args.push(p.to_string_lossy().into_owned());
    }
    let out = Command::new(python)
        .args(&args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn junit_validates_against_jenkins_schema() {
    let schema = common::root().join("tests/schemas/junit-jenkins.xsd");
    let reports = vec![
        // Failures and, below the threshold, skipped cases; several suites.
        run(&[
            "check",
            "examples/seed",
            "fixtures/LB104/cfn-fail",
            "--format",
            "junit",
            "--fail-on",
            "error",
        ]),
        // Every finding a failure.
        run(&[
            "check",
            "examples/platform",
            "--format",
            "junit",
            "--fail-on",
            "note",
        ]),
        // Nothing found.
        run(&["check", "fixtures/LB104/pass", "--format", "junit"]),
    ];
    assert!(reports[0].contains("<skipped") && reports[0].contains("<failure"));
    assert!(reports[2].contains("<testcase"));
    let errors = xsd_errors(&schema, &reports);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator has teeth: what Jenkins' schema refuses is refused.
    let broken = vec![
        reports[0].replacen("<testcase ", "<testcase file=\"x\" ", 1),
        reports[0].replacen(" errors=\"0\" skipped", " skipped", 1),
        reports[0].replacen("time=\"0\"", "time=\"1e3\"", 1),
    ];
    let errors = xsd_errors(&schema, &broken);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

/// A finding inside a module `terraform init` downloaded is shown by code hosts at the
/// module call in the repository (they have no `.terraform/`), with the module's file as a
/// related location; JSON and text keep its own place.
#[test]
fn findings_in_downloaded_modules_are_anchored_at_their_call() {
    let case = "fixtures/LB301/fail-registry";
    let (_, json) = common::check_json(&[Path::new(case)], &[]);
    let inside = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["location"]["path"]
                .as_str()
                .is_some_and(|p| p.contains("/.terraform/"))
        })
        .count();
    assert!(
        inside > 0,
        "the case has findings inside the module: {json}"
    );
    let log: serde_json::Value =
        serde_json::from_str(&run(&["check", case, "--format", "sarif"])).expect("SARIF");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let mut moved = 0;
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default();
        assert!(!uri.contains(".terraform"), "{r}");
        let related = r["relatedLocations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if related.iter().any(|l| {
            l["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.contains("/.terraform/modules/"))
        }) {
            moved += 1;
            assert_eq!(uri, format!("{case}/main.tf"));
        }
    }
    assert_eq!(moved, inside);
    for format in ["github", "gitlab"] {
        let out = run(&["check", case, "--format", format]);
        assert!(!out.contains(".terraform"), "{format}: {out}");
    }
}
