//! The pure Terraform functions that backup configurations use. Any other function
//! evaluates to unknown, never to an error.

use std::collections::BTreeMap;

use hcl_edit::expr::FuncCall;

use super::eval::{display, Eval, Evaluator, Fail, Scope, MAX_COLLECTION};
use crate::sources::value::Value;

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
    // Functions that tolerate unknown arguments.
    match name {
        "coalesce" => {
            for a in args {
                match a {
                    Value::Unknown(_) => return Ok(Value::unknown()),
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    v => return Ok(v),
                }
            }
            return Err(Fail);
        }
        "length" if matches!(args.first(), Some(Value::List(_) | Value::Object(_))) => {}
        _ if args.iter().any(Value::contains_unknown) => return Ok(Value::unknown()),
        _ => {}
    }
    apply(name, args)
}

fn string(v: &Value) -> Result<String, Fail> {
    v.as_string().ok_or(Fail)
}

fn number(v: &Value) -> Result<f64, Fail> {
    v.as_number().ok_or(Fail)
}

fn list(v: Value) -> Result<Vec<Value>, Fail> {
    match v {
        Value::List(items) => Ok(items),
        _ => Err(Fail),
    }
}

fn object(v: Value) -> Result<BTreeMap<String, Value>, Fail> {
    match v {
        Value::Object(map) => Ok(map),
        Value::Resource(r) => Ok(r.attrs.clone()),
        _ => Err(Fail),
    }
}

fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn apply(name: &str, args: Vec<Value>) -> Eval {
    let mut it = args.into_iter();
    let mut next = || it.next().ok_or(Fail);
    Ok(match name {
        "lower" => Value::String(string(&next()?)?.to_lowercase()),
        "upper" => Value::String(string(&next()?)?.to_uppercase()),
        "trimspace" => Value::String(string(&next()?)?.trim().to_string()),
        "tostring" => match next()? {
            Value::Null => Value::Null,
            v => Value::String(string(&v)?),
        },
        "tonumber" => match next()? {
            Value::Null => Value::Null,
            v => Value::Number(number(&v)?),
        },
        "tobool" => match next()? {
            Value::Null => Value::Null,
            v => Value::Bool(v.as_bool().ok_or(Fail)?),
        },
        "tolist" => Value::List(list(next()?)?),
        "toset" => Value::List(dedup(list(next()?)?)),
        "distinct" => Value::List(dedup(list(next()?)?)),
        "tomap" => Value::Object(object(next()?)?),
        "format" => Value::String(format(
            &string(&next()?)?,
            std::iter::from_fn(|| next().ok()).collect(),
        )?),
        "join" => {
            let sep = string(&next()?)?;
            let mut parts = Vec::new();
            while let Ok(l) = next() {
                for v in list(l)? {
                    parts.push(string(&v)?);
                }
            }
            Value::String(parts.join(&sep))
        }
        "split" => {
            let sep = string(&next()?)?;
            let s = string(&next()?)?;
            Value::List(
                s.split(sep.as_str())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
            )
        }
        "replace" => {
            let s = string(&next()?)?;
            let from = string(&next()?)?;
            let to = string(&next()?)?;
            Value::String(s.replace(&from, &to))
        }
        "substr" => {
            let s = string(&next()?)?;
            let offset = number(&next()?)? as usize;
            let len = number(&next()?)?;
            let chars = s.chars().skip(offset);
            Value::String(if len < 0.0 {
                chars.collect()
            } else {
                chars.take(len as usize).collect()
            })
        }
        "startswith" => Value::Bool(string(&next()?)?.starts_with(&string(&next()?)?)),
        "endswith" => Value::Bool(string(&next()?)?.ends_with(&string(&next()?)?)),
        "strcontains" => Value::Bool(string(&next()?)?.contains(&string(&next()?)?)),
        "length" => match next()? {
            Value::List(items) => Value::Number(items.len() as f64),
            Value::Object(map) => Value::Number(map.len() as f64),
            v => Value::Number(string(&v)?.chars().count() as f64),
        },
        "concat" => {
            let mut out = Vec::new();
            while let Ok(l) = next() {
                out.extend(list(l)?);
            }
            Value::List(out)
        }
        "merge" => {
            let mut out = BTreeMap::new();
            while let Ok(m) = next() {
                if m != Value::Null {
                    out.extend(object(m)?);
                }
            }
            Value::Object(out)
        }
        "lookup" => {
            let map = object(next()?)?;
            let key = string(&next()?)?;
            let default = next().ok();
            map.get(&key).cloned().or(default).ok_or(Fail)?
        }
        "keys" => Value::List(object(next()?)?.into_keys().map(Value::String).collect()),
        "values" => Value::List(object(next()?)?.into_values().collect()),
        "element" => {
            let items = list(next()?)?;
            let i = number(&next()?)?;
            if items.is_empty() || i < 0.0 {
                return Err(Fail);
            }
            items[(i as usize) % items.len()].clone()
        }
        "index" => {
            let items = list(next()?)?;
            let v = next()?;
            Value::Number(items.iter().position(|x| *x == v).ok_or(Fail)? as f64)
        }
        "contains" => {
            let items = list(next()?)?;
            let v = next()?;
            Value::Bool(items.contains(&v))
        }
        "flatten" => {
            fn flat(v: Value, out: &mut Vec<Value>) {
                match v {
                    Value::List(items) => items.into_iter().for_each(|i| flat(i, out)),
                    other => out.push(other),
                }
            }
            let mut out = Vec::new();
            flat(next()?, &mut out);
            Value::List(out)
        }
        "compact" => Value::List(
            list(next()?)?
                .into_iter()
                .filter(|v| {
                    !matches!(v, Value::Null) && v.as_string().is_some_and(|s| !s.is_empty())
                })
                .collect(),
        ),
        "one" => {
            let items = list(next()?)?;
            match items.len() {
                0 => Value::Null,
                1 => items.into_iter().next().ok_or(Fail)?,
                _ => return Err(Fail),
            }
        }
        "zipmap" => {
            let ks = list(next()?)?;
            let vs = list(next()?)?;
            if ks.len() != vs.len() {
                return Err(Fail);
            }
            Value::Object(
                ks.iter()
                    .map(string)
                    .zip(vs)
                    .map(|(k, v)| k.map(|k| (k, v)))
                    .collect::<Result<_, _>>()?,
            )
        }
        "range" => {
            let nums: Vec<f64> = std::iter::from_fn(|| next().ok())
                .map(|v| number(&v))
                .collect::<Result<_, _>>()?;
            let (start, end, step) = match nums.as_slice() {
                [e] => (0.0, *e, 1.0),
                [s, e] => (*s, *e, if s <= e { 1.0 } else { -1.0 }),
                [s, e, st] => (*s, *e, *st),
                _ => return Err(Fail),
            };
            if step == 0.0 || ((end - start) / step).abs() > MAX_COLLECTION as f64 {
                return Err(Fail);
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                out.push(Value::Number(x));
                x += step;
            }
            Value::List(out)
        }
        "max" | "min" => {
            let nums: Vec<f64> = std::iter::from_fn(|| next().ok())
                .map(|v| number(&v))
                .collect::<Result<_, _>>()?;
            let pick = if name == "max" { f64::max } else { f64::min };
            Value::Number(nums.into_iter().reduce(pick).ok_or(Fail)?)
        }
        "abs" => Value::Number(number(&next()?)?.abs()),
        "ceil" => Value::Number(number(&next()?)?.ceil()),
        "floor" => Value::Number(number(&next()?)?.floor()),
        "jsonencode" => Value::String(next()?.to_json().ok_or(Fail)?),
        "jsondecode" => {
            let s = string(&next()?)?;
            Value::from_json(&serde_json::from_str(&s).map_err(|_| Fail)?)
        }
        _ => Value::unknown(),
    })
}

