//! Circular references CloudFormation rejects before it creates anything: a condition
//! that depends on itself (through `Condition` references), and resources that depend on
//! themselves (through `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn`). Each cycle is one
//! problem, at the first of its members.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::sources::document::{Kind, Node, Problem};

use super::eval::intrinsic;

/// The cycles of a template's conditions and resources.
pub fn problems(doc: &Node) -> Vec<Problem> {
    let mut out = Vec::new();
    let conditions = graph(doc.get("Conditions"), |n, names, out| {
        collect(n, names, out, &|name, args| {
            (name == "Condition")
                .then(|| args.as_str().map(str::to_string))
                .flatten()
                .into_iter()
                .collect()
        })
    });
    report(&conditions, "condition", &mut out);
    let resources = graph(doc.get("Resources"), |n, names, out| {
        collect(n, names, out, &references);
        if let Some(d) = n.get("DependsOn") {
            match &d.kind {
                Kind::Str(s) => {
                    out.insert(s.clone());
                }
                Kind::Seq(items) => {
                    out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_string)))
                }
                _ => {}
            }
        }
    });
    report(&resources, "resource", &mut out);
    out
}

type Graph = BTreeMap<String, (Range<usize>, BTreeSet<String>)>;

/// The names of a section, each with its key span and the names of the same section it
/// refers to.
fn graph(
    section: Option<&Node>,
    edges: impl Fn(&Node, &BTreeSet<&str>, &mut BTreeSet<String>),
) -> Graph {
    let entries = section.map_or(&[][..], Node::entries);
    let names: BTreeSet<&str> = entries.iter().map(|(k, _, _)| k.as_str()).collect();
    entries
        .iter()
        .map(|(k, span, v)| {
            let mut out = BTreeSet::new();
            edges(v, &names, &mut out);
            out.retain(|n| names.contains(n.as_str()));
            (k.clone(), (span.clone(), out))
        })
        .collect()
}

/// The names a node's intrinsic functions refer to (walks the whole node, iteratively).
fn collect(
    node: &Node,
    _names: &BTreeSet<&str>,
    out: &mut BTreeSet<String>,
    refs: &dyn Fn(&str, &Node) -> Vec<String>,
) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some((name, args)) = intrinsic(n) {
            out.extend(refs(name, args));
        }
        match &n.kind {
            Kind::Seq(items) => stack.extend(items.iter()),
            Kind::Map(entries) => stack.extend(entries.iter().map(|(_, _, v)| v)),
            Kind::Tagged(_, inner) => stack.push(inner),
            _ => {}
        }
    }
}

/// The names a node's `Ref`s and `GetAtt`s refer to.
pub fn referenced(node: &Node) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect(node, &BTreeSet::new(), &mut out, &references);
    out
}

/// The resources a resource-level intrinsic function names.
fn references(name: &str, args: &Node) -> Vec<String> {
    match name {
        "Ref" => args.as_str().map(str::to_string).into_iter().collect(),
        "Fn::GetAtt" => match &args.kind {
            Kind::Str(s) => s
                .split('.')
                .next()
                .map(str::to_string)
                .into_iter()
                .collect(),
            Kind::Seq(items) => items
                .first()
                .and_then(Node::as_str)
                .map(str::to_string)
                .into_iter()
                .collect(),
            _ => Vec::new(),
        },
        "Fn::Sub" => {
            let text = match &args.kind {
                Kind::Str(s) => s.as_str(),
                Kind::Seq(items) => items.first().and_then(Node::as_str).unwrap_or(""),
                _ => "",
            };
            text.split("${")
                .skip(1)
                .filter_map(|t| t.split_once('}'))
                .filter(|(inner, _)| !inner.starts_with('!'))
                .map(|(inner, _)| inner.split('.').next().unwrap_or(inner).to_string())
                .collect()
        }
        _ => Vec::new(),
    }
}

/// One problem per cycle (at its first member, in name order).
fn report(graph: &Graph, what: &str, out: &mut Vec<Problem>) {
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for start in graph.keys() {
        if reported.contains(start) {
            continue;
        }
        // Is there a path from `start` back to itself?
        let Some(path) = path_back(graph, start) else {
            continue;
        };
        reported.extend(path.iter().cloned());
        let (span, _) = &graph[start];
        let mut names = path.clone();
        names.push(start.clone());
        out.push(Problem {
            at: span.clone(),
            message: format!(
                "{what} {start} depends on itself ({}): CloudFormation rejects circular dependencies",
                names.join(" → ")
            ),
        });
    }
}

/// A path `start → … → start`, as the nodes before the return.
fn path_back<'g>(graph: &'g Graph, start: &'g String) -> Option<Vec<String>> {
    let mut parent: BTreeMap<&String, &String> = BTreeMap::new();
    let mut stack = vec![start];
    let mut seen: BTreeSet<&String> = BTreeSet::new();
    while let Some(n) = stack.pop() {
        for next in &graph.get(n)?.1 {
            if next == start {
                let mut path = vec![n.clone()];
                let mut cur = n;
                while cur != start {
                    cur = parent.get(cur)?;
                    path.push(cur.clone());
                }
                path.reverse();
                return Some(path);
            }
            if let Some((name, _)) = graph.get_key_value(next) {
                if seen.insert(name) {
                    parent.insert(name, n);
                    stack.push(name);
                }
            }
        }
    }
    None
}
