//! Encodings: base64, JSON and YAML, both ways.

use super::{fits, known, Args, Stop, MAX_RESULT_BYTES, R};
use crate::sources::document::{self, Kind, Node};
use crate::sources::value::{format_number, Value};

/// Evaluates an encoding function; None when `name` is not one.
pub(super) fn apply(name: &str, a: &mut Args) -> R<Option<Value>> {
    let v = match name {
        "base64encode" => {
            let text = a.string()?;
            fits(text.len().div_ceil(3).saturating_mul(4))?;
            Value::String(base64_encode(text.as_bytes()).into())
        }
        "base64decode" => {
            let bytes = base64_decode(&a.string()?).ok_or(Stop::Fail)?;
            Value::String(String::from_utf8(bytes).map_err(|_| Stop::Fail)?.into())
        }
        "jsonencode" => {
            let v = known(a.next()?)?;
            fits(encoded_len_within(&v, MAX_RESULT_BYTES))?;
            Value::String(v.to_json().ok_or(Stop::Fail)?.into())
        }
        "jsondecode" => {
            let text = a.string()?;
            Value::from_json(&serde_json::from_str(&text).map_err(|_| Stop::Fail)?)
        }
        "yamlencode" => {
            let v = known(a.next()?)?;
            fits(encoded_len_within(&v, MAX_RESULT_BYTES))?;
            let mut out = String::new();
            yaml(&v, 0, &mut out);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            Value::String(out.into())
        }
        "yamldecode" => {
            let text = a.string()?;
            let (docs, problems) = document::parse_yaml(&text).map_err(|_| Stop::Fail)?;
            if !problems.is_empty() {
                return Err(Stop::Fail);
            }
            // Terraform decodes exactly one document.
            match docs.as_slice() {
                [] => Value::Null,
                [doc] => from_node(doc)?,
                _ => return Err(Stop::Fail),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}

/// About how long a value's JSON or YAML text is (its strings and keys, and a few bytes
/// for each element and its punctuation), counted until it passes `limit` (a value of many
/// references to one large shared string is measured without being written).
fn encoded_len_within(v: &Value, limit: usize) -> usize {
    let mut len = 0usize;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        len = len.saturating_add(match v {
            Value::String(s) => s.len() + 2,
            Value::List(items) => {
                stack.extend(items.iter());
                2 + items.len()
            }
            Value::Object(map) => {
                stack.extend(map.values());
                2 + map.keys().map(|k| k.len() + 4).sum::<usize>()
            }
            _ => 8,
        });
        if len > limit {
            break;
        }
    }
    len
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(super) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 (padding optional); None when the text is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// Writes YAML the way Terraform's `yamlencode` lays it out: block style, keys and
/// strings double-quoted, list items at their key's indentation.
fn yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) if !map.is_empty() => object_yaml(map, indent, out),
        Value::Resource(r) if !r.attrs.is_empty() => object_yaml(&r.attrs, indent, out),
        Value::List(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => object_yaml(m, indent + 2, out),
                    Value::List(l) if !l.is_empty() => yaml(item, indent + 2, out),
                    _ => {
                        out.push_str(&scalar(item));
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn object_yaml(map: &crate::sources::value::ObjectMap, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(&pad);
        }
        out.push_str(&serde_json::to_string(k).unwrap_or_default());
        out.push(':');
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push('\n');
                out.push_str(&" ".repeat(indent + 2));
                object_yaml(m, indent + 2, out);
            }
            Value::List(l) if !l.is_empty() => {
                out.push('\n');
                out.push_str(&pad);
                yaml(v, indent, out);
            }
            _ => {
                out.push(' ');
                out.push_str(&scalar(v));
                out.push('\n');
            }
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format_number(*n),
        Value::String(s) => serde_json::to_string(s.as_str()).unwrap_or_default(),
        Value::List(_) => "[]".into(),
        _ => "{}".into(),
    }
}

/// A decoded YAML document as a value (tags other than the core schema's are errors, as
/// in Terraform).
fn from_node(n: &Node) -> R<Value> {
    Ok(match &n.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(x) => Value::Number(*x),
        Kind::Str(s) => Value::String(s.as_str().into()),
        Kind::Seq(items) => Value::List(items.iter().map(from_node).collect::<R<_>>()?),
        Kind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, _, v)| Ok((k.clone(), from_node(v)?)))
                .collect::<R<_>>()?,
        ),
        Kind::Tagged(..) => return Err(Stop::Fail),
    })
}
