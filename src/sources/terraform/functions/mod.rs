//! Terraform's built-in functions, evaluated with unknowns kept as small as possible: a
//! function that only looks at a collection's shape (`concat`, `length`, `lookup`,
//! `element`...) gives a known answer even when some elements are unknown. A function
//! lifeboat does not implement evaluates to unknown, never to an error.

mod collections;
mod encoding;
mod files;
mod format;
mod network;
mod strings;

use hcl_edit::expr::FuncCall;

use super::eval::{Eval, Evaluator, Fail, Scope};
use crate::sources::value::Value;

/// Every function lifeboat evaluates (others are unknown), sorted.
pub const SUPPORTED: &[&str] = &[
    "abs",
    "abspath",
    "alltrue",
    "anytrue",
    "base64decode",
    "base64encode",
    "basename",
    "can",
    "ceil",
    "chomp",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "dirname",
    "distinct",
    "element",
    "endswith",
    "file",
    "fileexists",
    "fileset",
    "flatten",
    "floor",
    "format",
    "formatlist",
    "indent",
    "index",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "log",
    "lookup",
    "lower",
    "matchkeys",
    "max",
    "merge",
    "min",
    "nonsensitive",
    "one",
    "parseint",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "sensitive",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strcontains",
    "strrev",
    "substr",
    "sum",
    "templatefile",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "upper",
    "urlencode",
    "values",
    "yamldecode",
    "yamlencode",
    "zipmap",
];

/// Why a function gives no value: a definite error (`try` moves on, `can` is false), or
/// an input it needs is unknown.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stop {
    /// Terraform would report an error.
    Fail,
    /// The answer depends on an unknown value.
    Unknown,
    /// The result would be larger than [`MAX_RESULT_BYTES`]: not built, unknown, and
    /// named under `--strict`.
    TooLarge,
}

/// Largest string a function builds (`join`, `replace`, `indent`, `jsonencode`...): the
/// size is worked out before anything is allocated, so a 1 MB separator joined 100,000
/// times costs nothing. Real configurations build strings of kilobytes.
pub(super) const MAX_RESULT_BYTES: usize = 16 << 20;

/// Ok when a result of `n` bytes may be built.
pub(super) fn fits(n: usize) -> R<()> {
    if n > MAX_RESULT_BYTES {
        Err(Stop::TooLarge)
    } else {
        Ok(())
    }
}

impl From<Fail> for Stop {
    fn from(_: Fail) -> Stop {
        Stop::Fail
    }
}

/// The result of one function.
pub(super) type R<T> = Result<T, Stop>;

/// Calls a function.
pub fn call(ev: &Evaluator, call: &FuncCall, scope: &Scope) -> Eval {
    if call.name.is_namespaced() {
        return Ok(Value::unknown()); // provider-defined functions
    }
    let name = call.name.name.as_str();
    let exprs: Vec<_> = call.args.iter().collect();
    // `try` and `can` look at errors, so they evaluate their own arguments.
    match name {
        "try" => {
            for e in &exprs {
                if let Ok(v) = ev.try_eval(e, scope) {
                    return Ok(v);
                }
            }
            return Err(Fail);
        }
        "can" => {
            let [e] = exprs.as_slice() else {
                return Err(Fail);
            };
            return Ok(match ev.try_eval(e, scope) {
                Ok(v) if v.contains_unknown() => Value::unknown(),
                Ok(_) => Value::Bool(true),
                Err(_) => Value::Bool(false),
            });
        }
        _ => {}
    }
    let mut args = exprs
        .iter()
        .map(|e| ev.try_eval(e, scope))
        .collect::<Result<Vec<_>, _>>()?;
    if call.args.expand_final() {
        match args.pop() {
            Some(Value::List(items)) => args.extend(items),
            Some(Value::Unknown(_)) => return Ok(Value::unknown()),
            _ => return Err(Fail),
        }
    }
    match apply(ev, name, args) {
        Ok(v) => Ok(v),
        Err(Stop::Unknown) => Ok(Value::unknown()),
        Err(Stop::TooLarge) => {
            ev.budget.note(format!(
                "did not build the result of {name}(): it would be larger than lifeboat's limit of {} MiB",
                MAX_RESULT_BYTES >> 20
            ));
            Ok(Value::unknown())
        }
        Err(Stop::Fail) => Err(Fail),
    }
}

