//! Collection and number functions. Those that only need a collection's shape (`concat`,
//! `length`, `lookup`, `element`, `keys`, `slice`...) keep unknown elements as they are
//! and still answer; those that must compare elements (`distinct`, `toset`, `compact`,
//! `sort`) need every element known.

use std::collections::{BTreeMap, HashSet};

use super::{known, list, number, object, string, Args, Stop, R};
use crate::sources::terraform::eval::{equal, MAX_COLLECTION};
use crate::sources::value::Value;

/// Evaluates a collection or number function; None when `name` is not one.
pub(super) fn apply(name: &str, a: &mut Args) -> R<Option<Value>> {
    let v = match name {
        "length" => match a.next()? {
            Value::List(items) => Value::Number(items.len() as f64),
            Value::Object(map) => Value::Number(map.len() as f64),
            Value::Resource(r) => Value::Number(r.attrs.len() as f64),
            v => Value::Number(string(&v)?.chars().count() as f64),
        },
        "concat" => {
            let mut out = Vec::new();
            for l in a.rest() {
                out.extend(list(l)?);
                limit(out.len())?;
            }
            Value::List(out)
        }
        "merge" => {
            let mut out = crate::sources::value::ObjectMap::new();
            for m in a.rest() {
                if m != Value::Null {
                    out.extend(object(m)?);
                }
            }
            Value::Object(out)
        }
        "lookup" => {
            let map = a.object()?;
            let key = a.string()?;
            match (map.get(&key), a.maybe()) {
                (Some(v), _) => v.clone(),
                (None, Some(default)) => default,
                (None, None) => return Err(Stop::Fail),
            }
        }
        "keys" => Value::List(a.object()?.into_keys().map(Value::String).collect()),
        "values" => Value::List(a.object()?.into_values().collect()),
        "element" => {
            let items = a.list()?;
            let i = a.number()?;
            if items.is_empty() || i < 0.0 {
                return Err(Stop::Fail);
            }
            items[(i as usize) % items.len()].clone()
        }
        "index" => {
            let items = a.list()?;
            let want = known(a.next()?)?;
            let mut found = None;
            for (i, item) in items.iter().enumerate() {
                if item.contains_unknown() {
                    return Err(Stop::Unknown); // it may be this one
                }
                if equal(item, &want) {
                    found = Some(i);
                    break;
                }
            }
            Value::Number(found.ok_or(Stop::Fail)? as f64)
        }
        "contains" => {
            let items = a.list()?;
            let want = known(a.next()?)?;
            if items.iter().any(|i| equal(i, &want)) {
                Value::Bool(true)
            } else if items.iter().any(Value::contains_unknown) {
                return Err(Stop::Unknown);
            } else {
                Value::Bool(false)
            }
        }
        "flatten" => {
            let mut out = Vec::new();
            flatten(a.next()?, &mut out, 0)?;
            Value::List(out)
        }
        "compact" => {
            let mut out = Vec::new();
            for v in a.list()? {
                match v {
                    Value::Null => {}
                    Value::Unknown(_) => return Err(Stop::Unknown),
                    v => {
                        if !string(&v)?.is_empty() {
                            out.push(v);
                        }
                    }
                }
            }
            Value::List(out)
        }
        "distinct" => Value::List(unique(a.list()?)?),
        "toset" => Value::List(set(a.list()?)?),
        "tolist" => Value::List(a.list()?),
        "tomap" => Value::Object(a.object()?),
        "one" => {
            let items = a.list()?;
            match items.len() {
                0 => Value::Null,
                1 => items.into_iter().next().unwrap_or(Value::Null),
                _ => return Err(Stop::Fail),
            }
        }
        "zipmap" => {
            let ks = a.list()?;
            let vs = a.list()?;
            if ks.len() != vs.len() {
                return Err(Stop::Fail);
            }
            let mut out = crate::sources::value::ObjectMap::new();
            for (k, v) in ks.iter().zip(vs) {
                out.insert(string(k)?, v);
            }
            Value::Object(out)
        }
        "coalesce" => {
            for v in a.rest() {
                match v {
                    Value::Unknown(_) => return Err(Stop::Unknown),
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    v => return Ok(Some(v)),
                }
            }
            return Err(Stop::Fail);
        }
        "coalescelist" => {
            for l in a.rest() {
                let items = list(l)?;
                if !items.is_empty() {
                    return Ok(Some(Value::List(items)));
                }
            }
            return Err(Stop::Fail);
        }
        "slice" => {
            let items = a.list()?;
            let (start, end) = (a.number()?, a.number()?);
            if start < 0.0 || end < start || end > items.len() as f64 {
                return Err(Stop::Fail);
            }
            Value::List(items[start as usize..end as usize].to_vec())
        }
        "reverse" => Value::List(a.list()?.into_iter().rev().collect()),
        "sort" => {
            let mut items = a.list()?.iter().map(string).collect::<R<Vec<String>>>()?;
            items.sort();
            Value::List(items.into_iter().map(|s| Value::String(s.into())).collect())
        }
        "setproduct" => {
            let sets = a.rest();
            if sets.is_empty() {
                return Err(Stop::Fail);
            }
            let mut out: Vec<Vec<Value>> = vec![Vec::new()];
            for s in sets {
                let items = list(s)?;
                limit(out.len().saturating_mul(items.len()))?;
                out = out
                    .into_iter()
                    .flat_map(|prefix| {
                        items.iter().map(move |i| {
                            let mut p = prefix.clone();
                            p.push(i.clone());
                            p
                        })
                    })
                    .collect();
            }
            Value::List(out.into_iter().map(Value::List).collect())
        }
        "setunion" => {
            let mut all = Vec::new();
            for s in a.rest() {
                all.extend(list(s)?);
            }
            Value::List(set(all)?)
        }
        "setintersection" | "setsubtract" => {
            let first = set(a.list()?)?;
            let mut others = Vec::new();
            for s in a.rest() {
                others.push(keys_of(&set(list(s)?)?));
            }
            let keep = |v: &Value| {
                let k = v.to_json().unwrap_or_default();
                if name == "setintersection" {
                    others.iter().all(|o| o.contains(&k))
                } else {
                    !others.iter().any(|o| o.contains(&k))
                }
            };
            Value::List(first.into_iter().filter(keep).collect())
        }
        "sum" => {
            let items = a.list()?;
            if items.is_empty() {
                return Err(Stop::Fail);
            }
            Value::Number(items.iter().map(number).sum::<R<f64>>()?)
        }
        "alltrue" | "anytrue" => {
            let all = name == "alltrue";
            let mut unknown = false;
            for v in a.list()? {
                match v {
                    Value::Unknown(_) => unknown = true,
                    v => {
                        if super::boolean(&v)? != all {
                            return Ok(Some(Value::Bool(!all)));
                        }
                    }
                }
            }
            if unknown {
                return Err(Stop::Unknown);
            }
            Value::Bool(all)
        }
        "range" => range(&a.rest())?,
        "chunklist" => {
            let items = a.list()?;
            let size = a.number()?;
            if size < 0.0 {
                return Err(Stop::Fail);
            }
            if size == 0.0 {
                Value::List(vec![Value::List(items)])
            } else {
                Value::List(
                    items
                        .chunks(size as usize)
                        .map(|c| Value::List(c.to_vec()))
                        .collect(),
                )
            }
        }
        "matchkeys" => {
            let values = a.list()?;
            let ks = a.list()?;
            let search = known(a.next()?)?;
            let search = list(search)?;
            if values.len() != ks.len() {
                return Err(Stop::Fail);
            }
            let mut out = Vec::new();
            for (v, k) in values.into_iter().zip(ks) {
                let k = known(k)?;
                if search.iter().any(|s| equal(s, &k)) {
                    out.push(v);
                }
            }
            Value::List(out)
        }
        "transpose" => {
            let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            for (k, l) in a.object()? {
                for v in list(l)? {
                    out.entry(string(&v)?)
                        .or_default()
                        .push(Value::String(k.clone()));
                }
            }
            Value::Object(out.into_iter().map(|(k, v)| (k, Value::List(v))).collect())
        }
        "max" | "min" => {
            let nums = a.rest().iter().map(number).collect::<R<Vec<f64>>>()?;
            let pick = if name == "max" { f64::max } else { f64::min };
            Value::Number(nums.into_iter().reduce(pick).ok_or(Stop::Fail)?)
        }
        "abs" => Value::Number(a.number()?.abs()),
        "ceil" => Value::Number(a.number()?.ceil()),
        "floor" => Value::Number(a.number()?.floor()),
        "signum" => {
            let n = a.number()?;
            Value::Number(if n == 0.0 { 0.0 } else { n.signum() })
        }
        "pow" => {
            let base = a.number()?;
            Value::Number(base.powf(a.number()?))
        }
        "log" => {
            let n = a.number()?;
            Value::Number(n.log(a.number()?))
        }
        "parseint" => {
            let text = a.string()?;
            let base = a.number()?;
            if !(2.0..=62.0).contains(&base) {
                return Err(Stop::Fail);
            }
            let n = i64::from_str_radix(&text, base as u32).map_err(|_| Stop::Fail)?;
            Value::Number(n as f64)
        }
        "sensitive" | "nonsensitive" => a.next()?,
        _ => return Ok(None),
    };
    Ok(Some(v))
}

