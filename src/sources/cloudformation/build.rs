//! Building the evaluated-block tree of a resource from its template node: nested mappings
//! become blocks, scalars and intrinsic functions become attributes (evaluated), and every
//! attribute keeps the span from its key to the end of its value.

use std::ops::Range;

use crate::sources::value::{EvalAttr, EvalBlock, Value};

use super::eval::{intrinsic, Evaluator};
use crate::sources::document::{Kind, Node};

/// Properties whose value is a document, not nested configuration.
const OPAQUE: &[&str] = &[
    "Tags",
    "EventPattern",
    "PolicyDocument",
    "KeyPolicy",
    "AccessPolicy",
    "BackupVaultTags",
    "BackupPlanTags",
    "Metadata",
];

/// Resource attributes (siblings of `Properties`) the lowering reads.
const RESOURCE_ATTRIBUTES: &[&str] = &["DeletionPolicy", "UpdateReplacePolicy"];

/// The block for one resource: its properties and resource attributes.
pub fn resource(ev: &Evaluator, key_span: &Range<usize>, node: &Node) -> EvalBlock {
    let mut out = EvalBlock {
        kind: "resource".into(),
        span: node.span.clone().into(),
        header: key_span.clone().into(),
        ..EvalBlock::default()
    };
    if let Some(props) = node.get("Properties") {
        if let Ok(Some(props)) = ev.select(props) {
            body(ev, props, &mut out);
        }
    }
    for name in RESOURCE_ATTRIBUTES {
        if let Some((_, kspan, v)) = node.entry(name) {
            if let Some(value) = ev.value(v) {
                out.attrs.insert(name.to_string(), attr(value, kspan, v));
            }
        }
    }
    out
}

fn attr(value: Value, key_span: &Range<usize>, node: &Node) -> EvalAttr {
    EvalAttr {
        value,
        span: (key_span.start..node.span.end.max(key_span.end)).into(),
        value_span: node.span.clone().into(),
    }
}

fn is_block(node: &Node) -> bool {
    matches!(node.kind, Kind::Map(_)) && intrinsic(node).is_none()
}

fn body(ev: &Evaluator, node: &Node, out: &mut EvalBlock) {
    for (key, kspan, v) in node.entries() {
        let selected = match ev.select(v) {
            Ok(None) => continue, // AWS::NoValue: the property is not set
            Ok(Some(s)) => s,
            Err(()) => {
                out.unknown_blocks.push(key.clone());
                out.attrs
                    .insert(key.clone(), attr(Value::unknown(), kspan, v));
                continue;
            }
        };
        let opaque = OPAQUE.contains(&key.as_str());
        match &selected.kind {
            _ if opaque => {}
            Kind::Map(_) if is_block(selected) => {
                out.blocks.push(block(ev, key, kspan, selected));
                continue;
            }
            Kind::Seq(items)
                if !items.is_empty()
                    && items
                        .iter()
                        .any(|i| ev.select(i).map_or(true, |s| s.is_none_or(is_block))) =>
            {
                // Items chosen by `Fn::If` (or removed by `AWS::NoValue`) resolve first.
                let selected: Vec<_> = items.iter().map(|i| ev.select(i)).collect();
                if selected
                    .iter()
                    .all(|s| s.as_ref().map_or(true, |s| s.is_none_or(is_block)))
                {
                    for item in selected {
                        match item {
                            Ok(Some(item)) => {
                                // A list item's header is its first key.
                                let header = item
                                    .entries()
                                    .first()
                                    .map_or(item.span.clone(), |(_, ks, _)| ks.clone());
                                out.blocks.push(block(ev, key, &header, item));
                            }
                            Ok(None) => {}
                            Err(()) => out.unknown_blocks.push(key.clone()),
                        }
                    }
                    continue;
                }
            }
            _ => {}
        }
        if let Some(value) = ev.value(selected) {
            out.attrs.insert(key.clone(), attr(value, kspan, selected));
        }
    }
}

fn block(ev: &Evaluator, key: &str, key_span: &Range<usize>, node: &Node) -> EvalBlock {
    let mut b = EvalBlock {
        kind: key.into(),
        span: (key_span.start..node.span.end.max(key_span.end)).into(),
        header: key_span.clone().into(),
        ..EvalBlock::default()
    };
    body(ev, node, &mut b);
    b
}
