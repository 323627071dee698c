//! CloudFormation: YAML and JSON templates (SAM too), evaluated with unknowns and lowered
//! into the same model as Terraform, so every rule applies unchanged.

mod build;
mod cycles;
mod eval;

use std::path::Path;
use std::sync::Arc;

use crate::model::{Dialect, Estate, Field, Location, Meta, ParseError, SourceFile};
use crate::sources::lowering::{At, Res};
use crate::sources::schema;
use crate::sources::value::EvalBlock;
use crate::sources::{display_path, InputProblem};

use crate::sources::document::{self as node, Node};
pub use eval::Inputs;

/// File names that may hold templates.
pub fn may_be_template(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json" | "template"))
}

/// Is this parsed document a CloudFormation template?
fn is_template(doc: &Node) -> bool {
    if doc.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    doc.get("Resources").is_some_and(|r| {
        r.entries().iter().any(|(_, _, v)| {
            v.get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.starts_with("AWS::"))
        })
    })
}

/// Does text that failed to parse look like a template (so the failure is worth reporting)?
fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}

/// What reading a template produced; None when the file is not a template.
pub struct Loaded {
    /// The lowered estate.
    pub estate: Estate,
    /// Problems that are not findings.
    pub problems: Vec<InputProblem>,
}

/// Reads a file; returns None when it is not a CloudFormation template.
pub fn load_template(path: &Path, inputs: &Inputs) -> Option<Loaded> {
    let display = display_path(path);
    let mut estate = Estate {
        name: crate::model::repository_name(path, &display),
        ..Estate::default()
    };
    let (text, bad_byte) = match crate::sources::read_text(path) {
        Ok(t) => t,
        Err(e) => {
            return Some(Loaded {
                estate,
                problems: vec![InputProblem::unreadable(&display, &e)],
            });
        }
    };
    let file = Arc::new(SourceFile::new(path.to_path_buf(), display, text));
    if let Some(offset) = bad_byte {
        // Binary files with a template-like name are not templates; a template with a
        // bad byte is one CloudFormation rejects.
        if !looks_like_template(&file.text) {
            return None;
        }
        estate.parse_errors.push(ParseError {
            location: Location::file(&file, offset..offset),
            message: format!("the file is not valid UTF-8 text (byte {offset})"),
        });
        return Some(Loaded {
            estate,
            problems: Vec::new(),
        });
    }
    let json =
        path.extension().is_some_and(|e| e == "json") || file.text.trim_start().starts_with('{');
    let parsed = if json {
        node::parse_json(&file.text).map(|(doc, problems)| (vec![doc], problems))
    } else {
        node::parse_yaml(&file.text)
    };
    let (docs, mut problems) = match parsed {
        Ok(ok) => ok,
        Err(p) => {
            if !looks_like_template(&file.text) {
                return None;
            }
            estate.parse_errors.push(ParseError {
                location: Location::file(&file, p.at),
                message: p.message,
            });
            return Some(Loaded {
                estate,
                problems: Vec::new(),
            });
        }
    };
    // Every document is read: a template in any of them makes this a template file, and
    // CloudFormation takes a template from a single-document file only.
    let found = docs.iter().position(is_template)?;
    if docs.len() > 1 {
        let second = &docs[1];
        problems.push(node::Problem {
            at: second.span.start..second.span.start,
            message: format!(
                "the file holds {} YAML documents: CloudFormation reads a template from a single document and rejects this file",
                docs.len()
            ),
        });
    }
    let doc = &docs[found];
    problems.extend(cycles::problems(doc));
    for p in problems {
        estate.parse_errors.push(ParseError {
            location: Location::file(&file, p.at),
            message: p.message,
        });
    }
    if !json {
        estate
            .suppressions
            .extend(crate::suppress::scan(&file, crate::suppress::Syntax::Yaml));
    }
    estate
        .suppressions
        .extend(metadata_suppressions(doc, &file));
    let ev = eval::Evaluator::new(doc, inputs);
    let region = match &inputs.region {
        Some(r) => Field::Known {
            value: r.clone(),
            at: Location::synthetic("--region"),
        },
        None => Field::Unknown {
            at: Location::file(&file, 0..0),
            expr: "AWS::Region (pass --region)".into(),
        },
    };
    let mut blocks: Vec<(String, String, EvalBlock, Field<bool>)> = Vec::new();
    let mut touched: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (logical_id, key_span, res) in doc.get("Resources").map_or(&[][..], Node::entries) {
        let Some(kind) = res.get("Type").and_then(Node::as_str) else {
            continue;
        };
        // A resource whose condition is false does not exist; an unknown one may.
        let mut exists = Field::Known {
            value: true,
            at: Location::file(&file, key_span.clone()),
        };
        if let Some((_, cspan, cnode)) = res.entry("Condition") {
            let cond = cnode.as_str().unwrap_or_default();
            match ev.condition(cond) {
                Some(false) => continue,
                Some(true) => {}
                None => {
                    exists = Field::Unknown {
                        at: Location::file(&file, cspan.start..cnode.span.end.max(cspan.end)),
                        expr: format!("Condition: {cond}").into(),
                    }
                }
            }
        }
        // A custom resource that is handed a resource may change it after creation (a
        // Lambda that turns snapshots on, say): its settings are then not the template's.
        if kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource" {
            if let Some(props) = res.get("Properties") {
                for id in cycles::referenced(props) {
                    touched.entry(id).or_insert_with(|| logical_id.clone());
                }
            }
        }
        if !kind.starts_with("AWS::") {
            estate.resource_count += 1; // SAM, modules and third-party types: counted, not read
            continue;
        }
        blocks.push((
            logical_id.clone(),
            kind.to_string(),
            build::resource(&ev, key_span, res),
            exists,
        ));
    }
    let mut resources = Vec::new();
    for (logical_id, kind, block, exists) in &blocks {
        let at = At { file: &file, block };
        let meta = Meta::from(crate::model::MetaData {
            address: logical_id.as_str().into(),
            location: at.header(),
            region: region.clone(),
            account: match &inputs.account {
                Some(a) => Field::Known {
                    value: a.clone(),
                    at: Location::synthetic("--account"),
                },
                None => Field::Unknown {
                    at: at.header(),
                    expr: "AWS::AccountId (pass --account)".into(),
                },
            },
            provider: file.display.as_str().into(),
            credentials: file.display.as_str().into(),
            region_from_provider: true,
            tags: schema::tags(&at, "Tags").map(crate::model::tags),
            exists: exists.clone(),
            dialect: Dialect(schema::setting_name),
            removal: Some(crate::model::Removal::Template(Box::new(
                crate::model::StackPolicies {
                    deletion_policy: at.string("DeletionPolicy"),
                    update_replace_policy: at.string("UpdateReplacePolicy"),
                },
            ))),
        });
        resources.push(Res { kind, at, meta });
    }
    estate.resource_count += resources.len();
    schema::lower(&resources, &mut estate);
    for d in &mut estate.databases {
        if let Some(custom) = touched.get(&*d.meta.address) {
            d.backup_retention_period = Field::Unknown {
                at: d.meta.location.clone(),
                expr: format!("the custom resource {custom}, which may change it after creation")
                    .into(),
            };
        }
    }
    // `${AWS::AccountId}` in an ARN is the stack's own account.
    let stack_account = std::collections::HashMap::from([(
        format!(
            "{}AWS::AccountId{}",
            crate::model::TOKEN_OPEN,
            crate::model::TOKEN_CLOSE
        ),
        crate::model::credentials_account(&file.display),
    )]);
    crate::sources::lowering::name_accounts(&mut estate, &stack_account);
    Some(Loaded {
        estate,
        problems: Vec::new(),
    })
}