/// `format`: `%s`, `%d`, `%v`, `%q`, `%%` and `%.Nf`-style verbs with optional width.
fn format(spec: &str, args: Vec<Value>) -> Result<String, Fail> {
    let mut out = String::new();
    let mut args = args.into_iter();
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if f.is_ascii_digit() || f == '.' || f == '-' || f == '+' || f == '#' || f == ' ' {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let verb = chars.next().ok_or(Fail)?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = args.next().ok_or(Fail)?;
        let width: usize = flags
            .trim_start_matches(['-', '+', '#', ' '])
            .split('.')
            .next()
            .and_then(|w| w.parse().ok())
            .unwrap_or(0);
        let text = match verb {
            's' | 'v' => display(&arg),
            'd' => format!("{}", number(&arg)?.trunc() as i64),
            'f' => {
                let prec = flags
                    .split('.')
                    .nth(1)
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(6);
                format!("{:.*}", prec, number(&arg)?)
            }
            'q' => serde_json::to_string(&string(&arg)?).map_err(|_| Fail)?,
            't' => arg.as_bool().ok_or(Fail)?.to_string(),
            _ => return Err(Fail),
        };
        if flags.starts_with('-') {
            out.push_str(&format!("{text:<width$}"));
        } else if flags.starts_with('0') && matches!(verb, 'd' | 'f') {
            out.push_str(&format!("{text:0>width$}"));
        } else {
            out.push_str(&format!("{text:>width$}"));
        }
        if out.len() > MAX_COLLECTION * 10 {
            return Err(Fail);
        }
    }
    Ok(out)
}
