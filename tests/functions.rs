//! The Terraform function library: each supported function on representative inputs,
//! partial unknowns (a collection with an unknown element keeps its shape), the list of
//! supported functions kept equal to the README's, and hostile arguments that must stay
//! bounded.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lifeboat::model::SourceFile;
use lifeboat::sources::terraform::{Evaluator, Module, ParsedFile, Scope, FUNCTIONS};
use lifeboat::sources::value::Value;

/// Evaluates `local.out = EXPR` (with `variable "u" {}` unknown) and renders the value:
/// JSON when known, `?` for an unknown, `[1,?]` style for partly known collections.
fn eval(expr: &str) -> String {
    let src = format!("variable \"u\" {{}}\nlocals {{\n  out = {expr}\n}}\n");
    let body = hcl_edit::parser::parse_body(&src).expect("test source parses");
    let file = Arc::new(SourceFile::new(PathBuf::from("t.tf"), "t.tf".into(), src));
    let files = vec![ParsedFile {
        file,
        body,
        resources: Vec::new(),
    }];
    let module = Module::index(&files);
    let ev = Evaluator::new(&module, HashMap::new());
    let out: hcl_edit::expr::Expression = "local.out".parse().expect("expr");
    render(&ev.eval(&out, &Scope::root()))
}

fn render(v: &Value) -> String {
    match v {
        Value::Unknown(_) => "?".into(),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(render).collect::<Vec<_>>().join(",")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{k:?}:{}", render(v)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_json().expect("known"),
    }
}

