//! Evaluator unit tests through the public API: values, functions, unknown propagation.
const N_CHAIN: usize = 10_000;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lifeboat::model::SourceFile;
use lifeboat::sources::terraform::{Evaluator, Module, ParsedFile, Scope};
use lifeboat::sources::value::Value;

/// Evaluates `local.out` in a module made of `src`, with the given variable values.
fn eval_with(src: &str, vars: &[(&str, Value)]) -> Value {
    let body = hcl_edit::parser::parse_body(src).expect("test source parses");
    let file = Arc::new(SourceFile::new(
        PathBuf::from("t.tf"),
        "t.tf".into(),
        src.into(),
    ));
    let files = vec![ParsedFile {
        file,
        body,
        resources: Vec::new(),
    }];
    let module = Module::index(&files);
    let vars: HashMap<String, Value> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let ev = Evaluator::new(&module, vars);
    let expr: hcl_edit::expr::Expression = "local.out".parse().expect("expr");
    ev.eval(&expr, &Scope::root())
}

fn eval(src: &str) -> Value {
    eval_with(src, &[])
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

#[test]
fn locals_across_dependencies_templates_and_arithmetic() {
    let v = eval(
        "locals {\n out = \"${local.env}-${local.n * 2 + 1}\"\n env = lower(\"PROD\")\n n = 3\n}\n",
    );
    assert_eq!(v, s("prod-7"));
}

#[test]
fn conditionals_for_expressions_and_functions() {
    let v = eval(
        r#"locals {
  m = { a = 1, b = 40, c = 9 }
  big = [for k, v in local.m : k if v > 5]
  out = join(",", concat(local.big, [format("%03d", 7)], [tostring(max(3, 8))], [length(local.m) == 3 ? "three" : "no"]))
}"#,
    );
    assert_eq!(v, s("b,c,007,8,three"));
}

#[test]
fn lookup_merge_coalesce_try_can_element_contains() {
    let v = eval(
        r#"locals {
  tags = merge({ Env = "dev" }, { Env = "prod", Team = "x" })
  out = [
    lookup(local.tags, "Env", "none"),
    lookup(local.tags, "Missing", "none"),
    coalesce("", null, "first"),
    try(local.tags.Nope, "fallback"),
    can(local.tags.Nope),
    element(["a", "b"], 3),
    contains(toset(["x", "y"]), "y"),
  ]
}"#,
    );
    assert_eq!(
        v,
        Value::List(vec![
            s("prod"),
            s("none"),
            s("first"),
            s("fallback"),
            Value::Bool(false),
            s("b"),
            Value::Bool(true)
        ])
    );
}

#[test]
fn unknown_propagates_and_never_errors() {
    // A variable without a value, a data source, a module output and an unknown function.
    for expr in [
        "var.days + 1",
        "data.aws_x.y.id",
        "module.m.out",
        "timestamp()",
        "\"${var.days}-x\"",
        "upper(var.days)",
    ] {
        let v = eval(&format!(
            "variable \"days\" {{}}\nlocals {{\n out = {expr}\n}}\n"
        ));
        assert!(v.is_unknown(), "{expr} should be unknown, got {v:?}");
    }
    // Short-circuiting logic and equal branches stay known.
    assert_eq!(
        eval("variable \"x\" {}\nlocals {\n out = false && var.x\n}\n"),
        Value::Bool(false)
    );
    assert_eq!(
        eval("variable \"x\" {}\nlocals {\n out = var.x ? 5 : 5\n}\n"),
        Value::Number(5.0)
    );
}

#[test]
fn variables_and_cycles() {
    assert_eq!(
        eval_with(
            "variable \"d\" {}\nlocals {\n out = var.d * 2\n}\n",
            &[("d", Value::Number(4.0))]
        ),
        Value::Number(8.0)
    );
    // Strings convert to numbers as Terraform does.
    assert_eq!(
        eval_with(
            "variable \"d\" {}\nlocals {\n out = var.d + 1\n}\n",
            &[("d", s("4"))]
        ),
        Value::Number(5.0)
    );
    // A cycle between locals is unknown, not a hang or a crash.
    assert!(eval("locals {\n out = local.a\n a = local.out\n}\n").is_unknown());
}

#[test]
fn resource_references_carry_their_origin() {
    let v = eval("resource \"aws_backup_vault\" \"v\" {\n name = \"vault-a\"\n}\nlocals {\n out = [aws_backup_vault.v.name, aws_backup_vault.v.arn]\n}\n");
    let Value::List(items) = v else {
        panic!("list expected")
    };
    assert_eq!(items[0], s("vault-a"));
    let Value::Unknown(Some(origin)) = &items[1] else {
        panic!("arn should be unknown with an origin: {:?}", items[1])
    };
    assert_eq!(origin.address, "aws_backup_vault.v");
    assert_eq!(origin.attribute, "arn");
}

#[test]
fn count_and_for_each_instances_are_addressable() {
    let v = eval(
        "resource \"aws_s3_bucket\" \"b\" {\n for_each = toset([\"logs\", \"data\"])\n bucket = \"x-${each.key}\"\n}\nresource \"aws_s3_bucket\" \"c\" {\n count = 2\n bucket = \"c-${count.index}\"\n}\nlocals {\n out = [aws_s3_bucket.b[\"logs\"].bucket, aws_s3_bucket.c[1].bucket, length(aws_s3_bucket.c[*].bucket)]\n}\n",
    );
    assert_eq!(
        v,
        Value::List(vec![s("x-logs"), s("c-1"), Value::Number(2.0)])
    );
}

#[test]
fn very_long_reference_chains_become_unknown_instead_of_overflowing() {
    let mut src = String::from("locals {\n  out = local.l0\n");
    for i in 0..N_CHAIN {
        src.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    src.push_str(&format!("  l{N_CHAIN} = 1\n}}\n"));
    // lifeboat evaluates on worker threads with 16 MiB stacks; do the same here.
    let long = std::thread::Builder::new()
        .stack_size(16 * 1024 * 1024)
        .spawn(move || eval(&src))
        .expect("spawn")
        .join()
        .expect("no overflow");
    assert!(long.is_unknown());
    // A short chain still resolves.
    assert_eq!(
        eval("locals {\n out = local.a\n a = local.b\n b = 2\n}\n"),
        Value::Number(2.0)
    );
}
