//! Terraform values, with "unknown" as a first-class value.

use std::fmt::Write;
use std::sync::Arc;

/// What an unknown value is, when it can be named: an attribute of a resource of the scan
/// (`aws_backup_vault.dr` `arn`: enough to resolve a reference), an unresolved input
/// (`var.bucket_name`, `data.aws_region.current` `name`, `AWS::AccountId`), or a string
/// built around such values (`arn:aws:s3:::⟨var.env⟩-logs`). The same origin is the same
/// value: two resources that name one unresolved variable still belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The resource instance address (`aws_backup_vault.dr`, `aws_s3_bucket.b["x"]`), or
    /// the unresolved input (`var.name`, `module.label`, `AWS::Region`).
    pub address: String,
    /// The attribute read from it (`arn`, `name`, `tags.Name`); empty for the input itself.
    pub attribute: String,
    /// For a string built around unknowns: its text, with each unknown part written as
    /// its [`Origin::token`].
    pub text: Option<String>,
}

pub use crate::model::{TOKEN_CLOSE, TOKEN_OPEN};

impl Origin {
    /// An attribute of a resource or input.
    pub fn of(address: impl Into<String>, attribute: impl Into<String>) -> Origin {
        Origin {
            address: address.into(),
            attribute: attribute.into(),
            text: None,
        }
    }

    /// A string built around unknown parts, written with their tokens.
    pub fn text(text: String) -> Origin {
        Origin {
            address: String::new(),
            attribute: String::new(),
            text: Some(text),
        }
    }

    /// How the value is written inside a symbolic string: `⟨var.name⟩`,
    /// `⟨aws_s3_bucket.b.arn⟩`, or the text of a built string.
    pub fn token(&self) -> String {
        match &self.text {
            Some(t) => t.clone(),
            None if self.attribute.is_empty() => {
                format!("{TOKEN_OPEN}{}{TOKEN_CLOSE}", self.address)
            }
            None => format!(
                "{TOKEN_OPEN}{}.{}{TOKEN_CLOSE}",
                self.address, self.attribute
            ),
        }
    }

    /// The same value's attribute `name` (`var.config` → `var.config.bucket`); None for
    /// built strings, which have no attributes.
    pub fn attr(&self, name: &str) -> Option<Origin> {
        if self.text.is_some() {
            return None;
        }
        let attribute = if self.attribute.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.attribute)
        };
        Some(Origin::of(self.address.clone(), attribute))
    }
}

/// If `text` is exactly one token (`⟨aws_s3_bucket.b.id⟩`), what it names inside.
pub fn single_token(text: &str) -> Option<&str> {
    let inner = text.strip_prefix(TOKEN_OPEN)?.strip_suffix(TOKEN_CLOSE)?;
    (!inner.contains(TOKEN_OPEN)).then_some(inner)
}

/// Builds a string from literal text and values, keeping it symbolic (an unknown whose
/// origin is its text with tokens for the unknown parts) when parts are unknown but named.
#[derive(Debug, Default)]
pub struct SymbolicString {
    out: String,
    symbolic: bool,
    lost: bool,
}

impl SymbolicString {
    /// Appends literal text.
    pub fn push_str(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Appends a value; false when it is neither a string-like value nor an unknown.
    pub fn push_value(&mut self, v: &Value) -> bool {
        match v {
            Value::Unknown(Some(o)) => {
                self.symbolic = true;
                self.out.push_str(&o.token());
            }
            Value::Unknown(None) => self.lost = true,
            v => match v.as_string() {
                Some(s) => self.out.push_str(&s),
                None => return false,
            },
        }
        true
    }

    /// Marks the result unknown with no name (an unknown part without an origin).
    pub fn lose(&mut self) {
        self.lost = true;
    }

    /// The length of the text so far.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// True when nothing has been appended.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// The string, a symbolic unknown, or an unknown.
    pub fn finish(self) -> Value {
        if self.lost {
            Value::unknown()
        } else if self.symbolic {
            Value::unknown_from(Origin::text(self.out))
        } else {
            Value::String(self.out.into())
        }
    }
}

/// A resource instance seen as a value: its configured attributes and its address.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceValue {
    /// Instance address.
    pub address: String,
    /// Attributes and nested blocks (as lists of objects) as configured.
    pub attrs: ObjectMap,
}

/// An object's or map's entries, in key order.
pub type ObjectMap = super::SortedMap<Value>;

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
    String(super::Key),
    /// A list, tuple or set.
    List(Vec<Value>),
    /// A map or object.
    Object(ObjectMap),
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

    /// An unknown value that names where it comes from.
    pub fn unknown_from(origin: Origin) -> Value {
        Value::Unknown(Some(Arc::new(origin)))
    }

    /// True when the value is unknown.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    /// Gives back the room its lists and maps grew and do not use, all the way down: an
    /// object built key by key has room for four entries, and a value in an evaluated
    /// resource is kept until its module is lowered.
    pub fn shrink_to_fit(&mut self) {
        match self {
            Value::List(items) => {
                items.shrink_to_fit();
                items.iter_mut().for_each(Value::shrink_to_fit);
            }
            Value::Object(map) => {
                map.shrink_to_fit();
                map.for_each_value_mut(Value::shrink_to_fit);
            }
            _ => {}
        }
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
            Value::String(s) => Some(s.to_string()),
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
                    .map(|(k, v)| (Value::String(k.into()), v.clone()))
                    .collect(),
            ),
            Value::Resource(r) => Some(
                r.attrs
                    .iter()
                    .map(|(k, v)| (Value::String(k.into()), v.clone()))
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
            serde_json::Value::String(s) => Value::String(s.as_str().into()),
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
        Value::String(s) => out.push_str(&serde_json::to_string(s.as_str()).ok()?),
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

fn write_json_object(map: &ObjectMap, out: &mut String) -> Option<()> {
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