/// The arguments of one call, taken in order.
pub(super) struct Args(std::vec::IntoIter<Value>);

impl Args {
    /// The next argument; a missing one is an error.
    pub fn next(&mut self) -> R<Value> {
        self.0.next().ok_or(Stop::Fail)
    }

    /// The next argument, if any.
    pub fn maybe(&mut self) -> Option<Value> {
        self.0.next()
    }

    /// The remaining arguments.
    pub fn rest(&mut self) -> Vec<Value> {
        self.0.by_ref().collect()
    }

    /// The next argument as a string.
    pub fn string(&mut self) -> R<String> {
        string(&self.next()?)
    }

    /// The next argument as a number.
    pub fn number(&mut self) -> R<f64> {
        number(&self.next()?)
    }

    /// The next argument as a list (its elements may be unknown).
    pub fn list(&mut self) -> R<Vec<Value>> {
        list(self.next()?)
    }

    /// The next argument as a map or object (its values may be unknown).
    pub fn object(&mut self) -> R<crate::sources::value::ObjectMap> {
        object(self.next()?)
    }
}

/// A string, converting numbers and bools as Terraform does.
pub(super) fn string(v: &Value) -> R<String> {
    match v {
        Value::Unknown(_) => Err(Stop::Unknown),
        v => v.as_string().ok_or(Stop::Fail),
    }
}

/// A number, converting numeric strings as Terraform does.
pub(super) fn number(v: &Value) -> R<f64> {
    match v {
        Value::Unknown(_) => Err(Stop::Unknown),
        v => v.as_number().ok_or(Stop::Fail),
    }
}

/// A bool, converting "true"/"false" as Terraform does.
pub(super) fn boolean(v: &Value) -> R<bool> {
    match v {
        Value::Unknown(_) => Err(Stop::Unknown),
        v => v.as_bool().ok_or(Stop::Fail),
    }
}

/// A list, tuple or set; its elements may be unknown.
pub(super) fn list(v: Value) -> R<Vec<Value>> {
    match v {
        Value::List(items) => Ok(items),
        Value::Unknown(_) => Err(Stop::Unknown),
        _ => Err(Stop::Fail),
    }
}

/// A map or object; its values may be unknown.
pub(super) fn object(v: Value) -> R<crate::sources::value::ObjectMap> {
    match v {
        Value::Object(map) => Ok(map),
        Value::Resource(r) => Ok(r.attrs.clone()),
        Value::Unknown(_) => Err(Stop::Unknown),
        _ => Err(Stop::Fail),
    }
}

/// The value, when nothing inside it is unknown.
pub(super) fn known(v: Value) -> R<Value> {
    if v.contains_unknown() {
        Err(Stop::Unknown)
    } else {
        Ok(v)
    }
}

fn apply(ev: &Evaluator, name: &str, args: Vec<Value>) -> R<Value> {
    let mut a = Args(args.into_iter());
    if let Some(v) = strings::apply(name, &mut a)? {
        return Ok(v);
    }
    if let Some(v) = collections::apply(name, &mut a)? {
        return Ok(v);
    }
    if let Some(v) = encoding::apply(name, &mut a)? {
        return Ok(v);
    }
    if let Some(v) = format::apply(name, &mut a)? {
        return Ok(v);
    }
    if let Some(v) = network::apply(name, &mut a)? {
        return Ok(v);
    }
    if let Some(v) = files::apply(ev, name, &mut a)? {
        return Ok(v);
    }
    // Not implemented, or known only after apply (timestamp, uuid, hashes): unknown.
    Err(Stop::Unknown)
}
