//! Code and docs stay in step: every rule has a doc, every doc a rule, the front matter
//! matches the code, and every Terraform fix example in a doc passes its rule.

mod common;

use lifeboat::{docs, rules};

#[test]
fn every_rule_has_a_matching_doc_and_every_doc_a_rule() {
    for rule in rules::all() {
        let info = rule.info();
        let doc = docs::for_rule(info.id).unwrap_or_else(|| panic!("{} has no doc", info.id));
        assert_eq!(doc.id, info.id);
        assert_eq!(doc.name, info.name, "{}", info.id);
        assert_eq!(doc.severity, info.severity.as_str(), "{}", info.id);
        assert!(
            !doc.summary.is_empty() && !doc.applies_to.is_empty(),
            "{}",
            info.id
        );
        assert!(
            doc.body.contains("## Why it matters") && doc.body.contains("## How to fix"),
            "{}",
            info.id
        );
        assert!(
            doc.body.contains("```hcl") && doc.body.contains("```yaml"),
            "{} needs Terraform and CloudFormation examples",
            info.id
        );
    }
    let on_disk: Vec<String> = std::fs::read_dir(common::root().join("rules"))
        .expect("rules dir")
        .filter_map(|e| {
            e.ok()?
                .path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    for id in on_disk {
        assert!(
            rules::find(&id).is_some(),
            "rules/{id}.md documents no rule"
        );
        assert!(
            docs::RAW.iter().any(|(i, _)| *i == id),
            "rules/{id}.md is not embedded"
        );
    }
}

#[test]
fn every_fix_example_passes_its_rule() {
    for rule in rules::all() {
        let id = rule.info().id;
        let doc = docs::for_rule(id).expect("doc");
        let examples = doc
            .body
            .split("```hcl\n")
            .skip(1)
            .map(|b| ("main.tf", b))
            .chain(
                doc.body
                    .split("```yaml\n")
                    .skip(1)
                    .map(|b| ("template.yaml", b)),
            );
        for (n, (file, block)) in examples.enumerate() {
            let code = block.split("```").next().unwrap_or_default();
            let dir = common::temp_dir(&format!("doc-{id}-{n}"));
            std::fs::write(dir.join(file), code).expect("write example");
            let (_, report) = common::check_json(&[&dir], &["--strict", "--region", "us-east-1"]);
            // The example must be read: a template or module lifeboat recognised.
            assert!(
                report["summary"]["files"].as_u64() >= Some(1),
                "the {file} example of {id} was not read:\n{code}"
            );
            let found = common::findings(&report);
            assert!(
                !found.iter().any(|f| f.0 == id || f.0 == "LB001"),
                "the fix example {n} of {id} still fails: {found:?}\n{code}"
            );
        }
    }
}

/// The metadata (generated from the docs' front matter) and the registry agree: every
/// documented rule runs, once, in id order.
#[test]
fn the_registry_runs_every_documented_rule_once_in_id_order() {
    let registered: Vec<&str> = rules::all().iter().map(|r| r.info().id).collect();
    let documented: Vec<&str> = rules::meta::ALL.iter().map(|m| m.id).collect();
    let mut sorted = registered.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        registered, sorted,
        "rules::all() is in id order, without repeats"
    );
    assert_eq!(registered, documented);
}

/// Each rule's code is in its family's folder (`src/rules/<family>/`), and its family is
/// the one its id's hundreds say (LB1xx vault, LB2xx plan...).
#[test]
fn every_rule_lives_in_its_family_folder() {
    let families = [
        "input",
        "vault",
        "plan",
        "coverage",
        "database",
        "dynamodb",
        "s3",
        "monitoring",
        "recovery",
        "evidence",
    ];
    for m in rules::meta::ALL {
        let hundreds = (m.id.as_bytes()[2] - b'0') as usize;
        assert_eq!(m.family, families[hundreds], "{}", m.id);
        let dir = common::root().join("src/rules").join(m.family);
        let uses = format!("meta::{}", m.id);
        let found = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{} has no folder {}", m.id, dir.display()))
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .any(|text| text.contains(&uses));
        assert!(found, "{} is not implemented in {}", m.id, dir.display());
    }
}

#[test]
fn readme_rule_table_lists_every_rule() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    for rule in rules::all() {
        let info = rule.info();
        let row = format!(
            "| [{}](rules/{}.md) | {} | {} | {} |",
            info.id,
            info.id,
            info.name,
            info.severity.as_str(),
            info.category.as_str()
        );
        assert!(
            readme.contains(&row),
            "README lacks the row for {}: {row}",
            info.id
        );
    }
}
