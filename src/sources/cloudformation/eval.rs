//! Intrinsic functions, parameters, pseudo parameters, conditions and mappings, evaluated
//! with unknowns: `!Ref` and `!GetAtt` of a resource become unknown values that remember
//! which resource they name, so references resolve to entities of the model.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::sources::value::{Origin, SymbolicString, Value};

use crate::sources::document::{Kind, Node};

/// Values given for parameters and pseudo parameters.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `--parameter NAME=VALUE` and parameters-file values.
    pub parameters: HashMap<String, String>,
    /// `--region` (AWS::Region).
    pub region: Option<String>,
    /// `--account` (AWS::AccountId).
    pub account: Option<String>,
}

/// Evaluates a template's expressions.
pub struct Evaluator<'t> {
    template: &'t Node,
    params: HashMap<String, Option<Value>>,
    region: Option<String>,
    account: Option<String>,
    resources: std::collections::HashSet<&'t str>,
    conditions: RefCell<HashMap<String, Option<Option<bool>>>>,
    depth: std::cell::Cell<usize>,
}

/// How deep intrinsic functions and condition references may nest.
const MAX_DEPTH: usize = 128;

fn unknown_ref(address: &str, attribute: &str) -> Value {
    Value::unknown_from(Origin::of(address, attribute))
}

impl<'t> Evaluator<'t> {
    /// An evaluator over a template with the given inputs.
    pub fn new(template: &'t Node, inputs: &Inputs) -> Self {
        let mut params = HashMap::new();
        for (name, _, decl) in template.get("Parameters").map_or(&[][..], Node::entries) {
            let ty = decl.get("Type").and_then(Node::as_str).unwrap_or("String");
            let raw =
                inputs
                    .parameters
                    .get(name)
                    .cloned()
                    .or_else(|| match &decl.get("Default")?.kind {
                        Kind::Str(s) => Some(s.clone()),
                        Kind::Number(n) => Some(crate::sources::value::format_number(*n)),
                        Kind::Bool(b) => Some(b.to_string()),
                        _ => None,
                    });
            let value = raw.and_then(|r| typed(ty, &r));
            params.insert(name.clone(), value);
        }
        let resources = template
            .get("Resources")
            .map_or_else(Default::default, |r| {
                r.entries().iter().map(|(k, _, _)| k.as_str()).collect()
            });
        Evaluator {
            template,
            params,
            region: inputs.region.clone(),
            account: inputs.account.clone(),
            resources,
            conditions: RefCell::new(HashMap::new()),
            depth: std::cell::Cell::new(0),
        }
    }

    /// Is a named condition true? None when it cannot be told.
    pub fn condition(&self, name: &str) -> Option<bool> {
        if let Some(slot) = self.conditions.borrow().get(name) {
            return slot.unwrap_or(None); // a cycle is unknown
        }
        let node = self.template.get("Conditions")?.get(name)?;
        self.conditions.borrow_mut().insert(name.to_string(), None);
        let v = self
            .nested(|| self.value(node))
            .flatten()
            .and_then(|v| v.as_bool());
        self.conditions
            .borrow_mut()
            .insert(name.to_string(), Some(v));
        v
    }