fn check(cases: &[(&str, &str)]) {
    let mut wrong = Vec::new();
    for (expr, want) in cases {
        let got = eval(expr);
        if got != *want {
            wrong.push(format!("{expr}\n   want {want}\n   got  {got}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn string_functions() {
    check(&[
        (r#"lower("AbC")"#, r#""abc""#),
        (r#"upper("abc")"#, r#""ABC""#),
        (r#"title("hello world-wide")"#, r#""Hello World-Wide""#),
        (r#"trimspace("  x \n")"#, r#""x""#),
        (r#"trim("?!hello?!", "!?")"#, r#""hello""#),
        (r#"trimprefix("helloworld", "hello")"#, r#""world""#),
        (r#"trimsuffix("helloworld", "world")"#, r#""hello""#),
        (r#"trimprefix("x", "hello")"#, r#""x""#),
        (r#"chomp("hello\n\n")"#, r#""hello""#),
        (r#"strrev("abc")"#, r#""cba""#),
        (r#"indent(2, "a\nb")"#, r#""a\n  b""#),
        (r#"replace("a-b-c", "-", "_")"#, r#""a_b_c""#),
        (
            r#"replace("hello world", "/w.*d/", "there")"#,
            r#""hello there""#,
        ),
        (
            r#"replace("a1b22", "/([0-9]+)/", "<$1>")"#,
            r#""a<1>b<22>""#,
        ),
        (r#"substr("hello world", 1, 4)"#, r#""ello""#),
        (r#"substr("hello world", -5, -1)"#, r#""world""#),
        (r#"split(",", "a,b,c")"#, r#"["a","b","c"]"#),
        (r#"join("-", ["a", "b"], ["c"])"#, r#""a-b-c""#),
        (r#"startswith("hello", "he")"#, "true"),
        (r#"endswith("hello", "he")"#, "false"),
        (r#"strcontains("hello", "ll")"#, "true"),
        (
            r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#,
            r#""aaabbbccc""#,
        ),
        (
            r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#,
            r#"["2019","02","01"]"#,
        ),
        (
            r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#,
            r#"{"authority":"terraform.io","scheme":"https"}"#,
        ),
        (
            r#"regexall("[a-z]+", "1234abcd5678efgh9")"#,
            r#"["abcd","efgh"]"#,
        ),
        (r#"length(regexall("[a-z]+", "1234"))"#, "0"),
        (r#"can(regex("[a-z]+", "1234"))"#, "false"),
        (r#"tostring(5)"#, r#""5""#),
        (r#"tonumber("5")"#, "5"),
        (r#"tobool("true")"#, "true"),
        (r#"tobool(null)"#, "null"),
        (r#"can(tobool(1))"#, "false"),
        (r#"can(tobool("yes"))"#, "false"),
        (r#"urlencode("a b&c")"#, r#""a+b%26c""#),
        (
            r#"format("%s-%03d-%.2f-%q-%t-%x-%v", "a", 7, 3.14159, "q", true, 255, 1.5)"#,
            r#""a-007-3.14-\"q\"-true-ff-1.5""#,
        ),
        (
            r#"format("%-5s|%5s|%[1]s", "ab", "cd")"#,
            r#""ab   |   cd|ab""#,
        ),
        (r#"format("%%")"#, r#""%""#),
        (
            r#"formatlist("%s-%s", ["a", "b"], "x")"#,
            r#"["a-x","b-x"]"#,
        ),
        (r#"formatlist("%s!", ["a", var.u])"#, r#"["a!",?]"#),
    ]);
}

#[test]
fn collection_functions() {
    check(&[
        (r#"length([1, 2, 3])"#, "3"),
        (r#"length({ a = 1 })"#, "1"),
        (r#"length("héllo")"#, "5"),
        (r#"concat([1], [2, 3])"#, "[1,2,3]"),
        (
            r#"merge({ a = 1 }, null, { b = 2, a = 3 })"#,
            r#"{"a":3,"b":2}"#,
        ),
        (r#"lookup({ a = 1 }, "b", 9)"#, "9"),
        (r#"lookup({ a = { x = 1 } }, "a", { x = 0 })"#, r#"{"x":1}"#),
        (r#"keys({ b = 1, a = 2 })"#, r#"["a","b"]"#),
        (r#"values({ b = 1, a = 2 })"#, "[2,1]"),
        (r#"element(["a", "b", "c"], 4)"#, r#""b""#),
        (r#"index(["a", "b"], "b")"#, "1"),
        (r#"contains(["a", "b"], "c")"#, "false"),
        (r#"flatten([[1, [2]], [], 3])"#, "[1,2,3]"),
        (r#"compact(["a", "", null, "b"])"#, r#"["a","b"]"#),
        (r#"distinct(["b", "a", "b"])"#, r#"["b","a"]"#),
        (r#"toset(["b", "a", "b"])"#, r#"["a","b"]"#),
        (r#"tolist(toset(["b", "a"]))"#, r#"["a","b"]"#),
        (r#"tomap({ a = "x" })"#, r#"{"a":"x"}"#),
        (r#"one([])"#, "null"),
        (r#"one(["x"])"#, r#""x""#),
        (r#"zipmap(["a", "b"], [1, 2])"#, r#"{"a":1,"b":2}"#),
        (r#"coalesce("", null, "x")"#, r#""x""#),
        (r#"coalescelist([], ["a"], ["b"])"#, r#"["a"]"#),
        (r#"slice(["a", "b", "c", "d"], 1, 3)"#, r#"["b","c"]"#),
        (r#"reverse([1, 2, 3])"#, "[3,2,1]"),
        (r#"sort(["b", "c", "a"])"#, r#"["a","b","c"]"#),
        (
            r#"setproduct(["a", "b"], [1, 2])"#,
            r#"[["a",1],["a",2],["b",1],["b",2]]"#,
        ),
        (r#"setunion(["a", "b"], ["b", "c"])"#, r#"["a","b","c"]"#),
        (r#"setintersection(["a", "b"], ["b", "c"])"#, r#"["b"]"#),
        (r#"setsubtract(["a", "b", "c"], ["b"])"#, r#"["a","c"]"#),
        (r#"sum([1, 2, 3.5])"#, "6.5"),
        (r#"alltrue([true, "true"])"#, "true"),
        (r#"anytrue([false, true])"#, "true"),
        (r#"range(3)"#, "[0,1,2]"),
        (r#"range(1, 4, 2)"#, "[1,3]"),
        (r#"range(3, 0)"#, "[3,2,1]"),
        (r#"chunklist(["a", "b", "c"], 2)"#, r#"[["a","b"],["c"]]"#),
        (
            r#"matchkeys(["i-1", "i-2"], ["a", "b"], ["b"])"#,
            r#"["i-2"]"#,
        ),
        (
            r#"transpose({ a = ["1", "2"], b = ["2"] })"#,
            r#"{"1":["a"],"2":["a","b"]}"#,
        ),
        (r#"max(1, 5, 3)"#, "5"),
        (r#"min(1, 5, 3)"#, "1"),
        (r#"abs(-3)"#, "3"),
        (r#"ceil(1.2)"#, "2"),
        (r#"floor(1.8)"#, "1"),
        (r#"signum(-4)"#, "-1"),
        (r#"pow(2, 10)"#, "1024"),
        (r#"log(8, 2)"#, "3"),
        (r#"parseint("ff", 16)"#, "255"),
        (r#"nonsensitive(sensitive("s"))"#, r#""s""#),
    ]);
}

#[test]
fn encoding_and_network_functions() {
    check(&[
        (r#"base64encode("Hello World")"#, r#""SGVsbG8gV29ybGQ=""#),
        (r#"base64decode("SGVsbG8gV29ybGQ=")"#, r#""Hello World""#),
        (
            r#"jsonencode({ b = [1, true], a = null })"#,
            r#""{\"a\":null,\"b\":[1,true]}""#,
        ),
        (r#"jsondecode("{\"a\": [1, \"x\"]}")"#, r#"{"a":[1,"x"]}"#),
        (
            r#"yamldecode("a: 1\nb: [x, y]\n")"#,
            r#"{"a":1,"b":["x","y"]}"#,
        ),
        (
            r#"yamlencode({ a = "b", c = [1, 2] })"#,
            r#""\"a\": \"b\"\n\"c\":\n- 1\n- 2\n""#,
        ),
        (
            r#"yamldecode(yamlencode({ a = { b = ["x", { c = 1 }] } }))"#,
            r#"{"a":{"b":["x",{"c":1}]}}"#,
        ),
        (r#"cidrsubnet("10.1.0.0/16", 8, 2)"#, r#""10.1.2.0/24""#),
        (
            r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#,
            r#""fd00:fd12:3456:7800:a200::/72""#,
        ),
        (r#"cidrhost("10.12.112.0/20", 16)"#, r#""10.12.112.16""#),
        (r#"cidrhost("10.12.112.0/20", -2)"#, r#""10.12.127.254""#),
        (r#"cidrnetmask("172.16.0.0/12")"#, r#""255.240.0.0""#),
        (
            r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
            r#"["10.1.0.0/20","10.1.16.0/20","10.1.32.0/24","10.1.48.0/20"]"#,
        ),
        (r#"basename("foo/bar/baz.txt")"#, r#""baz.txt""#),
        (r#"dirname("foo/bar/baz.txt")"#, r#""foo/bar""#),
    ]);
}

#[test]
fn unknowns_stay_as_small_as_possible() {
    check(&[
        // A list with an unknown element keeps its length and its known elements.
        (
            r#"concat([{ a = 1 }], [{ a = var.u }])"#,
            r#"[{"a":1},{"a":?}]"#,
        ),
        (r#"length(concat(["x"], [var.u]))"#, "2"),
        (r#"element(["x", var.u], 0)"#, r#""x""#),
        (r#"slice(["x", var.u, "z"], 0, 1)"#, r#"["x"]"#),
        (r#"reverse(["x", var.u])"#, r#"[?,"x"]"#),
        // An object with an unknown attribute keeps the others.
        (
            r#"lookup({ a = var.u, lifecycle = { delete_after = 7 } }, "lifecycle", null)"#,
            r#"{"delete_after":7}"#,
        ),
        (r#"merge({ a = var.u }, { b = 2 })"#, r#"{"a":?,"b":2}"#),
        (r#"keys({ a = var.u, b = 1 })"#, r#"["a","b"]"#),
        (r#"contains(["a", var.u], "a")"#, "true"),
        (r#"contains(["a", var.u], "b")"#, "?"),
        (r#"alltrue([false, var.u])"#, "false"),
        (r#"anytrue([false, var.u])"#, "?"),
        (r#"zipmap(["a", "b"], [1, var.u])"#, r#"{"a":1,"b":?}"#),
        // Comparing elements needs them all.
        (r#"distinct(["a", var.u])"#, "?"),
        (r#"compact(["a", var.u])"#, "?"),
        (r#"flatten([["a"], var.u])"#, "?"),
        (r#"length(var.u)"#, "?"),
        // A conditional on an unknown keeps what both branches agree on.
        (
            r#"var.u ? { a = 1, b = 2 } : { a = 1, b = 3 }"#,
            r#"{"a":1,"b":?}"#,
        ),
        (r#"var.u ? [1, 2] : [1]"#, "?"),
        // Scalars of unknowns are unknown; functions lifeboat does not know are unknown.
        (r#"upper(var.u)"#, "?"),
        (r#"timestamp()"#, "?"),
        (r#"md5("x")"#, "?"),
        (r#"provider::aws::arn_parse("x")"#, "?"),
    ]);
}

#[test]
fn hostile_arguments_stay_bounded() {
    check(&[
        // Widths past any real use are unknown, not a panic (Rust caps widths at 65535).
        (r#"length(format("%65536s", "x"))"#, "65536"),
        (r#"length(format("%065536d", 1))"#, "65536"),
        (r#"format("%.65536f", 1)"#, "?"),
        (r#"format("%1000001s", "x")"#, "?"),
        (r#"length(format("%300s", "x"))"#, "300"),
        // A step too small to move a float at 2^53 still ends.
        (r#"length(range(9007199254740992, 9007199254740994))"#, "2"),
        (r#"length(range(0, 1000000))"#, "?"),
        (
            r#"can(regex("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"))"#,
            "false",
        ),
        (r#"can(regex("(", "x"))"#, "false"),
        (r#"indent(100000, "a\nb")"#, "?"),
    ]);
}

#[test]
fn the_supported_functions_are_listed_in_the_readme_and_sorted() {
    let mut sorted = FUNCTIONS.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        sorted, FUNCTIONS,
        "keep SUPPORTED sorted and without duplicates"
    );
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README");
    let start = readme
        .find("<!-- functions -->")
        .expect("README marks the function list with <!-- functions -->");
    let end = readme[start..]
        .find("<!-- /functions -->")
        .expect("closing marker")
        + start;
    let listed: Vec<&str> = readme[start..end].split('`').skip(1).step_by(2).collect();
    assert_eq!(
        listed, FUNCTIONS,
        "the README lists exactly the supported functions"
    );
}

#[test]
fn every_supported_function_is_exercised() {
    // Each supported function is called in this file or in a fixture (the filesystem
    // functions need a module on disk, so their cases are fixtures).
    let here = include_str!("functions.rs");
    let mut fixtures = String::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("fixture dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tf") {
                fixtures.push_str(&std::fs::read_to_string(&p).expect("fixture"));
            }
        }
    }
    let missing: Vec<&&str> = FUNCTIONS
        .iter()
        .filter(|f| {
            let call = format!("{f}(");
            !here.contains(&call) && !fixtures.contains(&call)
        })
        .collect();
    assert!(missing.is_empty(), "never called in a test: {missing:?}");
}
