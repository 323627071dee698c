//! Resource instances: `count` and `for_each` expansion, `dynamic` blocks, and the
//! evaluated attribute tree (with spans) that lowering reads.

use std::sync::Arc;

use std::ops::Range;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;

use super::budget::BLOCK;
use super::eval::{Evaluator, Scope, MAX_COLLECTION};
use crate::sources::value::{header_span, shift_span, EvalAttr, EvalBlock, ResourceValue, Value};

/// How a resource expands into instances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
    /// No `count` or `for_each`.
    Single,
    /// `count`.
    Count,
    /// `for_each`.
    ForEach,
    /// `count` or `for_each` over an unknown value: one stand-in instance whose existence
    /// and keys are unknown.
    Unknown,
}

/// One instance key of an expanded block.
pub struct Keyed {
    /// `count.index` or `each.key` (null for a single instance, unknown when unknown).
    pub key: Value,
    /// The address suffix.
    pub suffix: String,
    /// Names bound inside the instance (`count`, `each`).
    pub vars: Vec<(String, Value)>,
}

impl Keyed {
    /// The one stand-in instance of a block whose `count` or `for_each` is unknown.
    fn unknown(name: &str, binding: Value) -> (Expansion, Vec<Keyed>) {
        let stand_in = Keyed {
            key: Value::unknown(),
            suffix: "[?]".into(),
            vars: vec![(name.to_string(), binding)],
        };
        (Expansion::Unknown, vec![stand_in])
    }
}

/// One instance of a resource.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Address, e.g. `aws_s3_bucket.b["logs"]`.
    pub address: String,
    /// The evaluated body.
    pub body: EvalBlock,
    /// The instance as a value, made when a reference first reads it: most resources are
    /// never referenced, and the value repeats every attribute of the body.
    value: std::sync::OnceLock<Arc<ResourceValue>>,
}

impl Instance {
    /// An instance at an address with its evaluated body.
    pub fn new(address: String, body: EvalBlock) -> Instance {
        Instance {
            address,
            body,
            value: std::sync::OnceLock::new(),
        }
    }

    /// The instance as a value (for references).
    pub fn value(&self) -> Value {
        Value::Resource(Arc::clone(self.value.get_or_init(|| {
            Arc::new(ResourceValue {
                address: self.address.clone(),
                attrs: self.body.to_value(),
            })
        })))
    }
}

/// All instances of one resource block.
#[derive(Debug, Clone)]
pub struct ResourceEval {
    /// How it expanded.
    pub expansion: Expansion,
    /// Instances with their keys (`count.index` or `each.key`).
    pub instances: Vec<(Value, Instance)>,
    /// What lowering needs of the block itself, read while its syntax tree was at hand.
    pub facts: BlockFacts,
}

/// What lowering reads of a resource block besides its evaluated instances.
#[derive(Debug, Clone, Default)]
pub struct BlockFacts {
    /// The provider it uses (`aws`, `aws.dr`).
    pub provider_key: crate::sources::value::Key,
    /// Its `provider` argument's span, if written.
    pub provider_span: Option<Range<usize>>,
    /// Its `count` or `for_each` argument's span, and the argument as written.
    pub repeat: Option<(Range<usize>, String)>,
}

/// A block's `count` or `for_each` argument: its span, and the argument as written.
pub fn repeat_of(body: &Body, text: &str) -> Option<(Range<usize>, String)> {
    let a = body
        .get_attribute("count")
        .or_else(|| body.get_attribute("for_each"))?;
    let written = text
        .get(a.value.span().unwrap_or(0..0))
        .unwrap_or("")
        .trim();
    Some((
        a.span().unwrap_or(0..0),
        format!("{} = {written}", a.key.as_str()),
    ))
}

impl ResourceEval {
    /// Moves every span `by` bytes on: a block parsed on its own counts from its start.
    fn shift(&mut self, by: usize) {
        for (_, i) in &mut self.instances {
            i.body.shift(by);
        }
        if let Some(s) = &mut self.facts.provider_span {
            shift_span(s, by);
        }
        if let Some((s, _)) = &mut self.facts.repeat {
            shift_span(s, by);
        }
    }

    /// The stand-in for a resource that (indirectly) references itself.
    pub fn cyclic() -> Self {
        ResourceEval {
            expansion: Expansion::Unknown,
            instances: Vec::new(),
            facts: BlockFacts::default(),
        }
    }

