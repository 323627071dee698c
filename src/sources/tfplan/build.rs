//! Building the evaluated-block tree the Terraform lowering reads from a plan resource's
//! JSON values, its `after_unknown` marks and its configuration expressions.

use std::ops::Range;
use std::sync::Arc;

use hcl_edit::structure::Block;
use hcl_edit::Span;
use serde_json::Value as J;

use crate::sources::value::{header_span, EvalAttr, EvalBlock, Origin, Value};

/// Where spans come from: the resource's block in a `.tf` file beside the plan, or (when
/// there is none) the resource's address in the plan file itself.
pub struct Spans<'s> {
    /// The configuration block, when found.
    pub block: Option<&'s Block>,
    /// Text of the file the block is in.
    pub text: &'s str,
    /// The span to use when nothing more precise is known.
    pub fallback: Range<usize>,
}

/// Builds the block for one resource (or nested block) from its planned values.
pub fn build(
    kind: &str,
    values: &J,
    unknown: Option<&J>,
    exprs: Option<&J>,
    spans: &Spans,
    prefix: &str,
) -> EvalBlock {
    let header = spans
        .block
        .map_or(spans.fallback.clone(), |b| header_span(b, spans.text));
    let mut out = EvalBlock {
        kind: kind.into(),
        span: spans
            .block
            .and_then(|b| b.span())
            .unwrap_or_else(|| spans.fallback.clone())
            .into(),
        header: header.clone().into(),
        ..EvalBlock::default()
    };
    let empty = serde_json::Map::new();
    let map = values.as_object().unwrap_or(&empty);
    for (k, v) in map {
        let u = unknown.and_then(|u| u.get(k));
        let e = exprs.and_then(|e| e.get(k));
        match v {
            J::Array(items) if !items.is_empty() && items.iter().all(J::is_object) => {
                for (i, item) in items.iter().enumerate() {
                    let child = Spans {
                        block: spans.block.and_then(|b| b.body.get_blocks(k).nth(i)),
                        text: spans.text,
                        fallback: header.clone(),
                    };
                    let ui = u.and_then(|u| u.get(i));
                    let ei = e.and_then(|e| e.get(i));
                    out.blocks.push(build(k, item, ui, ei, &child, prefix));
                }
            }
            _ => {
                let value = with_unknowns(Value::from_json(v), u);
                out.attrs.insert(k.clone(), attr(k, value, spans, &header));
            }
        }
    }
    // Attributes known only after apply: absent (or null) in the values, true in after_unknown.
    if let Some(J::Object(marks)) = unknown {
        for (k, mark) in marks {
            if mark != &J::Bool(true) || map.get(k).is_some_and(|v| !v.is_null()) {
                continue;
            }
            let origin = exprs.and_then(|e| e.get(k)).and_then(|e| origin(e, prefix));
            out.attrs.insert(
                k.clone(),
                attr(k, Value::Unknown(origin.map(Arc::new)), spans, &header),
            );
            out.unknown_blocks.push(k.clone());
        }
    }
    out
}

fn attr(key: &str, value: Value, spans: &Spans, header: &Range<usize>) -> EvalAttr {
    let found = spans.block.and_then(|b| b.body.get_attribute(key));
    let span = found
        .and_then(|a| a.span())
        .unwrap_or_else(|| header.clone());
    let value_span = found
        .and_then(|a| a.value.span())
        .unwrap_or_else(|| span.clone());
    EvalAttr {
        value,
        span: span.into(),
        value_span: value_span.into(),
    }
}

/// Marks the elements of a list that `after_unknown` says are unknown.
fn with_unknowns(value: Value, unknown: Option<&J>) -> Value {
    match (value, unknown) {
        (_, Some(J::Bool(true))) => Value::unknown(),
        (Value::List(items), Some(J::Array(marks))) => Value::List(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| with_unknowns(v, marks.get(i)))
                .collect(),
        ),
        (Value::Object(map), Some(J::Object(marks))) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let m = marks.get(k.as_str());
                    (k, with_unknowns(v, m))
                })
                .collect::<crate::sources::value::ObjectMap>(),
        ),
        (v, _) => v,
    }
}

/// The resource attribute an unknown value comes from, from the configuration's
/// `references` (e.g. `aws_backup_vault.dr.arn`).
fn origin(expr: &J, prefix: &str) -> Option<Origin> {
    let refs = expr.get("references")?.as_array()?;
    refs.iter().filter_map(J::as_str).find_map(|r| {
        let parts: Vec<&str> = r.splitn(3, '.').collect();
        match parts.as_slice() {
            [kind, name, attribute]
                if !matches!(
                    *kind,
                    "var" | "local" | "data" | "module" | "each" | "count" | "path" | "self"
                ) && !name.contains('[') =>
            {
                Some(Origin::of(
                    format!("{prefix}{kind}.{name}"),
                    attribute.split(['.', '[']).next().unwrap_or(attribute),
                ))
            }
            _ => None,
        }
    })
}