    fn nested<T>(&self, f: impl FnOnce() -> T) -> Option<T> {
        if self.depth.get() >= MAX_DEPTH {
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        let out = f();
        self.depth.set(self.depth.get() - 1);
        Some(out)
    }

    /// Follows `Fn::If` (and removes `AWS::NoValue`) to the node that applies; `Err(())`
    /// when the choice depends on an unknown condition.
    pub fn select<'n>(&self, node: &'n Node) -> Result<Option<&'n Node>, ()> {
        if is_no_value(node) {
            return Ok(None);
        }
        let Some((name, args)) = intrinsic(node) else {
            return Ok(Some(node));
        };
        if name != "Fn::If" {
            return Ok(Some(node));
        }
        let Kind::Seq(items) = &args.kind else {
            return Err(());
        };
        let [cond, yes, no] = items.as_slice() else {
            return Err(());
        };
        match cond.as_str().and_then(|c| self.condition(c)) {
            Some(true) => self.nested(|| self.select(yes)).unwrap_or(Err(())),
            Some(false) => self.nested(|| self.select(no)).unwrap_or(Err(())),
            None => Err(()),
        }
    }

    /// The value of a node; None for `AWS::NoValue` (the property is removed).
    pub fn value(&self, node: &Node) -> Option<Value> {
        self.nested(|| self.value_inner(node))
            .unwrap_or(Some(Value::unknown()))
    }

    fn value_inner(&self, node: &Node) -> Option<Value> {
        if let Some((name, args)) = intrinsic(node) {
            return self.call(name, args);
        }
        Some(match &node.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(*n),
            Kind::Str(s) => Value::String(s.as_str().into()),
            Kind::Seq(items) => Value::List(items.iter().filter_map(|i| self.value(i)).collect()),
            Kind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .filter_map(|(k, _, v)| Some((k.clone(), self.value(v)?)))
                    .collect::<crate::sources::value::ObjectMap>(),
            ),
            Kind::Tagged(_, inner) => return self.value(inner),
        })
    }

    fn reference(&self, name: &str) -> Option<Value> {
        Some(match name {
            "AWS::NoValue" => return None,
            "AWS::Region" => self.region.clone().map_or_else(
                || unknown_ref("AWS::Region", ""),
                |s| Value::String(s.into()),
            ),
            "AWS::Partition" => Value::String(partition(self.region.as_deref()).into()),
            "AWS::URLSuffix" => Value::String("amazonaws.com".into()),
            "AWS::AccountId" => self.account.clone().map_or_else(
                || unknown_ref("AWS::AccountId", ""),
                |s| Value::String(s.into()),
            ),
            // One stack, one account: every use of a pseudo parameter is the same value.
            "AWS::StackName" | "AWS::StackId" => unknown_ref(name, ""),
            "AWS::NotificationARNs" => Value::unknown(),
            _ => match self.params.get(name) {
                Some(v) => v.clone().unwrap_or_else(|| unknown_ref(name, "")),
                None if self.resources.contains(&name) => unknown_ref(name, "Ref"),
                None => Value::unknown(),
            },
        })
    }

    fn call(&self, name: &str, args: &Node) -> Option<Value> {
        let items = match &args.kind {
            Kind::Seq(items) => items.as_slice(),
            _ => std::slice::from_ref(args),
        };
        let string = |n: &Node| self.value(n).and_then(|v| v.as_string());
        let known = |v: &Value| !v.contains_unknown();
        Some(match name {
            "Ref" => return self.reference(args.as_str().unwrap_or_default()),
            "Fn::GetAtt" => {
                let (res, attr) = match &args.kind {
                    Kind::Str(s) => s
                        .split_once('.')
                        .map(|(a, b)| (a.to_string(), b.to_string()))?,
                    Kind::Seq(v) if v.len() == 2 => (v[0].as_str()?.to_string(), string(&v[1])?),
                    _ => return Some(Value::unknown()),
                };
                unknown_ref(&res, &attr)
            }
            "Fn::Sub" => self.sub(args),
            "Fn::Join" => {
                let [delim, list] = items else {
                    return Some(Value::unknown());
                };
                match (string(delim), self.value(list)) {
                    (Some(d), Some(Value::List(parts))) => {
                        let mut out = SymbolicString::default();
                        for (i, p) in parts.iter().enumerate() {
                            if i > 0 {
                                out.push_str(&d);
                            }
                            if !out.push_value(p) {
                                return Some(Value::unknown());
                            }
                        }
                        out.finish()
                    }
                    _ => Value::unknown(),
                }
            }
            "Fn::Select" => {
                let [index, list] = items else {
                    return Some(Value::unknown());
                };
                match (
                    self.value(index).and_then(|v| v.as_number()),
                    self.value(list),
                ) {
                    (Some(i), Some(Value::List(parts))) => {
                        parts.get(i as usize).cloned().unwrap_or(Value::unknown())
                    }
                    _ => Value::unknown(),
                }
            }
            "Fn::Split" => {
                let [delim, s] = items else {
                    return Some(Value::unknown());
                };
                match (string(delim), string(s)) {
                    (Some(d), Some(s)) if !d.is_empty() => Value::List(
                        s.split(d.as_str())
                            .map(|p| Value::String(p.into()))
                            .collect(),
                    ),
                    _ => Value::unknown(),
                }
            }
            "Fn::If" => {
                let [cond, yes, no] = items else {
                    return Some(Value::unknown());
                };
                match cond.as_str().and_then(|c| self.condition(c)) {
                    Some(true) => return self.value(yes),
                    Some(false) => return self.value(no),
                    None => {
                        let (a, b) = (self.value(yes), self.value(no));
                        if a == b && a.as_ref().is_none_or(known) {
                            return a;
                        }
                        Value::unknown()
                    }
                }
            }
            "Fn::Equals" => {
                let [a, b] = items else {
                    return Some(Value::unknown());
                };
                match (self.value(a), self.value(b)) {
                    (Some(a), Some(b)) if known(&a) && known(&b) => Value::Bool(
                        a.as_string() == b.as_string() && a.as_string().is_some() || a == b,
                    ),
                    _ => Value::unknown(),
                }
            }
            "Fn::And" | "Fn::Or" => {
                let values: Vec<Option<bool>> = items
                    .iter()
                    .map(|i| self.value(i).and_then(|v| v.as_bool()))
                    .collect();
                let is_and = name == "Fn::And";
                if values.contains(&Some(!is_and)) {
                    Value::Bool(!is_and)
                } else if values.iter().all(Option::is_some) {
                    Value::Bool(is_and)
                } else {
                    Value::unknown()
                }
            }
            "Fn::Not" => match items
                .first()
                .and_then(|i| self.value(i))
                .and_then(|v| v.as_bool())
            {
                Some(b) => Value::Bool(!b),
                None => Value::unknown(),
            },
            "Condition" => args
                .as_str()
                .and_then(|c| self.condition(c))
                .map_or(Value::unknown(), Value::Bool),
            "Fn::FindInMap" => {
                let [map, top, second, ..] = items else {
                    return Some(Value::unknown());
                };
                let keys = (string(map), string(top), string(second));
                let (Some(m), Some(t), Some(s)) = keys else {
                    return Some(Value::unknown());
                };
                let found = self
                    .template
                    .get("Mappings")
                    .and_then(|ms| ms.get(&m))
                    .and_then(|mm| mm.get(&t))
                    .and_then(|tt| tt.get(&s));
                match (found, items.get(3)) {
                    (Some(n), _) => return self.value(n),
                    // Fn::FindInMap with a DefaultValue (language extensions).
                    (None, Some(d)) => return self.value(d.get("DefaultValue").unwrap_or(d)),
                    (None, None) => Value::unknown(),
                }
            }
            "Fn::Base64" => return self.value(args),
            _ => Value::unknown(), // Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Transform...
        })
    }

    /// `Fn::Sub`: `${Param}`, `${Resource.Attr}`, `${AWS::Region}`, `${!Literal}`.
    fn sub(&self, args: &Node) -> Value {
        let (template, vars) = match &args.kind {
            Kind::Str(s) => (s.clone(), None),
            Kind::Seq(v) if !v.is_empty() => match v[0].as_str() {
                Some(s) => (s.to_string(), v.get(1)),
                None => return Value::unknown(),
            },
            _ => return Value::unknown(),
        };
        let lookup = |name: &str| -> Value {
            if let Some(n) = vars.and_then(|m| m.get(name)) {
                return self.value(n).unwrap_or(Value::unknown());
            }
            match name.split_once('.') {
                Some((res, attr)) if !name.starts_with("AWS::") => unknown_ref(res, attr),
                _ => self.reference(name).unwrap_or(Value::unknown()),
            }
        };
        // A template that is exactly one reference keeps the reference (and its origin).
        if let Some(inner) = template
            .strip_prefix("${")
            .and_then(|t| t.strip_suffix('}'))
        {
            if !inner.contains("${") && !inner.starts_with('!') {
                return lookup(inner);
            }
        }
        // `arn:aws:s3:::${Bucket}`: unknown, but a symbolic string that still names it.
        let mut out = SymbolicString::default();
        let mut rest = template.as_str();
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push_str("}");
            } else if !out.push_value(&lookup(name)) {
                return Value::unknown();
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out.finish()
    }
}