    /// The resource as a value: one instance, a list (count) or a map (for_each).
    pub fn value(&self) -> Value {
        match self.expansion {
            Expansion::Single => self
                .instances
                .first()
                .map_or(Value::unknown(), |(_, i)| i.value()),
            Expansion::Count => {
                Value::List(self.instances.iter().map(|(_, i)| i.value()).collect())
            }
            Expansion::ForEach => Value::Object(
                self.instances
                    .iter()
                    .filter_map(|(k, i)| Some((k.as_string()?, i.value())))
                    .collect(),
            ),
            Expansion::Unknown => Value::unknown(),
        }
    }
}

impl<'a> Evaluator<'a> {
    /// The instances a block with `count` or `for_each` expands into: each instance's key,
    /// address suffix (`[0]`, `["a"]`, `` or `[?]`) and the names it binds (`count`, `each`).
    pub(super) fn instance_keys(&self, body: &Body) -> (Expansion, Vec<Keyed>) {
        let root = Scope::root();
        if let Some(count) = body.get_attribute("count") {
            let n = self.eval(&count.value, &root).as_number();
            let Some(n) = n.filter(|n| {
                *n >= 0.0 && *n <= MAX_COLLECTION as f64 && self.budget.spend(*n as u64 * BLOCK)
            }) else {
                return Keyed::unknown("count", obj([("index", Value::unknown())]));
            };
            let keys = (0..n as usize)
                .map(|i| {
                    let key = Value::Number(i as f64);
                    let vars = vec![("count".into(), obj([("index", key.clone())]))];
                    Keyed {
                        key,
                        suffix: format!("[{i}]"),
                        vars,
                    }
                })
                .collect();
            return (Expansion::Count, keys);
        }
        if let Some(for_each) = body.get_attribute("for_each") {
            let coll = self.eval(&for_each.value, &root);
            let entries = match &coll {
                Value::Object(map) => Some(
                    map.iter()
                        .map(|(k, v)| (k.to_string(), v.clone()))
                        .collect::<Vec<_>>(),
                ),
                // A set of strings: each.key and each.value are the element.
                Value::List(items) if !coll.contains_unknown() => items
                    .iter()
                    .map(|v| v.as_string().map(|s| (s.clone(), Value::String(s.into()))))
                    .collect(),
                _ => None,
            };
            // Each instance costs its share of the budget.
            let entries = entries.filter(|e| self.budget.spend(e.len() as u64 * BLOCK));
            let Some(entries) = entries else {
                let each = obj([("key", Value::unknown()), ("value", Value::unknown())]);
                return Keyed::unknown("each", each);
            };
            let keys = entries
                .into_iter()
                .map(|(k, v)| {
                    let suffix = format!("[{}]", serde_json::to_string(&k).unwrap_or_default());
                    let vars = vec![(
                        "each".into(),
                        obj([("key", Value::String(k.as_str().into())), ("value", v)]),
                    )];
                    Keyed {
                        key: Value::String(k.into()),
                        suffix,
                        vars,
                    }
                })
                .collect();
            return (Expansion::ForEach, keys);
        }
        (
            Expansion::Single,
            vec![Keyed {
                key: Value::Null,
                suffix: String::new(),
                vars: Vec::new(),
            }],
        )
    }

    pub(super) fn expand_resource(&self, idx: usize) -> ResourceEval {
        let decl = &self.module.resources[idx];
        let file_text = &self.module.files[decl.file].file.text;
        decl.with_block(file_text, |block, text, offset| {
            let mut r = self.expand_block(decl.kind, decl.name, block, text);
            if offset > 0 {
                r.shift(offset);
            }
            r
        })
        .unwrap_or_else(ResourceEval::cyclic)
    }

