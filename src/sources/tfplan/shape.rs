//! The shape of a `terraform show -json` plan, checked before anything is read from it: a
//! plan of an unsupported format version, or with a node of the wrong type where lifeboat
//! reads, is an LB001 naming the JSON pointer of the first wrong node, never a quiet
//! "no findings".

use std::ops::Range;

use serde_json::Value as J;

/// Nested blocks the lowering reads from planned values: in plan JSON they are lists of
/// objects, so an object (or anything else) there is a malformed plan.
const BLOCKS: &[&str] = &[
    "rule",
    "lifecycle",
    "copy_action",
    "selection_tag",
    "condition",
    "string_equals",
    "string_like",
    "string_not_equals",
    "string_not_like",
    "point_in_time_recovery",
    "versioning",
    "versioning_configuration",
    "replication_configuration",
    "rules",
    "destination",
    "filter",
    "delete_marker_replication",
    "source_selection_criteria",
    "sse_kms_encrypted_objects",
    "encryption_configuration",
    "object_lock_configuration",
    "server_side_encryption_configuration",
    "apply_server_side_encryption_by_default",
    "restore_to_point_in_time",
    "metric_query",
    "replica",
];

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The first wrong node (its JSON pointer and what is wrong), if any.
pub fn check(plan: &J) -> Result<(), (String, String)> {
    let obj = plan
        .as_object()
        .ok_or_else(|| (String::new(), "the plan is not a JSON object".to_string()))?;
    match obj.get("format_version").and_then(J::as_str) {
        Some(v) if v.split('.').next() == Some("1") => {}
        Some(v) => {
            return Err((
                "/format_version".into(),
                format!("format_version {v:?} is not supported (lifeboat reads 1.x)"),
            ))
        }
        None => return Err(("/format_version".into(), "no format_version string".into())),
    }
    for key in ["planned_values", "configuration", "prior_state"] {
        if let Some(v) = obj.get(key) {
            if !v.is_object() {
                return Err((format!("/{key}"), format!("{key} is not an object")));
            }
        }
    }
    if let Some(v) = obj.get("resource_changes") {
        if !v.is_array() {
            return Err((
                "/resource_changes".into(),
                "resource_changes is not a list".into(),
            ));
        }
    }
    if let Some(root) = plan.pointer("/planned_values/root_module") {
        module(root, "/planned_values/root_module".into())?;
    }
    Ok(())
}

fn module(m: &J, at: String) -> Result<(), (String, String)> {
    let obj = m
        .as_object()
        .ok_or_else(|| (at.clone(), "a module is not an object".to_string()))?;
    if let Some(rs) = obj.get("resources") {
        let list = rs
            .as_array()
            .ok_or_else(|| (format!("{at}/resources"), "resources is not a list".into()))?;
        for (i, r) in list.iter().enumerate() {
            let here = format!("{at}/resources/{i}");
            let r = r
                .as_object()
                .ok_or_else(|| (here.clone(), "a resource is not an object".to_string()))?;
            for key in ["address", "type", "name"] {
                if !r.get(key).is_some_and(J::is_string) {
                    return Err((
                        format!("{here}/{key}"),
                        format!("a resource has no {key} string"),
                    ));
                }
            }
            if let Some(values) = r.get("values") {
                blocks(values, format!("{here}/values"))?;
            }
        }
    }
    if let Some(children) = obj.get("child_modules") {
        let list = children.as_array().ok_or_else(|| {
            (
                format!("{at}/child_modules"),
                "child_modules is not a list".into(),
            )
        })?;
        for (i, c) in list.iter().enumerate() {
            module(c, format!("{at}/child_modules/{i}"))?;
        }
    }
    Ok(())
}

/// Nested blocks are lists of objects, all the way down.
fn blocks(values: &J, at: String) -> Result<(), (String, String)> {
    let Some(obj) = values.as_object() else {
        return Err((at, "a resource's values are not an object".into()));
    };
    for (k, v) in obj {
        let here = format!("{at}/{}", escape(k));
        if BLOCKS.contains(&k.as_str()) {
            match v {
                J::Null => {}
                J::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if item.is_object() {
                            blocks(item, format!("{here}/{i}"))?;
                        } else if !item.is_null() {
                            return Err((
                                format!("{here}/{i}"),
                                format!("a {k} block is not an object"),
                            ));
                        }
                    }
                }
                _ => return Err((here, format!("{k} is not a list of blocks"))),
            }
        }
    }
    Ok(())
}

/// Where a pointer's last key is written in the text, as near as a search finds it.
pub fn offset(text: &str, pointer: &str) -> Range<usize> {
    let key = pointer
        .rsplit('/')
        .find(|p| !p.is_empty() && p.parse::<usize>().is_err())
        .unwrap_or("");
    let quoted = format!("\"{}\"", key.replace("~1", "/").replace("~0", "~"));
    match text.find(&quoted) {
        Some(i) if !key.is_empty() => i..i + quoted.len(),
        _ => 0..0,
    }
}