/// Short (`!Ref`) and long (`Ref:`, `Fn::Join:`) forms of an intrinsic function.
pub fn intrinsic(node: &Node) -> Option<(&str, &Node)> {
    match &node.kind {
        Kind::Tagged(tag, inner) => {
            let name = match tag.as_str() {
                "Ref" => "Ref",
                "Condition" => "Condition",
                "GetAtt" => "Fn::GetAtt",
                "Sub" => "Fn::Sub",
                "Join" => "Fn::Join",
                "Select" => "Fn::Select",
                "Split" => "Fn::Split",
                "If" => "Fn::If",
                "Equals" => "Fn::Equals",
                "And" => "Fn::And",
                "Or" => "Fn::Or",
                "Not" => "Fn::Not",
                "FindInMap" => "Fn::FindInMap",
                "ImportValue" => "Fn::ImportValue",
                "GetAZs" => "Fn::GetAZs",
                "Base64" => "Fn::Base64",
                "Cidr" => "Fn::Cidr",
                "Transform" => "Fn::Transform",
                _ => return None,
            };
            Some((name, inner))
        }
        Kind::Map(entries) if entries.len() == 1 => {
            let (k, _, v) = &entries[0];
            (k == "Ref" || k == "Condition" || k.starts_with("Fn::")).then_some((k.as_str(), v))
        }
        _ => None,
    }
}

/// Is the node `!Ref AWS::NoValue`?
pub fn is_no_value(node: &Node) -> bool {
    matches!(intrinsic(node), Some(("Ref", n)) if n.as_str() == Some("AWS::NoValue"))
}

fn partition(region: Option<&str>) -> &'static str {
    match region {
        Some(r) if r.starts_with("cn-") => "aws-cn",
        Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
        _ => "aws",
    }
}

/// A parameter value as its declared type gives it.
fn typed(ty: &str, raw: &str) -> Option<Value> {
    if ty.starts_with("AWS::SSM::Parameter::Value") {
        return Some(Value::unknown()); // resolved from SSM at deploy time
    }
    Some(if ty == "Number" {
        raw.trim()
            .parse()
            .map(Value::Number)
            .unwrap_or(Value::String(raw.into()))
    } else if ty.starts_with("List<") || ty == "CommaDelimitedList" {
        Value::List(
            raw.split(',')
                .map(|s| Value::String(s.trim().into()))
                .collect(),
        )
    } else {
        Value::String(raw.into())
    })
}
