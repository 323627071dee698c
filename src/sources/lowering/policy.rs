//! Reading access policies into the model: JSON documents (a string, `jsonencode(...)`,
//! a template's `AccessPolicy` object) and Terraform `aws_iam_policy_document` blocks.

use crate::model::{AccessPolicy, Field, Location, Narrowing, PolicyStatement, Principals};
use crate::sources::value::{EvalBlock, Value};

use super::At;

/// Condition keys that name the calling principal: a negated condition on one of them
/// exempts an allowed set of callers.
const PRINCIPAL_KEYS: &[&str] = &[
    "aws:principalarn",
    "aws:userid",
    "aws:username",
    "aws:principalaccount",
    "aws:sourcearn",
];

/// Negated operators: the statement applies to every caller but the listed ones.
fn negated(op: &str) -> bool {
    let op = op.to_ascii_lowercase();
    let op = op.strip_suffix("ifexists").unwrap_or(&op);
    let op = op
        .strip_prefix("forallvalues:")
        .or_else(|| op.strip_prefix("foranyvalue:"))
        .unwrap_or(op);
    matches!(
        op,
        "stringnotequals"
            | "stringnotlike"
            | "arnnotequals"
            | "arnnotlike"
            | "stringnotequalsignorecase"
    )
}

fn narrowing<'a>(conditions: impl Iterator<Item = (&'a str, &'a str)>) -> Narrowing {
    let mut out = Narrowing::None;
    for (op, key) in conditions {
        if negated(op) && PRINCIPAL_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
            out = Narrowing::ExceptPrincipals;
        } else {
            return Narrowing::Other;
        }
    }
    out
}

/// A string or a list of strings; None when unresolved.
fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::List(items) => items.iter().map(Value::as_string).collect(),
        Value::Unknown(_) => None,
        v => v.as_string().map(|s| vec![s]),
    }
}

fn principals(v: &Value) -> Principals {
    match v {
        Value::String(s) if s == "*" => Principals::Everyone,
        Value::Object(m) => {
            let mut ids = Vec::new();
            for v in m.values() {
                match strings(v) {
                    Some(list) if list.iter().any(|s| s == "*") => return Principals::Everyone,
                    Some(list) => ids.extend(list),
                    None => return Principals::Unknown,
                }
            }
            Principals::Only(ids)
        }
        _ => Principals::Unknown,
    }
}

/// One statement of a JSON policy.
fn json_statement(v: &Value, at: &Location) -> PolicyStatement {
    let get = |k: &str| match v {
        Value::Object(m) => m.get(k),
        _ => None,
    };
    let principals = match (get("Principal"), get("NotPrincipal")) {
        (Some(p), None) => principals(p),
        (None, Some(np)) => match principals(np) {
            Principals::Only(ids) => Principals::AllBut(ids),
            _ => Principals::Unknown,
        },
        // No principal in a resource policy is invalid; nothing can be told.
        _ => Principals::Unknown,
    };
    let conditions: Vec<(String, String)> = match get("Condition") {
        None => Vec::new(),
        Some(Value::Object(ops)) => ops
            .iter()
            .flat_map(|(op, keys)| match keys {
                Value::Object(k) => k.keys().map(|k| (op.to_string(), k.to_string())).collect(),
                _ => vec![(op.to_string(), String::new())],
            })
            .collect(),
        Some(_) => vec![(String::new(), String::new())],
    };
    PolicyStatement {
        location: at.clone(),
        deny: get("Effect")
            .and_then(Value::as_string)
            .map(|e| e.eq_ignore_ascii_case("Deny")),
        principals,
        actions: get("Action").map_or(Some(Vec::new()), strings),
        not_actions: get("NotAction").map_or(Some(Vec::new()), strings),
        narrowing: narrowing(conditions.iter().map(|(o, k)| (o.as_str(), k.as_str()))),
    }
}

/// A JSON policy document: an object, or a string holding one.
pub fn from_value(value: &Value, at: Location) -> Field<AccessPolicy> {
    let doc = match value {
        Value::String(s) => match serde_json::from_str::<serde_json::Value>(s) {
            Ok(json) => Value::from_json(&json),
            Err(_) => {
                return Field::Unknown {
                    at,
                    expr: "an access policy that is not valid JSON".into(),
                }
            }
        },
        Value::Object(_) => value.clone(),
        _ => {
            return Field::Unknown {
                at,
                expr: "the access policy".into(),
            }
        }
    };
    let statements = match &doc {
        Value::Object(m) => m.get("Statement"),
        _ => None,
    };
    let (statements, complete) = match statements {
        Some(Value::List(items)) => (items.clone(), true),
        Some(one @ Value::Object(_)) => (vec![one.clone()], true),
        Some(_) => (Vec::new(), false),
        None => (Vec::new(), true),
    };
    Field::Known {
        value: AccessPolicy {
            location: at.clone(),
            complete: complete && statements.iter().all(|s| !matches!(s, Value::Unknown(_))),
            statements: statements.iter().map(|s| json_statement(s, &at)).collect(),
        },
        at,
    }
}

/// A `data "aws_iam_policy_document"` block's statements.
pub fn from_document(doc: At) -> AccessPolicy {
    let block: &EvalBlock = doc.block;
    let statements = block
        .blocks_of("statement")
        .map(|s| {
            let st = doc.with(s);
            let list = |k: &str| match st.value(k) {
                Field::Known { value, .. } => strings(&value),
                Field::Absent { .. } => Some(Vec::new()),
                Field::Unknown { .. } => None,
            };
            let principal_blocks = |kind: &str| -> Option<Principals> {
                let mut any = false;
                let mut ids = Vec::new();
                for p in s.blocks_of(kind) {
                    any = true;
                    let pb = st.with(p);
                    match pb.value("identifiers") {
                        Field::Known { value, .. } => match strings(&value) {
                            Some(l) if l.iter().any(|i| i == "*") => {
                                return Some(Principals::Everyone)
                            }
                            Some(l) => ids.extend(l),
                            None => return Some(Principals::Unknown),
                        },
                        _ => return Some(Principals::Unknown),
                    }
                }
                any.then_some(Principals::Only(ids))
            };
            let principals = match (
                principal_blocks("principals"),
                principal_blocks("not_principals"),
            ) {
                (Some(p), None) => p,
                (None, Some(Principals::Only(ids))) => Principals::AllBut(ids),
                _ => Principals::Unknown,
            };
            let conditions: Vec<(String, String)> = s
                .blocks_of("condition")
                .map(|c| {
                    let cb = st.with(c);
                    (
                        cb.string("test").known().cloned().unwrap_or_default(),
                        cb.string("variable").known().cloned().unwrap_or_default(),
                    )
                })
                .collect();
            PolicyStatement {
                location: st.whole(),
                // The provider's default effect is Allow.
                deny: match st.string("effect") {
                    Field::Known { value, .. } => Some(value.eq_ignore_ascii_case("Deny")),
                    Field::Absent { .. } => Some(false),
                    Field::Unknown { .. } => None,
                },
                principals,
                actions: list("actions"),
                not_actions: list("not_actions"),
                narrowing: narrowing(conditions.iter().map(|(o, k)| (o.as_str(), k.as_str()))),
            }
        })
        .collect();
    AccessPolicy {
        location: doc.whole(),
        statements,
        complete: !block.has_unknown_blocks("statement"),
    }
}