/// `Metadata: {lifeboat: {ignore: [{rule: LB104, reason: ...}]}}` on a resource covers the
/// whole resource.
fn metadata_suppressions(doc: &Node, file: &Arc<SourceFile>) -> Vec<crate::model::Suppression> {
    let mut out = Vec::new();
    for (_, key_span, res) in doc.get("Resources").map_or(&[][..], Node::entries) {
        let Some((_, _, ignore)) = res
            .get("Metadata")
            .and_then(|m| m.get("lifeboat"))
            .and_then(|l| l.entry("ignore"))
        else {
            continue;
        };
        let items: Vec<&Node> = match &ignore.kind {
            node::Kind::Seq(items) => items.iter().collect(),
            _ => vec![ignore],
        };
        for item in items {
            let rules: Vec<String> = match item
                .get("rule")
                .or_else(|| item.get("rules"))
                .map(|r| &r.kind)
            {
                Some(node::Kind::Str(s)) => vec![s.clone()],
                Some(node::Kind::Seq(v)) => v
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect(),
                _ => continue,
            };
            let reason = item
                .get("reason")
                .and_then(Node::as_str)
                .map(str::trim)
                .filter(|r| !r.is_empty());
            out.push(crate::model::Suppression {
                rules,
                reason: reason.map(str::to_string),
                at: Location::file(file, item.span.clone()),
                scope: Location::file(file, key_span.start..res.span.end.max(key_span.end)),
            });
        }
    }
    out
}

/// Largest `--parameters-file` read (CloudFormation itself takes at most 200 parameters).
const MAX_PARAMETERS_BYTES: u64 = 16 << 20;

/// Reads `--parameters-file`: the CLI's `[{"ParameterKey", "ParameterValue"}]` list or a
/// `{"Parameters": {...}}` object.
pub fn read_parameters_file(path: &Path) -> Result<Vec<(String, String)>, InputProblem> {
    let display = display_path(path);
    let text = crate::sources::read_limited_text(path, MAX_PARAMETERS_BYTES)
        .map_err(|e| InputProblem::unreadable(&display, &e))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| InputProblem::invalid(&display, &format!("invalid JSON: {e}")))?;
    let text_of = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    };
    let pairs: Option<Vec<(String, String)>> = match &json {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| {
                Some((
                    i["ParameterKey"].as_str()?.to_string(),
                    text_of(&i["ParameterValue"])?,
                ))
            })
            .collect(),
        serde_json::Value::Object(o) => o.get("Parameters").and_then(|p| p.as_object()).map(|p| {
            p.iter()
                .filter_map(|(k, v)| Some((k.clone(), text_of(v)?)))
                .collect()
        }),
        _ => None,
    };
    pairs.ok_or_else(|| {
        InputProblem::invalid(&display, "expected [{\"ParameterKey\": ..., \"ParameterValue\": ...}] or {\"Parameters\": {...}}")
    })
}
