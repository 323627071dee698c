//! Generated inputs for the benchmarks: the scale cases of the hostile-input issue, written
//! once into a directory. Sizes are parameters so that `cargo test` can run every benchmark
//! once on small inputs and `cargo bench` on the real ones.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("case directory");
    }
    std::fs::write(path, text).expect("case file");
}

const PROVIDER: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";

/// `n` coverage groups in one file: a locked vault, a plan, a selection by tag and the
/// tagged table it selects (coverage rules match every selection against every table).
pub fn coverage_groups(dir: &Path, n: usize) -> PathBuf {
    let mut t = String::from(PROVIDER);
    for i in 0..n {
        let _ = write!(
            t,
            r#"
resource "aws_backup_vault" "v{i}" {{
  name = "vault-{i}"
}}
resource "aws_backup_vault_lock_configuration" "l{i}" {{
  backup_vault_name  = aws_backup_vault.v{i}.name
  min_retention_days = 7
  max_retention_days = 365
}}
resource "aws_backup_plan" "p{i}" {{
  name = "plan-{i}"
  rule {{
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.v{i}.name
    schedule          = "cron(0 5 * * ? *)"
    lifecycle {{
      delete_after = 35
    }}
  }}
}}
resource "aws_backup_selection" "s{i}" {{
  name         = "sel-{i}"
  plan_id      = aws_backup_plan.p{i}.id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  selection_tag {{
    type  = "STRINGEQUALS"
    key   = "backup-group"
    value = "g{i}"
  }}
}}
resource "aws_dynamodb_table" "t{i}" {{
  name         = "table-{i}"
  hash_key     = "id"
  attribute {{
    name = "id"
    type = "S"
  }}
  point_in_time_recovery {{
    enabled = true
  }}
  tags = {{
    backup-group = "g{i}"
  }}
}}
"#
        );
    }
    let dir = dir.join(format!("coverage-groups-{n}"));
    write(&dir.join("main.tf"), &t);
    dir
}

/// `n` resources (tables, buckets, databases) in one `.tf` file, about 245 bytes each.
pub fn resources(dir: &Path, n: usize) -> PathBuf {
    let mut t = String::from(PROVIDER);
    for i in 0..n {
        let _ = match i % 3 {
            0 => write!(
                t,
                "resource \"aws_dynamodb_table\" \"t{i}\" {{\n  name     = \"table-{i}\"\n  hash_key = \"id\"\n  deletion_protection_enabled = true\n  point_in_time_recovery {{\n    enabled = true\n  }}\n  tags = {{\n    team = \"data\"\n  }}\n}}\n"
            ),
            1 => write!(
                t,
                "resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"bucket-{i}\"\n  tags = {{\n    team = \"data\"\n    env  = \"prod\"\n  }}\n}}\nresource \"aws_s3_bucket_versioning\" \"b{i}\" {{\n  bucket = aws_s3_bucket.b{i}.id\n  versioning_configuration {{\n    status = \"Enabled\"\n  }}\n}}\n"
            ),
            _ => write!(
                t,
                "resource \"aws_db_instance\" \"d{i}\" {{\n  identifier              = \"db-{i}\"\n  engine                  = \"postgres\"\n  backup_retention_period = 14\n  deletion_protection     = true\n  storage_encrypted       = true\n}}\n"
            ),
        };
    }
    let dir = dir.join(format!("resources-{n}"));
    write(&dir.join("main.tf"), &t);
    dir
}

/// Tables without point-in-time recovery, deletion protection or a backup selection:
/// three findings each (LB501, LB502, LB301), all in one file (about `n` findings).
pub fn findings(dir: &Path, n: usize) -> PathBuf {
    let mut t = String::from(PROVIDER);
    for i in 0..n.div_ceil(3) {
        let _ = write!(
            t,
            "resource \"aws_dynamodb_table\" \"t{i}\" {{\n  name     = \"table-{i}\"\n  hash_key = \"id\"\n}}\n"
        );
    }
    let dir = dir.join(format!("findings-{n}"));
    write(&dir.join("main.tf"), &t);
    dir
}

/// A module called `n` times that calls a module `n` times: `n * n` resource instances.
pub fn module_fan_out(dir: &Path, n: usize) -> PathBuf {
    let dir = dir.join(format!("fan-out-{n}"));
    write(
        &dir.join("main.tf"),
        &format!("{PROVIDER}module \"a\" {{\n  source = \"./a\"\n  count  = {n}\n}}\n"),
    );
    write(
        &dir.join("a/main.tf"),
        &format!(
            "module \"b\" {{\n  source = \"./b\"\n  count  = {n}\n  index  = count.index\n}}\n"
        ),
    );
    write(
        &dir.join("a/b/main.tf"),
        "variable \"index\" {}\nresource \"aws_dynamodb_table\" \"t\" {\n  name     = \"table-${var.index}\"\n  hash_key = \"id\"\n}\n",
    );
    dir
}

/// `n` module directories, each calling the next and the last the first: one cycle
/// (LB001 at the call that closes it; its first directory is checked once).
pub fn module_cycle(dir: &Path, n: usize) -> PathBuf {
    let dir = dir.join(format!("module-cycle-{n}"));
    for i in 0..n {
        let next = (i + 1) % n;
        write(
            &dir.join(format!("m{i:05}/main.tf")),
            &format!(
                "module \"next\" {{\n  source = \"../m{next:05}\"\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"b{i}\"\n}}\n"
            ),
        );
    }
    dir
}

/// `n` root modules calling one shared module (a monorepo of environments).
pub fn shared_module_roots(dir: &Path, n: usize) -> PathBuf {
    let dir = dir.join(format!("shared-module-roots-{n}"));
    write(
        &dir.join("modules/table/main.tf"),
        "variable \"name\" {}\nresource \"aws_dynamodb_table\" \"t\" {\n  name     = var.name\n  hash_key = \"id\"\n}\n",
    );
    for i in 0..n {
        write(
            &dir.join(format!("envs/e{i:05}/main.tf")),
            &format!(
                "{PROVIDER}module \"table\" {{\n  source = \"../../modules/table\"\n  name   = \"t{i}\"\n}}\n"
            ),
        );
    }
    dir
}

/// The fixtures copied `n` times: a monorepo of many small root modules and templates.
pub fn monorepo(dir: &Path, fixtures: &Path, n: usize) -> PathBuf {
    let dir = dir.join(format!("monorepo-{n}"));
    let mut cases: Vec<PathBuf> = Vec::new();
    for rule in std::fs::read_dir(fixtures).expect("fixtures").flatten() {
        if let Ok(inner) = std::fs::read_dir(rule.path()) {
            cases.extend(inner.flatten().map(|c| c.path()).filter(|p| p.is_dir()));
        }
    }
    cases.sort();
    for i in 0..n {
        copy_dir(&cases[i % cases.len()], &dir.join(format!("m{i}")));
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("copy target");
    for e in std::fs::read_dir(from).expect("copy source").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}