    /// The instances of a resource block, with spans into `text`.
    fn expand_block(&self, kind: &str, name: &str, block: &Block, text: &str) -> ResourceEval {
        let base = format!("{}{kind}.{name}", self.prefix);
        let (expansion, keys) = self.instance_keys(&block.body);
        let root = Scope::root();
        let instances = keys
            .into_iter()
            .map(|k| {
                let scope = root.child(k.vars);
                let mut eb = EvalBlock {
                    kind: block.ident.as_str().into(),
                    span: block.span().unwrap_or(0..0).into(),
                    header: header_span(block, text).into(),
                    ..EvalBlock::default()
                };
                self.eval_body_except(
                    &block.body,
                    text,
                    &scope,
                    &mut eb,
                    &["count", "for_each", "depends_on"],
                );
                // The awscc provider writes nested settings as object attributes
                // (`backup_plan = { ... }`): read them as blocks too, with their spans.
                if kind.starts_with("awscc_") {
                    self.object_blocks(&block.body, &scope, &mut eb);
                }
                // An organization policy's document, as blocks (with spans when it is
                // written as `jsonencode({ ... })`).
                if kind == "aws_organizations_policy" {
                    self.policy_document(&block.body, &scope, &mut eb);
                }
                eb.shrink_to_fit();
                (k.key, Instance::new(format!("{base}{}", k.suffix), eb))
            })
            .collect();
        ResourceEval {
            expansion,
            instances,
            facts: BlockFacts {
                provider_key: super::providers::provider_key(block, kind).into(),
                provider_span: block.body.get_attribute("provider").and_then(|a| a.span()),
                repeat: repeat_of(&block.body, text),
            },
        }
    }

    /// Evaluates a block's body in a scope.
    pub fn eval_block(&self, block: &Block, text: &str, scope: &Scope) -> EvalBlock {
        let mut eb = EvalBlock {
            kind: block.ident.as_str().into(),
            span: block.span().unwrap_or(0..0).into(),
            header: header_span(block, text).into(),
            ..EvalBlock::default()
        };
        self.eval_body(&block.body, text, scope, &mut eb);
        eb
    }

    /// Adds a block for every attribute whose value is an object (or a list of objects),
    /// keeping the span of each nested attribute where it is written literally.
    fn object_blocks(&self, body: &Body, scope: &Scope, out: &mut EvalBlock) {
        for attr in body.attributes() {
            let span = attr.span().unwrap_or(0..0);
            let key = attr.key.as_str();
            let key_span = attr.key.span().unwrap_or(span.clone());
            let value = out.attrs.get(key).map(|a| a.value.clone());
            if let Some(value) = value {
                self.push_object_blocks(key, &attr.value, &value, span, key_span, scope, out);
            }
        }
    }

