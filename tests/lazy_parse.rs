//! A big `.tf` file's resource blocks are parsed on their own and again when evaluated
//! (no whole syntax tree is held); what it reports must be what the same blocks report
//! from small files, which are parsed whole.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

/// The blocks of a module with findings of many rules: buckets and their versioning by
/// reference, tables with `dynamic` attributes, databases with `count`, vaults, plans and
/// selections with `for_each`, heredoc policies, and comments holding braces.
fn blocks(n: usize) -> Vec<String> {
    let mut out = vec![
        "variable \"env\" {\n  default = \"prod\"\n}\n".to_string(),
        "locals {\n  names = [\"a\", \"b\"] # { not a block\n}\n".to_string(),
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\n".to_string(),
    ];
    for i in 0..n {
        out.push(format!(
            "resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"${{var.env}}-bucket-{i}\"\n  tags = {{ team = \"}}data\" }}\n}}\n"
        ));
        out.push(format!(
            "resource \"aws_s3_bucket_versioning\" \"b{i}\" {{\n  bucket = aws_s3_bucket.b{i}.id\n  versioning_configuration {{\n    status = \"{}\"\n  }}\n}}\n",
            if i % 2 == 0 { "Enabled" } else { "Suspended" }
        ));
        out.push(format!(
            "resource \"aws_dynamodb_table\" \"t{i}\" {{\n  name     = \"table-{i}\"\n  hash_key = \"id\"\n  dynamic \"attribute\" {{\n    for_each = local.names\n    content {{\n      name = attribute.value\n      type = \"S\"\n    }}\n  }}\n  point_in_time_recovery {{\n    enabled = {}\n  }}\n}}\n",
            i % 3 != 0
        ));
        out.push(format!(
            "resource \"aws_db_instance\" \"d{i}\" {{\n  count                   = 1\n  identifier              = \"db-{i}\"\n  engine                  = \"postgres\"\n  backup_retention_period = {}\n  storage_encrypted       = true\n}}\n",
            if i % 4 == 0 { 0 } else { 7 }
        ));
        if i % 25 == 0 {
            out.push(format!(
                "resource \"aws_backup_vault\" \"v{i}\" {{\n  for_each = toset(local.names)\n  name     = \"vault-{i}-${{each.key}}\"\n}}\n"
            ));
            out.push(format!(
                "resource \"aws_backup_vault_policy\" \"v{i}\" {{\n  backup_vault_name = aws_backup_vault.v{i}[\"a\"].name\n  policy = <<-EOT\n    {{ \"Version\": \"2012-10-17\", \"Statement\": [] }}\n  EOT\n}}\n"
            ));
            out.push(format!(
                "resource \"aws_backup_plan\" \"p{i}\" {{\n  name = \"plan-{i}\"\n  rule {{\n    rule_name         = \"daily\"\n    target_vault_name = aws_backup_vault.v{i}[\"a\"].name\n    schedule          = \"cron(0 5 * * ? *)\"\n    lifecycle {{\n      cold_storage_after = 30\n      delete_after       = 60\n    }}\n  }}\n}}\n"
            ));
            out.push(format!(
                "resource \"aws_backup_selection\" \"s{i}\" {{\n  name         = \"sel-{i}\"\n  plan_id      = aws_backup_plan.p{i}.id\n  iam_role_arn = \"arn:aws:iam::123456789012:role/backup\"\n  resources    = [aws_dynamodb_table.t{i}.arn] /* }} */\n}}\n"
            ));
        }
    }
    out
}

/// (rule, resource, message, text of the first line the finding points at) → how many.
fn findings(
    report: &serde_json::Value,
    dir: &Path,
) -> BTreeMap<(String, String, String, String), usize> {
    let mut out = BTreeMap::new();
    for f in report["findings"].as_array().expect("findings") {
        let path = f["location"]["path"].as_str().unwrap_or_default();
        let name = Path::new(path).file_name().expect("a file");
        let text = std::fs::read_to_string(dir.join(name)).expect("the file");
        let line = f["location"]["start_line"].as_u64().unwrap_or(0) as usize;
        let shown = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .trim();
        let key = (
            f["rule_id"].as_str().unwrap_or_default().to_string(),
            f["resource"].as_str().unwrap_or_default().to_string(),
            // Messages about the whole module name its directory.
            f["message"]
                .as_str()
                .unwrap_or_default()
                .replace(&*dir.to_string_lossy(), "DIR"),
            shown.to_string(),
        );
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

#[test]
fn a_big_file_reports_what_the_same_blocks_report_from_small_files() {
    let scratch = std::env::temp_dir().join(format!("lifeboat-lazy-{}", std::process::id()));
    let (big, small) = (scratch.join("big"), scratch.join("small"));
    std::fs::create_dir_all(&big).expect("dir");
    std::fs::create_dir_all(&small).expect("dir");
    let blocks = blocks(400);
    let whole = blocks.concat();
    // Over the size from which a file's blocks are parsed on their own (256 KiB).
    assert!(whole.len() > 256 * 1024, "{} bytes", whole.len());
    std::fs::write(big.join("main.tf"), &whole).expect("write");
    for (i, part) in blocks.chunks(blocks.len() / 8 + 1).enumerate() {
        let text = part.concat();
        assert!(text.len() < 256 * 1024);
        std::fs::write(small.join(format!("part{i}.tf")), text).expect("write");
    }
    let (big_code, big_report) = common::check_json(&[&big], &[]);
    let (small_code, small_report) = common::check_json(&[&small], &[]);
    let (from_big, from_small) = (findings(&big_report, &big), findings(&small_report, &small));
    let _ = std::fs::remove_dir_all(&scratch);
    assert_eq!((big_code, small_code), (1, 1));
    assert_eq!(
        big_report["summary"]["resources"],
        small_report["summary"]["resources"]
    );
    let rules: std::collections::BTreeSet<&String> = from_big.keys().map(|k| &k.0).collect();
    assert!(rules.len() >= 5, "findings of several rules: {rules:?}");
    let only = |a: &BTreeMap<_, usize>, b: &BTreeMap<_, usize>| -> Vec<String> {
        a.iter()
            .filter(|(k, n)| b.get(*k) != Some(*n))
            .map(|(k, n)| format!("{n} x {k:?}"))
            .collect()
    };
    assert_eq!(
        (only(&from_big, &from_small), only(&from_small, &from_big)),
        (vec![], vec![]),
        "findings only from the big file, only from the small ones"
    );
}
