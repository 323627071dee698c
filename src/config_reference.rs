//! The configuration file's reference, made from the rules' metadata so it cannot drift
//! from the code: the commented starter `lifeboat init` writes, and the JSON schema of
//! `lifeboat.toml` (published as `lifeboat.schema.json`) that editors use for completion.

use serde_json::{json, Map, Value};

use crate::config::COVERAGE_KINDS;
use crate::rules::{meta, RuleOption};

/// Where the published schema lives, for the starter's `#:schema` line (taplo and the
/// editors built on it read it).
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/lifeboat-dev/lifeboat/main/lifeboat.schema.json";

const HEAD: &str = r#"# lifeboat configuration. Every key is optional; the values shown are the defaults.
# Docs: `lifeboat rules`, `lifeboat explain <rule>`.

# Lowest severity that fails the run (exit code 1): error, warning, note or never.
fail_on = "error"

# Report values rules needed but could not resolve (LB002 notes).
strict = false

# Rules to run: ids (LB104), names (vault-lock-retention-conflict) or id prefixes (LB4).
# Empty runs every rule except preview rules, which run only when named here.
select = []
# Rules not to run.
ignore = []

# Globs, relative to this file, of files to check (empty: all) and to skip.
include = []
exclude = []

# Severity overrides by rule id or name.
[severity]
# LB209 = "error"
"#;

/// Every rule option, with the rule that reads it, grouped by table in id order.
fn tables() -> Vec<(&'static str, Vec<(&'static str, &'static RuleOption)>)> {
    let mut out: Vec<(&str, Vec<(&str, &RuleOption)>)> = Vec::new();
    for rule in meta::ALL {
        for o in rule.options {
            let table = o.key.split_once('.').map_or(o.key, |(t, _)| t);
            match out.iter_mut().find(|(t, _)| *t == table) {
                Some((_, keys)) => keys.push((rule.id, o)),
                None => out.push((table, vec![(rule.id, o)])),
            }
        }
    }
    out
}

fn key(o: &RuleOption) -> &'static str {
    o.key.split_once('.').map_or(o.key, |(_, k)| k)
}

/// The commented starter configuration `lifeboat init` writes.
pub fn starter() -> String {
    let mut out = format!("#:schema {SCHEMA_URL}\n{HEAD}");
    for (table, keys) in tables() {
        out.push('\n');
        for (id, o) in &keys {
            out.push_str(&format!("# {id}: {}.\n", o.doc));
        }
        out.push_str(&format!("[{table}]\n"));
        for (_, o) in &keys {
            match (o.kind, o.default) {
                // A table of named tables: an example, commented out.
                ("table of tiers", _) => out.push_str(&format!(
                    "\n# [{table}.{}.gold]\n# rpo = \"4h\"\n# retention = \"30d\"\n# region_rpo = \"24h\"\n# account_rpo = \"24h\"\n",
                    key(o)
                )),
                // No default: an example, commented out (`unset:"24h"`).
                (_, d) if d.starts_with("unset") => out.push_str(&format!(
                    "# {} = {}\n",
                    key(o),
                    d.split_once(':').map_or("\"\"", |(_, e)| e)
                )),
                _ => out.push_str(&format!("{} = {}\n", key(o), o.default)),
            }
        }
    }
    out
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

/// The JSON schema of an option's value.
fn option_schema(id: &str, o: &RuleOption) -> Value {
    let mut s = match o.kind {
        "integer" => json!({ "type": "integer", "minimum": 1 }),
        "array of strings" if o.key == "coverage.kinds" => json!({
            "type": "array",
            "items": { "enum": COVERAGE_KINDS },
        }),
        "array of strings" => strings(),
        "table of strings" => json!({
            "type": "object",
            "additionalProperties": { "type": "string" },
        }),
        "string" => json!({ "type": "string" }),
        "duration" => json!({ "type": "string", "pattern": "^[0-9]+[mhdw]$" }),
        "table of tiers" => {
            let duration = json!({ "type": "string", "pattern": "^[0-9]+[mhdw]$" });
            json!({
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "rpo": duration,
                        "retention": duration,
                        "region_rpo": duration,
                        "account_rpo": duration,
                    },
                },
            })
        }
        other => json!({ "description": format!("({other})") }),
    };
    s["description"] = json!(format!("{id}: {}", o.doc));
    if let Ok(v) = toml::from_str::<toml::Table>(&format!("v = {}", o.default)) {
        if let Ok(d) = serde_json::to_value(&v["v"]) {
            s["default"] = d;
        }
    }
    s
}

/// The value with every object's keys in sorted order, whatever map serde_json was built
/// with (the published file must not depend on feature unification).
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// The JSON schema of `lifeboat.toml`, keys sorted.
pub fn schema() -> Value {
    sorted(unsorted_schema())
}

fn unsorted_schema() -> Value {
    let severity = json!({ "enum": ["error", "warning", "note"] });
    let mut properties = Map::new();
    properties.insert(
        "fail_on".into(),
        json!({
            "enum": ["error", "warning", "note", "never"],
            "default": "error",
            "description": "Lowest severity that fails the run (exit code 1).",
        }),
    );
    properties.insert(
        "fail-on".into(),
        json!({
            "enum": ["error", "warning", "note", "never"],
            "deprecated": true,
            "description": "Deprecated spelling of fail_on.",
        }),
    );
    properties.insert(
        "strict".into(),
        json!({ "type": "boolean", "default": false, "description": "Report values rules needed but could not resolve (LB002)." }),
    );
    for (k, doc) in [
        ("select", "Rules to run: ids, names or id prefixes; empty runs every rule (preview rules only when named)."),
        ("ignore", "Rules not to run."),
        ("include", "Globs, relative to this file, of files to check; empty: all."),
        ("exclude", "Globs of files not to check."),
    ] {
        let mut s = strings();
        s["description"] = json!(doc);
        properties.insert(k.into(), s);
    }
    properties.insert(
        "severity".into(),
        json!({
            "type": "object",
            "additionalProperties": severity,
            "description": "Severity overrides by rule id or name.",
        }),
    );
    for (table, keys) in tables() {
        let props: Map<String, Value> = keys
            .iter()
            .map(|(id, o)| (key(o).to_string(), option_schema(id, o)))
            .collect();
        properties.insert(
            table.into(),
            json!({ "type": "object", "additionalProperties": false, "properties": props }),
        );
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_URL,
        "title": "lifeboat.toml",
        "description": "Configuration of lifeboat, the AWS backup and disaster-recovery auditor.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}
