//! Expression evaluation with unknowns: variables, locals, resource references, templates,
//! operators, `for` expressions, splats and the function library.
//!
//! Evaluation never fails outward: a definite error (a missing object key, a type mismatch)
//! is a [`Fail`] inside, so `try` and `can` behave as in Terraform, and becomes unknown
//! at the top.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Template};

use super::budget::Budget;
use super::expand::ResourceEval;
use super::module::Module;
use super::modules::Children;
use super::tree::Tree;
use crate::sources::value::{format_number, Origin, SymbolicString, Value};

/// A definite evaluation error (as opposed to an unknown value).
#[derive(Debug, Clone, Copy)]
pub struct Fail;

/// The result of evaluating an expression inside the evaluator.
pub type Eval = Result<Value, Fail>;

/// Names bound by the surrounding construct (`each`, `count`, `for` variables, iterators).
pub struct Scope<'p> {
    vars: Vec<(String, Value)>,
    parent: Option<&'p Scope<'p>>,
}

impl<'p> Scope<'p> {
    /// The empty top-level scope.
    pub fn root() -> Scope<'static> {
        Scope {
            vars: Vec::new(),
            parent: None,
        }
    }

    /// A child scope with extra bindings.
    pub fn child(&'p self, vars: Vec<(String, Value)>) -> Scope<'p> {
        Scope {
            vars,
            parent: Some(self),
        }
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.parent.and_then(|p| p.get(name)))
    }
}

pub(super) enum Slot<T> {
    Busy,
    Done(T),
}

/// Evaluates expressions of one module, memoising locals and resources.
pub struct Evaluator<'a> {
    pub(super) module: &'a Module<'a>,
    /// The module tree, for module calls (None: calls are unknown).
    pub(super) tree: Option<&'a Tree<'a>>,
    /// The module key path (`""` for the root, `a.b` for a nested call).
    pub(super) key: String,
    /// Address prefix of this module instance (`""`, `module.a.`, `module.a["x"].`).
    pub(super) prefix: String,
    vars: HashMap<String, Value>,
    locals: RefCell<HashMap<String, Slot<Value>>>,
    resources: RefCell<Vec<Option<Slot<Arc<ResourceEval>>>>>,
    pub(super) children: RefCell<HashMap<String, Slot<Rc<Children<'a>>>>>,
    pub(super) outputs: RefCell<HashMap<String, Slot<Value>>>,
    /// Reference depth, shared by every evaluator of one module tree.
    depth: Rc<Cell<usize>>,
    /// The evaluation budget, shared by every evaluator of one module tree.
    pub(super) budget: Rc<Budget>,
    /// The module's directory and the root module's (files are read relative to the
    /// root's, as Terraform runs there); None outside a module tree.
    dirs: Option<(PathBuf, Rc<PathBuf>)>,
}

/// How deep references may chain (local to local to resource...) before the value is
/// treated as unknown: hostile inputs must not exhaust the stack.
const MAX_REFERENCE_DEPTH: usize = 128;

/// Longest string or collection the evaluator builds (guards `range`, `format` and friends).
pub const MAX_COLLECTION: usize = 100_000;

impl<'a> Evaluator<'a> {
    /// An evaluator over a module with the given input variable values.
    pub fn new(module: &'a Module<'a>, vars: HashMap<String, Value>) -> Self {
        Evaluator {
            module,
            tree: None,
            key: String::new(),
            prefix: String::new(),
            vars,
            locals: RefCell::new(HashMap::new()),
            resources: RefCell::new(Vec::new()),
            children: RefCell::new(HashMap::new()),
            outputs: RefCell::new(HashMap::new()),
            depth: Rc::new(Cell::new(0)),
            budget: Rc::new(Budget::default()),
            dirs: None,
        }
    }

    /// The module's own directory, when evaluating inside a module tree.
    pub fn module_dir(&self) -> Option<&Path> {
        self.dirs.as_ref().map(|(dir, _)| dir.as_path())
    }

