//! Embeds every rule document in `rules/` so the binary, `explain` and SARIF rule help
//! always carry the docs that ship with the code, and generates each rule's metadata
//! (`RuleInfo`: id, name, severity, family, category, since, preview, options) from the
//! documents' front matter: the front matter is the one place a rule's metadata is written.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read at run time: a build script binary may be reused for another checkout.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .filter_map(|p| {
                    Some((
                        p.file_stem()?.to_str()?.to_string(),
                        p.to_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    docs.sort();
    assert!(!docs.is_empty(), "no rule documents in {}", dir.display());
    let mut out = String::from("&[\n");
    for (id, path) in &docs {
        let _ = writeln!(out, "    ({id:?}, include_str!({path:?})),");
    }
    out.push(']');
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dest = Path::new(&out_dir).join("rule_docs.rs");
    std::fs::write(dest, out).expect("write the embedded docs list");
    let meta = metadata(&docs);
    std::fs::write(Path::new(&out_dir).join("rule_meta.rs"), meta).expect("write the metadata");
}

/// One `RuleInfo` static per document, named by its id, and `ALL` in id order. A document
/// whose front matter is incomplete or invalid fails the build, naming the document.
fn metadata(docs: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut ids = Vec::new();
    for (id, path) in docs {
        let text = std::fs::read_to_string(path).expect("read a rule document");
        let front = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(f, _)| f)
            .unwrap_or_else(|| panic!("{path}: no front matter"));
        let all = |key: &str| -> Vec<String> {
            front
                .lines()
                .filter_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
                .map(|v| v.trim().to_string())
                .collect()
        };
        let one = |key: &str| -> String {
            all(key)
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("{path}: no `{key}:` in the front matter"))
        };
        assert_eq!(&one("id"), id, "{path}: the id is the file name");
        let severity = match one("severity").as_str() {
            "error" => "Error",
            "warning" => "Warning",
            "note" => "Note",
            other => panic!("{path}: severity `{other}` is not error, warning or note"),
        };
        let category = match one("category").as_str() {
            "input" => "Input",
            "rejected-by-aws" => "RejectedByAws",
            "fails-at-run-time" => "FailsAtRunTime",
            "posture" => "Posture",
            "live-evidence" => "LiveEvidence",
            other => panic!("{path}: unknown category `{other}`"),
        };
        let preview = match one("preview").as_str() {
            "true" => true,
            "false" => false,
            other => panic!("{path}: preview `{other}` is not true or false"),
        };
        let mut options = String::new();
        for o in all("option") {
            let parts: Vec<&str> = o.splitn(4, " | ").collect();
            let [key, kind, default, doc] = parts[..] else {
                panic!("{path}: an option is `key | type | default | doc`: {o}");
            };
            let _ = write!(
                options,
                "RuleOption {{ key: {key:?}, kind: {kind:?}, default: {default:?}, doc: {doc:?} }}, "
            );
        }
        let _ = writeln!(
            out,
            "/// {id} {name}: {summary}\npub static {id}: RuleInfo = RuleInfo {{ id: {id:?}, name: {name:?}, severity: Severity::{severity}, family: {family:?}, category: Category::{category}, since: {since:?}, preview: {preview}, summary: {summary:?}, options: &[{options}] }};",
            name = one("name"),
            summary = one("summary"),
            family = one("family"),
            since = one("since"),
        );
        ids.push(id.clone());
    }
    let _ = writeln!(
        out,
        "/// Every rule's metadata, in id order.\npub static ALL: &[&RuleInfo] = &[{}];",
        ids.iter()
            .map(|i| format!("&{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    out
}