/// Past this many elements a collection is not built (the value is unknown).
fn limit(n: usize) -> R<()> {
    if n > MAX_COLLECTION {
        Err(Stop::Unknown)
    } else {
        Ok(())
    }
}

fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) -> R<()> {
    match v {
        Value::List(items) if depth < 64 => {
            for i in items {
                flatten(i, out, depth + 1)?;
            }
        }
        // An unknown element may itself be a list.
        Value::Unknown(_) => return Err(Stop::Unknown),
        other => out.push(other),
    }
    limit(out.len())
}

fn keys_of(items: &[Value]) -> HashSet<String> {
    items.iter().filter_map(Value::to_json).collect()
}

/// The distinct elements in first-seen order (hashed, so large lists stay linear).
fn unique(items: Vec<Value>) -> R<Vec<Value>> {
    let mut seen = HashSet::with_capacity(items.len());
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let key = item.to_json().ok_or(Stop::Unknown)?;
        if seen.insert(key) {
            out.push(item);
        }
    }
    Ok(out)
}

/// A set: distinct elements, primitives in Terraform's order (strings lexically, numbers
/// numerically).
fn set(items: Vec<Value>) -> R<Vec<Value>> {
    let mut out = unique(items)?;
    if out.iter().all(|v| matches!(v, Value::String(_))) {
        out.sort_by_key(Value::as_string);
    } else if out.iter().all(|v| matches!(v, Value::Number(_))) {
        out.sort_by(|a, b| {
            a.as_number()
                .partial_cmp(&b.as_number())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    Ok(out)
}

/// `range(end)`, `range(start, end)`, `range(start, end, step)`; each element is computed
/// from its index, so a step too small to move a large float still ends.
fn range(args: &[Value]) -> R<Value> {
    let nums = args.iter().map(number).collect::<R<Vec<f64>>>()?;
    let (start, end, step) = match nums.as_slice() {
        [e] => (0.0, *e, 1.0),
        [s, e] => (*s, *e, if s <= e { 1.0 } else { -1.0 }),
        [s, e, st] => (*s, *e, *st),
        _ => return Err(Stop::Fail),
    };
    if step == 0.0 || !start.is_finite() || !end.is_finite() || !step.is_finite() {
        return Err(Stop::Fail);
    }
    let count = ((end - start) / step).ceil();
    if count <= 0.0 {
        return Ok(Value::List(Vec::new()));
    }
    limit(count.min(usize::MAX as f64) as usize)?;
    Ok(Value::List(
        (0..count as usize)
            .map(|i| Value::Number(start + step * i as f64))
            .collect(),
    ))
}
