//! The evaluation budget of one module tree: every value read or built, every instance a
//! `count`/`for_each`/`dynamic` expands into and every module instance spends from one
//! allowance. Past it, values are unknown (the rules stay silent on them, `--strict` says
//! the budget was hit), so no configuration can make evaluation take the machine: doubling
//! locals, nested `for` over large ranges, module fan-out.
//!
//! The limits sit far above real configurations: the largest public module trees we read
//! spend well under a tenth of them.

use std::cell::{Cell, RefCell};

use crate::sources::value::Value;

/// Units one module tree may spend (a scalar is one unit, a collection one per element
/// plus its elements, a string one per 64 bytes).
pub const UNITS: u64 = 4_000_000;

/// What one evaluated block (a resource instance, a `dynamic` block) costs beyond its
/// values: its structure, spans and names.
pub const BLOCK: u64 = 16;

/// Module instances one tree may create (`count`/`for_each` on module calls multiply).
pub const MODULE_INSTANCES: u64 = 10_000;

/// Values not made that are kept per module tree (each is named under `--strict`).
const MAX_NOTES_KEPT: usize = 100;

/// What was being evaluated when the budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    /// Values read or built (locals, variables, collections, strings).
    Values,
    /// Module instances.
    ModuleInstances,
}

impl Spent {
    /// For messages.
    pub fn describe(self) -> String {
        match self {
            Spent::Values => format!("its evaluation budget ({UNITS} values read or built)"),
            Spent::ModuleInstances => {
                format!("its module-instance budget ({MODULE_INSTANCES} instances)")
            }
        }
    }
}

/// The allowance of one module tree, shared by all of its evaluators.
#[derive(Debug)]
pub struct Budget {
    units: Cell<u64>,
    modules: Cell<u64>,
    exhausted: Cell<Option<Spent>>,
    /// Values evaluation would not make, said as such: a file read the repository
    /// boundary refused, a function result past its size limit.
    notes: RefCell<Vec<String>>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            units: Cell::new(UNITS),
            modules: Cell::new(MODULE_INSTANCES),
            exhausted: Cell::new(None),
            notes: RefCell::new(Vec::new()),
        }
    }
}

impl Budget {
    /// Spends `n` units; false (and the budget marked exhausted) when they are not left.
    pub fn spend(&self, n: u64) -> bool {
        self.take(&self.units, n, Spent::Values)
    }

    /// Spends the size of a value; false when it does not fit in what is left.
    pub fn spend_value(&self, v: &Value) -> bool {
        match size_within(v, self.units.get()) {
            Some(n) => self.spend(n),
            None => {
                self.units.set(0);
                self.exhausted.set(Some(Spent::Values));
                false
            }
        }
    }

    /// Spends `n` module instances.
    pub fn spend_modules(&self, n: u64) -> bool {
        self.take(&self.modules, n, Spent::ModuleInstances)
    }

    /// Records a value evaluation would not make (each once): `did not read file("x"):
    /// it leads outside the repository`.
    pub fn note(&self, what: String) {
        let mut notes = self.notes.borrow_mut();
        if !notes.contains(&what) && notes.len() < MAX_NOTES_KEPT {
            notes.push(what);
        }
    }

    /// The values not made, in the order they were first met.
    pub fn notes(&self) -> Vec<String> {
        self.notes.borrow().clone()
    }

    /// Which budget ran out first, if any.
    pub fn exhausted(&self) -> Option<Spent> {
        self.exhausted.get()
    }

    fn take(&self, cell: &Cell<u64>, n: u64, what: Spent) -> bool {
        let left = cell.get();
        if n > left {
            cell.set(0);
            if self.exhausted.get().is_none() {
                self.exhausted.set(Some(what));
            }
            return false;
        }
        cell.set(left - n);
        true
    }
}

/// The size of a value in units, or None when it exceeds `limit` (counting stops there, so
/// measuring costs no more than the limit).
pub fn size_within(v: &Value, limit: u64) -> Option<u64> {
    let mut total = 0u64;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        total += match v {
            Value::String(s) => 1 + s.len() as u64 / 64,
            Value::List(items) => {
                stack.extend(items.iter());
                1
            }
            Value::Object(map) => {
                stack.extend(map.values());
                1
            }
            _ => 1,
        };
        if total > limit {
            return None;
        }
    }
    Some(total)
}
