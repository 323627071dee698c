//! Terraform values, with "unknown" as a first-class value.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;

/// Where an unknown value came from, when it is an attribute of a resource in the scan
/// (e.g. the computed `arn` of `aws_backup_vault.dr`): enough to resolve a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The resource instance address, e.g. `aws_backup_vault.dr` or `aws_s3_bucket.b["x"]`.
    pub address: String,
    /// The attribute read from it.
    pub attribute: String,
}

/// A resource instance seen as a value: its configured attributes and its address.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceValue {
    /// Instance address.
    pub address: String,
    /// Attributes and nested blocks (as lists of objects) as configured.
    pub attrs: BTreeMap<String, Value>,
}

/// A Terraform value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// A bool.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// A list, tuple or set.
    List(Vec<Value>),
    /// A map or object.
    Object(BTreeMap<String, Value>),
    /// A resource instance.
    Resource(Arc<ResourceValue>),
    /// A value known only after apply, or that we could not resolve.
    Unknown(Option<Arc<Origin>>),
}

impl Value {
    /// An unknown value with no origin.
    pub fn unknown() -> Value {
        Value::Unknown(None)
    }

    /// True when the value is unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// True when the value or anything inside it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::List(items) => items.iter().any(Value::contains_unknown),
            Value::Object(map) => map.values().any(Value::contains_unknown),
            _ => false,
        }
    }

    /// The value as a string, converting numbers and bools as Terraform does.
    pub fn as_string(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The value as a number, converting numeric strings as Terraform does.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as a bool, converting "true"/"false" strings as Terraform does.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            _ => None,
        }
    }

    /// The elements of a list, or the values of a map, as a collection.
    pub fn elements(&self) -> Option<Vec<(Value, Value)>> {
        match self {
            Value::List(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Value::Number(i as f64), v.clone()))
                    .collect(),
            ),
            Value::Object(map) => Some(
                map.iter()
                    .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                    .collect(),
            ),
            Value::Resource(r) => Some(
                r.attrs
                    .iter()
                    .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Renders the value as JSON text (for `jsonencode`); None when it holds unknowns.
    pub fn to_json(&self) -> Option<String> {
        let mut out = String::new();
        write_json(self, &mut out)?;
        Some(out)
    }

    /// Builds a value from parsed JSON (for `.tfvars.json` and `jsondecode`).
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => n.as_f64().map_or(Value::unknown(), Value::Number),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// Formats a number the way Terraform prints it (no trailing `.0` on integers).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn write_json(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&format_number(*n)),
        Value::String(s) => out.push_str(&serde_json::to_string(s).ok()?),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => write_json_object(map, out)?,
        Value::Resource(r) => write_json_object(&r.attrs, out)?,
        Value::Unknown(_) => return None,
    }
    Some(())
}

fn write_json_object(map: &BTreeMap<String, Value>, out: &mut String) -> Option<()> {
    out.push('{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}:", serde_json::to_string(k).ok()?);
        write_json(v, out)?;
    }
    out.push('}');
    Some(())
}
