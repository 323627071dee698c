//! Evaluated blocks: attributes with values and spans, nested blocks in order. Every
//! frontend builds these (Terraform from HCL, CloudFormation from template nodes, plans
//! from JSON) and the lowering reads them.

use std::collections::BTreeMap;
use std::ops::Range;

use hcl_edit::structure::Block;
use hcl_edit::Span;

use super::Value;

/// An evaluated attribute: its value and where it is written.
#[derive(Debug, Clone)]
pub struct EvalAttr {
    /// The value.
    pub value: Value,
    /// The whole `key = value` span.
    pub span: Range<usize>,
    /// The value expression's span.
    pub value_span: Range<usize>,
}

/// A block's attributes by name, in name order. Blocks have a handful of attributes; a
/// sorted vector holds them in a fraction of a B-tree's memory (whose every node has room
/// for eleven), which mattered with hundreds of thousands of blocks. A block with many
/// attributes (a generated one) moves to a B-tree, so inserting stays logarithmic.
#[derive(Debug, Clone)]
pub enum AttrMap {
    /// Up to [`SMALL_ATTRS`] attributes, sorted by name.
    Small(Vec<(String, EvalAttr)>),
    /// More.
    Large(BTreeMap<String, EvalAttr>),
}

/// Most attributes an [`AttrMap`] keeps in a sorted vector.
const SMALL_ATTRS: usize = 16;

impl Default for AttrMap {
    fn default() -> Self {
        AttrMap::Small(Vec::new())
    }
}

impl AttrMap {
    /// The attribute of a name.
    pub fn get(&self, key: &str) -> Option<&EvalAttr> {
        match self {
            AttrMap::Small(v) => {
                let i = v.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
                Some(&v[i].1)
            }
            AttrMap::Large(m) => m.get(key),
        }
    }

    /// True when the name is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets an attribute, replacing one of the same name.
    pub fn insert(&mut self, key: String, attr: EvalAttr) {
        match self {
            AttrMap::Small(v) => match v.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
                Ok(i) => v[i].1 = attr,
                Err(_) if v.len() >= SMALL_ATTRS => {
                    let mut m: BTreeMap<String, EvalAttr> = std::mem::take(v).into_iter().collect();
                    m.insert(key, attr);
                    *self = AttrMap::Large(m);
                }
                Err(i) => v.insert(i, (key, attr)),
            },
            AttrMap::Large(m) => {
                m.insert(key, attr);
            }
        }
    }

    /// The attributes in name order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (&String, &EvalAttr)> + '_> {
        match self {
            AttrMap::Small(v) => Box::new(v.iter().map(|(k, a)| (k, a))),
            AttrMap::Large(m) => Box::new(m.iter()),
        }
    }

    /// How many attributes are set.
    pub fn len(&self) -> usize {
        match self {
            AttrMap::Small(v) => v.len(),
            AttrMap::Large(m) => m.len(),
        }
    }

    /// True when none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Gives back the room no attribute takes.
    fn shrink_to_fit(&mut self) {
        if let AttrMap::Small(v) = self {
            v.shrink_to_fit();
        }
    }

    /// The attributes, to change.
    fn values_mut(&mut self) -> Box<dyn Iterator<Item = &mut EvalAttr> + '_> {
        match self {
            AttrMap::Small(v) => Box::new(v.iter_mut().map(|(_, a)| a)),
            AttrMap::Large(m) => Box::new(m.values_mut()),
        }
    }
}

impl FromIterator<(String, EvalAttr)> for AttrMap {
    fn from_iter<I: IntoIterator<Item = (String, EvalAttr)>>(iter: I) -> Self {
        let mut map = AttrMap::default();
        for (k, a) in iter {
            map.insert(k, a);
        }
        map
    }
}

/// An evaluated block: attributes, nested blocks (with `dynamic` expanded) and spans.
#[derive(Debug, Clone, Default)]
pub struct EvalBlock {
    /// Block type (`rule`, `lifecycle`...).
    pub kind: String,
    /// The whole block.
    pub span: Range<usize>,
    /// The header (type and labels, up to the opening brace).
    pub header: Range<usize>,
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
        self.blocks.shrink_to_fit();
        self.unknown_blocks.shrink_to_fit();
        for b in &mut self.blocks {
            b.shrink_to_fit();
        }
    }

    /// Moves every span `by` bytes on (a block parsed on its own counts from its start).
    pub fn shift(&mut self, by: usize) {
        shift_span(&mut self.span, by);
        shift_span(&mut self.header, by);
        for a in self.attrs.values_mut() {
            shift_span(&mut a.span, by);
            shift_span(&mut a.value_span, by);
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
    pub fn to_value(&self) -> BTreeMap<String, Value> {
        let mut map: BTreeMap<String, Value> = self
            .attrs
            .iter()
            .map(|(k, a)| (k.clone(), a.value.clone()))
            .collect();
        for b in &self.blocks {
            let entry = map
                .entry(b.kind.clone())
                .or_insert_with(|| Value::List(Vec::new()));
            if let Value::List(items) = entry {
                items.push(Value::Object(b.to_value()));
            }
        }
        for k in &self.unknown_blocks {
            map.insert(k.clone(), Value::unknown());
        }
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
        kind: kind.to_string(),
        span: span.clone(),
        header: span.clone(),
        ..EvalBlock::default()
    };
    if let Value::Object(map) = value {
        for (k, v) in map {
            block.attrs.insert(
                k.clone(),
                EvalAttr {
                    value: v.clone(),
                    span: span.clone(),
                    value_span: span.clone(),
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
            span: 0..0,
            value_span: 0..0,
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
        let keys: Vec<&String> = m.iter().map(|(k, _)| k).collect();
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
        let keys: Vec<&String> = m.iter().map(|(k, _)| k).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}