    /// The root module's directory, when evaluating inside a module tree.
    pub fn root_dir(&self) -> Option<&Path> {
        self.dirs.as_ref().map(|(_, root)| root.as_path())
    }

    /// `path.module`: the module's directory relative to the root module's.
    fn path_module(&self) -> Value {
        let Some((dir, root)) = &self.dirs else {
            return Value::String(".".into());
        };
        Value::String(relative(dir, root).into())
    }

    /// An evaluator for a module of a tree; `parent` shares its depth guard.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn in_tree(
        module: &'a Module<'a>,
        tree: &'a Tree<'a>,
        dir: &Path,
        key: String,
        prefix: String,
        vars: HashMap<String, Value>,
        parent: Option<&Evaluator<'a>>,
    ) -> Self {
        let mut ev = Evaluator::new(module, vars);
        ev.tree = Some(tree);
        ev.key = key;
        ev.prefix = prefix;
        let root = match parent {
            Some(p) => {
                ev.depth = Rc::clone(&p.depth);
                ev.budget = Rc::clone(&p.budget);
                p.dirs.as_ref().map(|(_, r)| Rc::clone(r))
            }
            None => None,
        };
        let dir = super::tree::canonical(dir);
        let root = root.unwrap_or_else(|| Rc::new(dir.clone()));
        ev.dirs = Some((dir, root));
        ev
    }

    /// Evaluates an expression; errors become unknown.
    pub fn eval(&self, expr: &Expression, scope: &Scope) -> Value {
        self.try_eval(expr, scope).unwrap_or(Value::unknown())
    }

    /// Evaluates an expression, keeping definite errors apart from unknowns. Past the
    /// tree's budget, every value is unknown.
    pub fn try_eval(&self, expr: &Expression, scope: &Scope) -> Eval {
        let v = self.try_eval_inner(expr, scope)?;
        Ok(match expr {
            // Literals cost nothing beyond their text; what is read or built is paid for.
            Expression::Null(_)
            | Expression::Bool(_)
            | Expression::Number(_)
            | Expression::String(_)
            | Expression::Parenthesis(_) => v,
            _ if self.budget.spend_value(&v) => v,
            _ => Value::unknown(),
        })
    }

    fn try_eval_inner(&self, expr: &Expression, scope: &Scope) -> Eval {
        if self.budget.exhausted().is_some() {
            return Ok(Value::unknown());
        }
        match expr {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => n.value().as_f64().map(Value::Number).ok_or(Fail),
            Expression::String(s) => Ok(Value::String(s.value().as_str().into())),
            Expression::Array(items) => items
                .iter()
                .map(|e| self.try_eval(e, scope))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List),
            Expression::Object(obj) => {
                let mut map = crate::sources::value::ObjectMap::new();
                for (key, value) in obj.iter() {
                    let key = match key {
                        ObjectKey::Ident(id) => id.as_str().to_string(),
                        ObjectKey::Expression(e) => match self.try_eval(e, scope)? {
                            Value::Unknown(_) => return Ok(Value::unknown()),
                            v => v.as_string().ok_or(Fail)?,
                        },
                    };
                    map.insert(key, self.try_eval(value.expr(), scope)?);
                }
                Ok(Value::Object(map))
            }
            Expression::StringTemplate(t) => self.template(t, scope),
            Expression::HeredocTemplate(h) => self.template(&h.template, scope),
            Expression::Parenthesis(p) => self.try_eval(p.inner(), scope),
            Expression::Variable(v) => {
                Ok(scope.get(v.as_str()).cloned().unwrap_or(Value::unknown()))
            }
            Expression::Conditional(c) => match self.try_eval(&c.cond_expr, scope)? {
                Value::Unknown(_) => {
                    let a = self.try_eval(&c.true_expr, scope)?;
                    let b = self.try_eval(&c.false_expr, scope)?;
                    Ok(either(a, b))
                }
                v => match v.as_bool().ok_or(Fail)? {
                    true => self.try_eval(&c.true_expr, scope),
                    false => self.try_eval(&c.false_expr, scope),
                },
            },
            Expression::FuncCall(call) => super::functions::call(self, call, scope),
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators, scope),
            Expression::UnaryOp(op) => {
                let v = self.try_eval(&op.expr, scope)?;
                if v.is_unknown() {
                    return Ok(Value::unknown());
                }
                match op.operator.value() {
                    UnaryOperator::Neg => Ok(Value::Number(-v.as_number().ok_or(Fail)?)),
                    UnaryOperator::Not => Ok(Value::Bool(!v.as_bool().ok_or(Fail)?)),
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.try_eval(&op.lhs_expr, scope)?;
                let rhs = self.try_eval(&op.rhs_expr, scope)?;
                binary(*op.operator.value(), lhs, rhs)
            }
            Expression::ForExpr(f) => self.for_expr(f, scope),
        }
    }

    fn template(&self, template: &Template, scope: &Scope) -> Eval {
        let elements: Vec<&Element> = template.iter().collect();
        // A template that is a single interpolation yields the value itself, unconverted.
        if let [Element::Interpolation(i)] = elements.as_slice() {
            return self.try_eval(&i.expr, scope);
        }
        let mut out = SymbolicString::default();
        self.render(template, scope, &mut out)?;
        Ok(out.finish())
    }

    /// Renders a template; unknown parts stay named in the result where they can be.
    pub(super) fn render(
        &self,
        template: &Template,
        scope: &Scope,
        out: &mut SymbolicString,
    ) -> Result<(), Fail> {
        for element in template.iter() {
            match element {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => {
                    if !out.push_value(&self.try_eval(&i.expr, scope)?) {
                        return Err(Fail);
                    }
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => match self.try_eval(&d.if_expr.cond_expr, scope)?.as_bool()
                    {
                        Some(true) => self.render(&d.if_expr.template, scope, out)?,
                        Some(false) => {
                            if let Some(e) = &d.else_expr {
                                self.render(&e.template, scope, out)?;
                            }
                        }
                        None => out.lose(),
                    },
                    Directive::For(d) => {
                        let coll = self.try_eval(&d.for_expr.collection_expr, scope)?;
                        let Some(items) = coll.elements() else {
                            out.lose();
                            continue;
                        };
                        for (k, v) in items {
                            if !self.budget.spend(1) {
                                out.lose();
                                break;
                            }
                            let mut vars = vec![(d.for_expr.value_var.as_str().to_string(), v)];
                            if let Some(kv) = &d.for_expr.key_var {
                                vars.push((kv.as_str().to_string(), k));
                            }
                            let inner = scope.child(vars);
                            self.render(&d.for_expr.template, &inner, out)?;
                            if out.len() > MAX_COLLECTION * 10 {
                                return Err(Fail);
                            }
                        }
                    }
                },
            }
        }
        Ok(())
    }

    fn for_expr(&self, f: &hcl_edit::expr::ForExpr, scope: &Scope) -> Eval {
        let coll = self.try_eval(&f.intro.collection_expr, scope)?;
        if coll.is_unknown() {
            return Ok(Value::unknown());
        }
        let items = coll.elements().ok_or(Fail)?;
        let mut list = Vec::new();
        let mut map = crate::sources::value::ObjectMap::new();
        let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (k, v) in items {
            if !self.budget.spend(1) {
                return Ok(Value::unknown());
            }
            let mut vars = vec![(f.intro.value_var.as_str().to_string(), v)];
            if let Some(kv) = &f.intro.key_var {
                vars.push((kv.as_str().to_string(), k));
            }
            let inner = scope.child(vars);
            if let Some(cond) = &f.cond {
                match self.try_eval(&cond.expr, &inner)? {
                    Value::Unknown(_) => return Ok(Value::unknown()),
                    c => {
                        if !c.as_bool().ok_or(Fail)? {
                            continue;
                        }
                    }
                }
            }
            let value = self.try_eval(&f.value_expr, &inner)?;
            match &f.key_expr {
                None => list.push(value),
                Some(key_expr) => {
                    let key = match self.try_eval(key_expr, &inner)? {
                        Value::Unknown(_) => return Ok(Value::unknown()),
                        k => k.as_string().ok_or(Fail)?,
                    };
                    if f.grouping {
                        groups.entry(key).or_default().push(value);
                    } else if map.insert(key, value).is_some() {
                        return Err(Fail);
                    }
                }
            }
        }
        Ok(match (&f.key_expr, f.grouping) {
            (None, _) => Value::List(list),
            (Some(_), false) => Value::Object(map),
            (Some(_), true) => Value::Object(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::List(v)))
                    .collect(),
            ),
        })
    }

    /// Resolves the root of a traversal (`var.x`, `local.y`, `aws_s3_bucket.b`...) and applies
    /// the remaining operators.
    fn traversal(
        &self,
        root: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        scope: &Scope,
    ) -> Eval {
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(id)) => Some(id.as_str()),
            _ => None,
        };
        let Expression::Variable(name) = root else {
            let base = self.try_eval(root, scope)?;
            return self.apply_ops(base, ops, scope);
        };
        let name = name.as_str();
        if let Some(v) = scope.get(name) {
            return self.apply_ops(v.clone(), ops, scope);
        }
        let (base, used) = match (name, attr(0)) {
            ("var", Some(v)) => match self.vars.get(v) {
                Some(value) => (value.clone(), 1),
                // Without a value, every use of the variable is still the same value.
                None if self.module.variables.contains_key(v) => (
                    Value::unknown_from(Origin::of(format!("{}var.{v}", self.prefix), "")),
                    1,
                ),
                None => return Err(Fail),
            },
            ("local", Some(l)) => (self.local(l)?, 1),
            ("path", Some("module")) => (self.path_module(), 1),
            ("path", Some("root")) => (Value::String(".".into()), 1),
            ("path", Some("cwd")) => match self.root_dir() {
                Some(root) => (Value::String(root.to_string_lossy().into_owned().into()), 1),
                None => return Ok(Value::unknown()),
            },
            ("module", Some(call)) => {
                // `module.NAME.OUTPUT` on a single instance evaluates just that output.
                if let Some(TraversalOperator::GetAttr(out)) = ops.get(1).map(|o| o.value()) {
                    if let Some(v) = self.single_output(call, out.as_str()) {
                        return self.apply_ops(v, &ops[2..], scope);
                    }
                }
                (self.module_value(call), 1)
            }
            ("data", Some("aws_iam_policy_document")) => match ops.get(1).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(dname)) => match self
                    .module
                    .resource_index
                    .get(super::module::POLICY_DOCUMENT)
                    .and_then(|m| m.get(dname.as_str()))
                {
                    Some(&idx) => (self.resource(idx).value(), 2),
                    None => return Ok(Value::unknown()),
                },
                _ => return Ok(Value::unknown()),
            },
            ("data", Some(kind)) => match ops.get(1).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(dname)) => {
                    let address = format!("{}data.{kind}.{}", self.prefix, dname.as_str());
                    (Value::unknown_from(Origin::of(address, "")), 2)
                }
                _ => return Ok(Value::unknown()),
            },
            ("data" | "module" | "self" | "terraform" | "path" | "each" | "count", _) => {
                return Ok(Value::unknown())
            }
            (kind, Some(rname)) => match self
                .module
                .resource_index
                .get(kind)
                .and_then(|m| m.get(rname))
            {
                Some(&idx) => (self.resource(idx).value(), 1),
                None => return Ok(Value::unknown()),
            },
            _ => return Ok(Value::unknown()),
        };
        self.apply_ops(base, &ops[used..], scope)
    }

    fn apply_ops(
        &self,
        mut value: Value,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        scope: &Scope,
    ) -> Eval {
        let mut i = 0;
        while i < ops.len() {
            match ops[i].value() {
                TraversalOperator::GetAttr(name) => value = get_attr(value, name.as_str())?,
                TraversalOperator::Index(e) => {
                    let key = self.try_eval(e, scope)?;
                    value = index(value, &key)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    value = index(value, &Value::Number(*n.value() as f64))?
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(ops[i].value(), TraversalOperator::FullSplat(_));
                    // An attribute splat applies only the attribute accesses that follow it.
                    let end = if full {
                        ops.len()
                    } else {
                        i + 1
                            + ops[i + 1..]
                                .iter()
                                .take_while(|o| matches!(o.value(), TraversalOperator::GetAttr(_)))
                                .count()
                    };
                    let items = match value {
                        Value::Unknown(_) => return Ok(Value::unknown()),
                        Value::Null => Vec::new(),
                        Value::List(items) => items,
                        other => vec![other],
                    };
                    value = Value::List(
                        items
                            .into_iter()
                            .map(|v| self.apply_ops(v, &ops[i + 1..end], scope))
                            .collect::<Result<_, _>>()?,
                    );
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        Ok(value)
    }

    fn local(&self, name: &str) -> Eval {
        if let Some(slot) = self.locals.borrow().get(name) {
            return match slot {
                Slot::Done(v) => Ok(v.clone()),
                Slot::Busy => Ok(Value::unknown()), // a cycle: Terraform rejects it; we stay silent
            };
        }
        let Some(&(_, expr)) = self.module.locals.get(name) else {
            return Err(Fail);
        };
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let value = self
            .nested(|| self.eval(expr, &Scope::root()))
            .unwrap_or(Value::unknown());
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(value.clone()));
        Ok(value)
    }

    /// Runs `f` one reference level deeper, or gives up (None) past the depth limit.
    pub(super) fn nested<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        if self.depth.get() >= MAX_REFERENCE_DEPTH {
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        let out = f();
        self.depth.set(self.depth.get() - 1);
        Some(out)
    }

    /// The evaluated instances of a resource (memoised; a reference cycle yields unknowns).
    pub fn resource(&self, idx: usize) -> Arc<ResourceEval> {
        if let Some(Some(slot)) = self.resources.borrow().get(idx) {
            return match slot {
                Slot::Done(r) => Arc::clone(r),
                Slot::Busy => Arc::new(ResourceEval::cyclic()),
            };
        }
        // One slot per declaration, made on first use (a map grown by doubling held up to
        // twice as many).
        let set = |slot: Slot<Arc<ResourceEval>>| {
            let mut slots = self.resources.borrow_mut();
            if slots.len() <= idx {
                slots.resize_with(self.module.resources.len().max(idx + 1), || None);
            }
            slots[idx] = Some(slot);
        };
        set(Slot::Busy);
        let r = Arc::new(
            self.nested(|| self.expand_resource(idx))
                .unwrap_or_else(ResourceEval::cyclic),
        );
        set(Slot::Done(Arc::clone(&r)));
        r
    }
}

/// `value.name`: a missing attribute of a resource is computed (unknown, with its origin);
/// of an object it is an error.
pub fn get_attr(value: Value, name: &str) -> Eval {
    match value {
        Value::Object(mut map) => map.remove(name).ok_or(Fail),
        Value::Resource(r) => Ok(match r.attrs.get(name) {
            Some(Value::Unknown(None)) | None => {
                Value::unknown_from(Origin::of(r.address.clone(), name))
            }
            Some(v) => v.clone(),
        }),
        // An attribute of a named unknown is named too (`var.config.bucket`).
        Value::Unknown(Some(o)) => Ok(o.attr(name).map_or(Value::unknown(), Value::unknown_from)),
        Value::Unknown(None) => Ok(Value::unknown()),
        _ => Err(Fail),
    }
}

/// `value[key]`.
pub fn index(value: Value, key: &Value) -> Eval {
    if key.is_unknown() {
        return Ok(Value::unknown());
    }
    match value {
        Value::List(mut items) => {
            let n = key.as_number().ok_or(Fail)?;
            if n < 0.0 || n.fract() != 0.0 || n as usize >= items.len() {
                return Err(Fail);
            }
            Ok(items.swap_remove(n as usize))
        }
        Value::Object(_) | Value::Resource(_) => get_attr(value, &key.as_string().ok_or(Fail)?),
        Value::Unknown(_) => Ok(Value::unknown()),
        _ => Err(Fail),
    }
}

fn binary(op: BinaryOperator, lhs: Value, rhs: Value) -> Eval {
    use BinaryOperator::*;
    // Short-circuit logic holds even when the other side is unknown.
    match (op, lhs.as_bool(), rhs.as_bool()) {
        (And, Some(false), _) | (And, _, Some(false)) => return Ok(Value::Bool(false)),
        (Or, Some(true), _) | (Or, _, Some(true)) => return Ok(Value::Bool(true)),
        _ => {}
    }
    if lhs.is_unknown() || rhs.is_unknown() {
        return Ok(Value::unknown());
    }
    let num = |v: &Value| v.as_number().ok_or(Fail);
    Ok(match op {
        Eq => Value::Bool(equal(&lhs, &rhs)),
        NotEq => Value::Bool(!equal(&lhs, &rhs)),
        And => Value::Bool(lhs.as_bool().ok_or(Fail)? && rhs.as_bool().ok_or(Fail)?),
        Or => Value::Bool(lhs.as_bool().ok_or(Fail)? || rhs.as_bool().ok_or(Fail)?),
        Less => Value::Bool(num(&lhs)? < num(&rhs)?),
        LessEq => Value::Bool(num(&lhs)? <= num(&rhs)?),
        Greater => Value::Bool(num(&lhs)? > num(&rhs)?),
        GreaterEq => Value::Bool(num(&lhs)? >= num(&rhs)?),
        Plus => Value::Number(num(&lhs)? + num(&rhs)?),
        Minus => Value::Number(num(&lhs)? - num(&rhs)?),
        Mul => Value::Number(num(&lhs)? * num(&rhs)?),
        Div => {
            let d = num(&rhs)?;
            if d == 0.0 {
                return Err(Fail);
            }
            Value::Number(num(&lhs)? / d)
        }
        Mod => {
            let d = num(&rhs)?;
            if d == 0.0 {
                return Err(Fail);
            }
            Value::Number(num(&lhs)? % d)
        }
    })
}

/// The value of a conditional whose condition is unknown: what both branches agree on
/// (an object with the same keys, a list of the same length) stays known.
pub fn either(a: Value, b: Value) -> Value {
    match (a, b) {
        (a, b) if a == b => a,
        (Value::Object(x), Value::Object(y)) if x.len() == y.len() && x.keys().eq(y.keys()) => {
            Value::Object(
                x.into_iter()
                    .zip(y.into_values())
                    .map(|((k, a), b)| (k, either(a, b)))
                    .collect(),
            )
        }
        (Value::List(x), Value::List(y)) if x.len() == y.len() => {
            Value::List(x.into_iter().zip(y).map(|(a, b)| either(a, b)).collect())
        }
        _ => Value::unknown(),
    }
}

/// Terraform equality: numbers compare by value, everything else structurally.
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Resource(x), Value::Resource(y)) => x.address == y.address,
        _ => a == b,
    }
}

/// Renders a value for messages (`format`'s `%v`).
pub fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Number(n) => format_number(*n),
        other => other.to_json().unwrap_or_else(|| "(unknown)".into()),
    }
}

/// `to` relative to `from` (both absolute), with `..` where it climbs; `.` when equal.
fn relative(to: &Path, from: &Path) -> String {
    let a: Vec<_> = to.components().collect();
    let b: Vec<_> = from.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}
