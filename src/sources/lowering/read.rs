//! Reading typed, three-valued fields out of an evaluated block.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{Field, Location, SourceFile};

use crate::sources::value::{EvalAttr, EvalBlock, Value};

/// A block together with the file it is in, for building locations.
#[derive(Clone, Copy)]
pub struct At<'b> {
    /// The file.
    pub file: &'b Arc<SourceFile>,
    /// The block.
    pub block: &'b EvalBlock,
}

impl<'b> At<'b> {
    /// The same file, another block.
    pub fn with(self, block: &'b EvalBlock) -> At<'b> {
        At {
            file: self.file,
            block,
        }
    }

    /// The block's header location.
    pub fn header(&self) -> Location {
        Location::file(self.file, self.block.header.range())
    }

    /// The whole block's location.
    pub fn whole(&self) -> Location {
        Location::file(self.file, self.block.span.range())
    }

    /// The attribute, if set to a non-null value.
    pub fn attr(&self, key: &str) -> Option<&'b EvalAttr> {
        self.block.attrs.get(key).filter(|a| a.value != Value::Null)
    }

    /// The raw value of an attribute as a field; an unknown value stays `Known` here so
    /// that references (unknown values with an origin) can be resolved.
    pub fn value(&self, key: &str) -> Field<Value> {
        match self.attr(key) {
            Some(attr) => Field::Known {
                value: attr.value.clone(),
                at: Location::file(self.file, attr.span.range()),
            },
            None => Field::Absent {
                owner: self.header(),
            },
        }
    }

    /// Reads an attribute with a conversion; a value that does not convert is unknown.
    pub fn field<T>(&self, key: &str, convert: impl FnOnce(&Value) -> Option<T>) -> Field<T> {
        let Some(attr) = self.attr(key) else {
            return Field::Absent {
                owner: self.header(),
            };
        };
        let at = Location::file(self.file, attr.span.range());
        match convert(&attr.value).filter(|_| !attr.value.is_unknown()) {
            Some(value) => Field::Known { value, at },
            // A string built around unresolved values is described by its symbolic text
            // (`⟨var.env⟩-logs`), which says what it looks like.
            None => Field::Unknown {
                expr: match &attr.value {
                    Value::Unknown(Some(o)) if o.text.is_some() => o.token().into(),
                    _ => self.file.slice(&attr.value_span.range()).into(),
                },
                at,
            },
        }
    }

    /// The name an entity is found by: the known string, or the symbolic text of an
    /// unresolved but named value (`⟨var.bucket_name⟩`), so that references to the same
    /// unresolved value still find it.
    pub fn name_key(&self, key: &str) -> Option<String> {
        match &self.attr(key)?.value {
            Value::Unknown(Some(o)) => Some(o.token()),
            Value::Unknown(None) => None,
            v => v.as_string(),
        }
    }

    /// A string attribute where an empty string means "not set" (e.g. `kms_key_id = ""`).
    pub fn nonempty_string(&self, key: &str) -> Field<String> {
        match self.string(key) {
            Field::Known { value, .. } if value.is_empty() => Field::Absent {
                owner: self.header(),
            },
            f => f,
        }
    }

    /// A string attribute.
    pub fn string(&self, key: &str) -> Field<String> {
        self.field(key, Value::as_string)
    }

    /// A whole-number attribute. A number no day or minute count can be (beyond 2^53, not
    /// finite) is unknown, never clamped into a wrong value.
    pub fn int(&self, key: &str) -> Field<i64> {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        self.field(key, |v| {
            v.as_number()
                .filter(|n| n.fract() == 0.0 && n.abs() <= EXACT)
                .map(|n| n as i64)
        })
    }

    /// A lifecycle age in days. AWS Backup takes -1 as "no such transition" (keep
    /// indefinitely); what 0 means depends on the source: the Terraform provider does not
    /// send a 0, so it is unset, while AWS documents no meaning for a 0 that reaches the
    /// API, so from other sources it is unknown.
    pub fn days(&self, key: &str, zero_is_unset: bool) -> Field<i64> {
        match self.int(key) {
            Field::Known { value: -1, .. } => Field::Absent {
                owner: self.whole(),
            },
            Field::Known { value: 0, .. } if zero_is_unset => Field::Absent {
                owner: self.whole(),
            },
            Field::Known { value: 0, at } => Field::Unknown {
                at,
                expr: format!("{key}: 0 (AWS documents no meaning for 0)").into(),
            },
            f => f,
        }
    }

    /// A bool attribute.
    pub fn bool(&self, key: &str) -> Field<bool> {
        self.field(key, Value::as_bool)
    }

    /// A list-of-strings attribute.
    pub fn strings(&self, key: &str) -> Field<Vec<String>> {
        self.field(key, |v| match v {
            Value::List(items) => items.iter().map(Value::as_string).collect(),
            _ => None,
        })
    }

    /// How many elements a list attribute has (its elements may be unknown).
    pub fn len(&self, key: &str) -> Field<usize> {
        self.field(key, |v| match v {
            Value::List(items) => Some(items.len()),
            _ => None,
        })
    }

    /// A map-of-strings attribute (tags).
    pub fn string_map(&self, key: &str) -> Field<BTreeMap<String, String>> {
        self.field(key, |v| match v {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| Some((k.to_string(), v.as_string()?)))
                .collect(),
            _ => None,
        })
    }

    /// The single nested block of a type (the first one), as a field.
    pub fn block(&self, kind: &str) -> Field<&'b EvalBlock> {
        match self.block.blocks.iter().find(|b| b.kind == kind) {
            Some(b) => Field::Known {
                value: b,
                at: Location::file(self.file, b.span.range()),
            },
            None if self.block.has_unknown_blocks(kind) => Field::Unknown {
                at: self.header(),
                expr: format!("dynamic \"{kind}\"").into(),
            },
            None => Field::Absent {
                owner: self.header(),
            },
        }
    }

    /// A string from an attribute or, when absent, from a nested block's attribute
    /// (for settings that moved between attribute and block forms).
    pub fn nested_string(&self, kind: &str, key: &str) -> Field<String> {
        match self.block(kind) {
            Field::Known { value, .. } => self.with(value).string(key),
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Absent { owner },
        }
    }
}
