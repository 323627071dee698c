//! Structural mutations of `terraform show -json` plans: nodes replaced by values of
//! other types, keys dropped, arrays emptied or repeated, versions changed.

use serde_json::{json, Value};

use super::rng::Rng;

fn random_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1e300),
        4 => json!("x"),
        5 => json!([]),
        6 => json!({}),
        7 => json!([{"address": "aws_s3_bucket.x", "type": "aws_s3_bucket", "values": {}}]),
        _ => json!({"resources": [{}], "child_modules": [{}]}),
    }
}

/// Every node's path (object keys and array indexes), in document order.
fn paths(v: &Value, here: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(here.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                here.push(k.clone());
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                here.push(i.to_string());
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node<'v>(v: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, key| match v {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?),
        _ => None,
    })
}

/// One to three structural mutations of a plan.
pub fn mutate(rng: &mut Rng, plan: &Value) -> String {
    let mut v = plan.clone();
    for _ in 0..1 + rng.below(3) {
        let mut all = Vec::new();
        paths(&v, &mut Vec::new(), &mut all);
        let path = rng.pick(&all).clone();
        let choice = rng.below(5);
        let Some(target) = node(&mut v, &path) else {
            continue;
        };
        match choice {
            0 | 1 => *target = random_value(rng),
            2 => match target {
                Value::Object(map) if !map.is_empty() => {
                    let key = map
                        .keys()
                        .nth(rng.below(map.len()))
                        .cloned()
                        .unwrap_or_default();
                    map.remove(&key);
                }
                Value::Array(items) => items.clear(),
                _ => *target = Value::Null,
            },
            3 => {
                if let Value::Array(items) = target {
                    if let Some(first) = items.first().cloned() {
                        for _ in 0..1 + rng.below(50) {
                            items.push(first.clone());
                        }
                    }
                }
            }
            _ => {
                if let Value::Object(map) = &mut v {
                    map.insert(
                        "format_version".into(),
                        json!(rng.pick(&["1.2", "99", "0.1", "", "1.0.0"])),
                    );
                }
            }
        }
    }
    serde_json::to_string(&v).unwrap_or_default()
}
