//! Module calls: instances of a called module (with `count` / `for_each`), their input
//! variables, and their outputs flowing back to the caller.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use hcl_edit::structure::{Block, Structure};

use super::eval::{Evaluator, Scope, Slot};
use super::expand::Expansion;
use crate::sources::value::Value;

/// Arguments of a `module` block that are not input variables.
const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// The instances of one module call.
pub struct Children<'a> {
    /// How the call expanded.
    pub expansion: Expansion,
    /// Instance keys and their evaluators.
    pub instances: Vec<(Value, Rc<Evaluator<'a>>)>,
    /// The `module` block, and the index of the caller's file it is in.
    pub call: (&'a Block, usize),
    /// The called directory.
    pub dir: PathBuf,
}

impl<'a> Evaluator<'a> {
    /// The instances of a module call, evaluated on first use; None when the call's
    /// module is not on disk (a registry or git source not yet downloaded).
    pub fn children(&self, name: &str) -> Option<Rc<Children<'a>>> {
        if let Some(slot) = self.children.borrow().get(name) {
            return match slot {
                Slot::Done(c) => Some(Rc::clone(c)),
                Slot::Busy => None,
            };
        }
        let tree = self.tree?;
        let &(_, file, block) = self
            .module
            .module_calls
            .iter()
            .find(|(n, _, _)| *n == name)?;
        let (dir, child) = tree.called(&self.key, name)?;
        self.children
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let built = self.nested(|| {
            let (mut expansion, mut keys) = self.instance_keys(&block.body);
            // Module fan-out multiplies: past the tree's allowance the call's instances are
            // not evaluated (their existence is unknown).
            if !self.budget.spend_modules(keys.len() as u64) {
                expansion = Expansion::Unknown;
                keys.clear();
            }
            let key = if self.key.is_empty() {
                name.to_string()
            } else {
                format!("{}.{name}", self.key)
            };
            let root = Scope::root();
            let instances = keys
                .into_iter()
                .map(|k| {
                    let scope = root.child(k.vars);
                    let mut vars = HashMap::new();
                    let literal = Evaluator::new(child, HashMap::new());
                    for (var, decl) in &child.variables {
                        if let Some(default) = decl.body.get_attribute("default") {
                            vars.insert(
                                var.to_string(),
                                literal.eval(&default.value, &Scope::root()),
                            );
                        }
                    }
                    for s in block.body.iter() {
                        if let Structure::Attribute(a) = s {
                            if !META_ARGUMENTS.contains(&a.key.as_str()) {
                                vars.insert(
                                    a.key.as_str().to_string(),
                                    self.eval(&a.value, &scope),
                                );
                            }
                        }
                    }
                    let prefix = format!("{}module.{name}{}.", self.prefix, k.suffix);
                    let ev =
                        Evaluator::in_tree(child, tree, dir, key.clone(), prefix, vars, Some(self));
                    (k.key, Rc::new(ev))
                })
                .collect();
            Rc::new(Children {
                expansion,
                instances,
                call: (block, file),
                dir: dir.clone(),
            })
        });
        match built {
            Some(c) => {
                self.children
                    .borrow_mut()
                    .insert(name.to_string(), Slot::Done(Rc::clone(&c)));
                Some(c)
            }
            None => {
                self.children.borrow_mut().remove(name);
                None
            }
        }
    }

    /// An output of this module instance.
    pub fn output(&self, name: &str) -> Value {
        if let Some(slot) = self.outputs.borrow().get(name) {
            return match slot {
                Slot::Done(v) => v.clone(),
                Slot::Busy => Value::unknown(),
            };
        }
        let Some(expr) = self.module.outputs.get(name) else {
            return Value::unknown();
        };
        self.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let v = self
            .nested(|| self.eval(expr, &Scope::root()))
            .unwrap_or(Value::unknown());
        self.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(v.clone()));
        v
    }

    /// `module.NAME.OUTPUT` of a call without `count`/`for_each`.
    pub(super) fn single_output(&self, call: &str, output: &str) -> Option<Value> {
        let children = self.children(call)?;
        match (&children.expansion, children.instances.first()) {
            (Expansion::Single, Some((_, ev))) => Some(ev.output(output)),
            _ => None,
        }
    }

    /// `module.NAME` as a value: an object of outputs, a list (count) or a map (for_each).
    pub(super) fn module_value(&self, call: &str) -> Value {
        let Some(children) = self.children(call) else {
            // Not on disk (not downloaded): its outputs are unknown, but each is one value.
            let address = format!("{}module.{call}", self.prefix);
            return Value::unknown_from(crate::sources::value::Origin::of(address, ""));
        };
        let outputs = |ev: &Evaluator<'a>| -> Value {
            Value::Object(
                ev.module
                    .outputs
                    .keys()
                    .map(|k| (k.to_string(), ev.output(k)))
                    .collect::<crate::sources::value::ObjectMap>(),
            )
        };
        match children.expansion {
            Expansion::Single => children
                .instances
                .first()
                .map_or(Value::unknown(), |(_, ev)| outputs(ev)),
            Expansion::Count => Value::List(
                children
                    .instances
                    .iter()
                    .map(|(_, ev)| outputs(ev))
                    .collect(),
            ),
            Expansion::ForEach => Value::Object(
                children
                    .instances
                    .iter()
                    .filter_map(|(k, ev)| Some((k.as_string()?, outputs(ev))))
                    .collect(),
            ),
            Expansion::Unknown => Value::unknown(),
        }
    }
}