    /// `content = jsonencode({...})` (or a JSON string) as a `content` block tree.
    fn policy_document(&self, body: &Body, scope: &Scope, out: &mut EvalBlock) {
        let Some(attr) = body.get_attribute("content") else {
            return;
        };
        let span = attr.span().unwrap_or(0..0);
        let key_span = attr.key.span().unwrap_or(span.clone());
        let (expr, value) = match &attr.value {
            Expression::FuncCall(call)
                if call.name.name.as_str() == "jsonencode" && call.args.len() == 1 =>
            {
                match call.args.iter().next() {
                    Some(arg) => (arg, self.eval(arg, scope)),
                    None => return,
                }
            }
            e => match self.eval(e, scope) {
                Value::String(text) => match serde_json::from_str(&text) {
                    Ok(json) => (e, Value::from_json(&json)),
                    Err(_) => return,
                },
                _ => return,
            },
        };
        self.push_object_blocks("content", expr, &value, span, key_span, scope, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_object_blocks(
        &self,
        kind: &str,
        expr: &Expression,
        value: &Value,
        span: Range<usize>,
        header: Range<usize>,
        scope: &Scope,
        out: &mut EvalBlock,
    ) {
        match (expr, value) {
            (Expression::Array(items), Value::List(values)) => {
                for (item, v) in items.iter().zip(values) {
                    let s = item.span().unwrap_or(span.clone());
                    self.push_object_blocks(kind, item, v, s.clone(), s, scope, out);
                }
            }
            (_, Value::List(values)) if values.iter().all(|v| matches!(v, Value::Object(_))) => {
                for v in values {
                    self.push_object_blocks(
                        kind,
                        expr,
                        v,
                        span.clone(),
                        header.clone(),
                        scope,
                        out,
                    );
                }
            }
            (_, Value::Object(map)) => {
                let mut block = EvalBlock {
                    kind: kind.into(),
                    span: span.clone().into(),
                    header: header.into(),
                    ..EvalBlock::default()
                };
                // Where each entry is written, when the object is a literal.
                let literal: Vec<(String, Range<usize>, Range<usize>, &Expression)> = match expr {
                    Expression::Object(obj) => obj
                        .iter()
                        .filter_map(|(k, v)| {
                            let name = match k {
                                ObjectKey::Ident(id) => id.as_str().to_string(),
                                ObjectKey::Expression(e) => match self.eval(e, scope) {
                                    Value::String(s) => s,
                                    _ => return None,
                                }
                                .to_string(),
                            };
                            let key_span = match k {
                                ObjectKey::Ident(id) => id.span(),
                                ObjectKey::Expression(e) => e.span(),
                            }?;
                            let value_span = v.expr().span()?;
                            Some((name, key_span, value_span, v.expr()))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                for (k, v) in map {
                    let found = literal.iter().find(|(n, ..)| n == k);
                    let (entry_span, key_span, value_span, entry_expr) = match found {
                        Some((_, ks, vs, e)) => (ks.start..vs.end, ks.clone(), vs.clone(), *e),
                        None => (span.clone(), span.clone(), span.clone(), expr),
                    };
                    block.attrs.insert(
                        k,
                        EvalAttr {
                            value: v.clone(),
                            span: entry_span.clone().into(),
                            value_span: value_span.into(),
                        },
                    );
                    if matches!(v, Value::Object(_) | Value::List(_)) {
                        self.push_object_blocks(
                            k, entry_expr, v, entry_span, key_span, scope, &mut block,
                        );
                    }
                }
                out.blocks.push(block);
            }
            _ => {}
        }
    }

    fn eval_body(&self, body: &Body, text: &str, scope: &Scope, out: &mut EvalBlock) {
        self.eval_body_except(body, text, scope, out, &[]);
    }

    /// Evaluates a body, leaving out some attributes (a resource's meta-arguments: its
    /// `count` and `for_each` were evaluated once for all instances, not once per instance).
    fn eval_body_except(
        &self,
        body: &Body,
        text: &str,
        scope: &Scope,
        out: &mut EvalBlock,
        skip: &[&str],
    ) {
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) if skip.contains(&attr.key.as_str()) => {}
                Structure::Attribute(attr) => {
                    let value = self.eval(&attr.value, scope);
                    let span = attr.span().unwrap_or(0..0);
                    let value_span = attr.value.span().unwrap_or(span.clone());
                    out.attrs.insert(
                        attr.key.as_str().to_string(),
                        EvalAttr {
                            value,
                            span: span.into(),
                            value_span: value_span.into(),
                        },
                    );
                }
                Structure::Block(block) if block.ident.as_str() == "dynamic" => {
                    self.expand_dynamic(block, text, scope, out);
                }
                Structure::Block(block) => out.blocks.push(self.eval_block(block, text, scope)),
            }
        }
    }

    /// Expands `dynamic "kind" { for_each = ...; iterator = it; content { ... } }`.
    fn expand_dynamic(&self, block: &Block, text: &str, scope: &Scope, out: &mut EvalBlock) {
        let Some(kind) = block.labels.first().map(|l| l.as_str().to_string()) else {
            return;
        };
        let iterator = block
            .body
            .get_attribute("iterator")
            .and_then(|a| match &a.value {
                hcl_edit::expr::Expression::Variable(v) => Some(v.as_str().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| kind.clone());
        let Some(content) = block.body.get_blocks("content").next() else {
            return;
        };
        let coll = block
            .body
            .get_attribute("for_each")
            .map_or(Value::unknown(), |a| self.eval(&a.value, scope));
        let Some(items) = coll.elements().filter(|_| !coll.is_unknown()) else {
            out.unknown_blocks.push(kind);
            return;
        };
        for (k, v) in items {
            if !self.budget.spend(BLOCK) {
                out.unknown_blocks.push(kind);
                return;
            }
            let it = obj([("key", k), ("value", v)]);
            let inner = scope.child(vec![(iterator.clone(), it)]);
            let mut eb = EvalBlock {
                kind: kind.clone().into(),
                span: content.span().unwrap_or(0..0).into(),
                header: header_span(block, text).into(),
                ..EvalBlock::default()
            };
            self.eval_body(&content.body, text, &inner, &mut eb);
            out.blocks.push(eb);
        }
    }
}

pub(super) fn obj<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}
