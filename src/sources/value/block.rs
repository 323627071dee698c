//! Evaluated blocks: attributes with values and spans, nested blocks in order. Every
//! frontend builds these (Terraform from HCL, CloudFormation from template nodes, plans
//! from JSON) and the lowering reads them.

use std::ops::Range;

use hcl_edit::structure::Block;
use hcl_edit::Span;

use super::Value;
pub use crate::model::Span32;

/// An evaluated attribute: its value and where it is written.
#[derive(Debug, Clone)]
pub struct EvalAttr {
    /// The value.
    pub value: Value,
    /// The whole `key = value` span.
    pub span: Span32,
    /// The value expression's span.
    pub value_span: Span32,
}

/// A block's attributes by name, in name order.
pub type AttrMap = super::SortedMap<EvalAttr>;

/// An evaluated block: attributes, nested blocks (with `dynamic` expanded) and spans.
#[derive(Debug, Clone, Default)]
pub struct EvalBlock {
    /// Block type (`rule`, `lifecycle`...), inline like a map key.
    pub kind: super::Key,
    /// The whole block.
    pub span: Span32,
    /// The header (type and labels, up to the opening brace).
    pub header: Span32,
    /// Attributes by name.
    pub attrs: AttrMap,
    /// Nested blocks in order.
    pub blocks: Vec<EvalBlock>,
    /// Block types produced by a `dynamic` block over an unknown collection: more such
    /// blocks may exist.
    pub unknown_blocks: Vec<String>,
}

impl EvalBlock {
    /// Nested blocks of one type.
    pub fn blocks_of<'b>(&'b self, kind: &'b str) -> impl Iterator<Item = &'b EvalBlock> + 'b {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }

    /// Gives back the room its lists grew and do not use (they grow by doubling, from
    /// four): an evaluated resource is kept until its module is lowered.
    pub fn shrink_to_fit(&mut self) {
        self.attrs.shrink_to_fit();
        self.attrs.for_each_value_mut(|a| a.value.shrink_to_fit());
        self.blocks.shrink_to_fit();
        self.unknown_blocks.shrink_to_fit();
        for b in &mut self.blocks {
            b.shrink_to_fit();
        }
    }

    /// Moves every span `by` bytes on (a block parsed on its own counts from its start).
    pub fn shift(&mut self, by: usize) {
        self.span.shift(by);
        self.header.shift(by);
        for a in self.attrs.values_mut() {
            a.span.shift(by);
            a.value_span.shift(by);
        }
        for b in &mut self.blocks {
            b.shift(by);
        }
    }

    /// True when `dynamic` blocks of this type could not be expanded.
    pub fn has_unknown_blocks(&self, kind: &str) -> bool {
        self.unknown_blocks.iter().any(|k| k == kind)
    }

    /// The block as a Terraform object value (nested blocks become lists of objects).
    pub fn to_value(&self) -> super::ObjectMap {
        let mut map: super::ObjectMap = self
            .attrs
            .iter()
            .map(|(k, a)| (k, a.value.clone()))
            .collect();
        for b in &self.blocks {
            let entry = map.get_or_insert_with(&b.kind, || Value::List(Vec::new()));
            if let Value::List(items) = entry {
                items.push(Value::Object(b.to_value()));
            }
        }
        for k in &self.unknown_blocks {
            map.insert(k.clone(), Value::unknown());
        }
        // Held while its module is evaluated (references read it): without the room
        // collecting and inserting left.
        map.shrink_to_fit();
        map.for_each_value_mut(|v| {
            if let Value::List(items) = v {
                items.shrink_to_fit();
            }
        });
        map
    }
}

/// Moves a span `by` bytes on.
pub fn shift_span(span: &mut Range<usize>, by: usize) {
    *span = span.start + by..span.end + by;
}

/// Byte range of a block's header: from its type to its opening brace.
pub fn header_span(block: &Block, text: &str) -> Range<usize> {
    let span = block.span().unwrap_or(0..0);
    let brace = text
        .get(span.clone())
        .and_then(|s| s.find('{'))
        .map_or(span.end, |i| span.start + i);
    let end = text
        .get(span.start..brace)
        .map_or(brace, |s| span.start + s.trim_end().len());
    span.start..end
}

/// A value as an evaluated block tree (objects become blocks, lists of objects repeated
/// blocks), every part at `span`: for documents whose positions are not known (a JSON
/// string), so they can be read like written blocks.
pub fn value_block(kind: &str, value: &Value, span: &Range<usize>) -> EvalBlock {
    let mut block = EvalBlock {
        kind: kind.into(),
        span: span.clone().into(),
        header: span.clone().into(),
        ..EvalBlock::default()
    };
    if let Value::Object(map) = value {
        for (k, v) in map {
            block.attrs.insert(
                k,
                EvalAttr {
                    value: v.clone(),
                    span: span.clone().into(),
                    value_span: span.clone().into(),
                },
            );
            match v {
                Value::Object(_) => block.blocks.push(value_block(k, v, span)),
                Value::List(items) => block.blocks.extend(
                    items
                        .iter()
                        .filter(|i| matches!(i, Value::Object(_)))
                        .map(|i| value_block(k, i, span)),
                ),
                _ => {}
            }
        }
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(n: f64) -> EvalAttr {
        EvalAttr {
            value: Value::Number(n),
            span: Span32::default(),
            value_span: Span32::default(),
        }
    }

    /// Both forms keep names in order, and a name set twice keeps its last value, as the
    /// B-tree it replaces did; past the small size it moves to a B-tree and still reads.
    #[test]
    fn attr_map_orders_replaces_and_grows() {
        let mut m = AttrMap::default();
        for (i, k) in ["b", "a", "c", "a"].iter().enumerate() {
            m.insert((*k).to_string(), attr(i as f64));
        }
        let keys: Vec<&str> = m.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(
            m.get("a").map(|a| a.value.clone()),
            Some(Value::Number(3.0))
        );
        assert!(matches!(m, AttrMap::Small(_)));
        for i in (0..40).rev() {
            m.insert(format!("k{i:02}"), attr(f64::from(i)));
        }
        assert!(matches!(m, AttrMap::Large(_)));
        assert_eq!(m.len(), 43);
        assert_eq!(
            m.get("k07").map(|a| a.value.clone()),
            Some(Value::Number(7.0))
        );
        assert!(m.contains_key("b") && !m.contains_key("z"));
        let keys: Vec<&str> = m.iter().map(|(k, _)| k).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}
