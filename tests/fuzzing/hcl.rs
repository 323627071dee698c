//! A grammar generator for Terraform modules: random expressions (functions, templates,
//! `for`, splats, conditionals, references, edge numbers) in the attributes the rules read,
//! with `count`, `for_each`, `dynamic` blocks, providers and variables.

use super::rng::Rng;

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "7",
    "30",
    "35",
    "90",
    "120",
    "365",
    "1e400",
    "9007199254740992",
    "100000",
    "0.5",
    "-0",
    "1e308",
];

const STRINGS: &[&str] = &[
    "",
    "prod",
    "cron(0 5 * * ? *)",
    "cron(0 5 ? * * *)",
    "rate(1 day)",
    "us-east-1",
    "us-west-2",
    "arn:aws:backup:us-east-1:123456789012:backup-vault:dr",
    "BACKUP_JOB_COMPLETED",
    "%65536s",
    "%.65536f",
    "%d",
    "%s-%s",
    "a,b,c",
    "\\u001b[31m",
    "\\n",
    "${",
    "%%{",
    "*",
];

/// Places outside each generated case's repository (the batch directory; cases sit at
/// `batch/cN/`), where the fuzzer plants a secret: a file, a directory, the process's
/// environment, and the case's own symbolic links leading out.
const OUTSIDE: &[&str] = &[
    "../../fuzz-outside/secret.txt",
    "../fuzz-outside/secret.txt",
    "../../fuzz-outside",
    "${path.module}/../../fuzz-outside/secret.txt",
    "/proc/self/environ",
    "/proc/self/cmdline",
    "link.txt",
    "${path.module}/link.txt",
    "linkdir",
    "linkdir/secret.txt",
];

/// Strings that make string-building functions ask for huge results.
const HUGE: &[&str] = &["%1000000000s", "%-999999999d", "%.1000000000f"];

const REFERENCES: &[&str] = &[
    "var.x",
    "var.list",
    "var.map",
    "local.a",
    "local.b",
    "local.c",
    "count.index",
    "each.key",
    "each.value",
    "aws_backup_vault.v.name",
    "aws_backup_vault.v.arn",
    "aws_backup_plan.p.id",
    "aws_s3_bucket.b[0].arn",
    "aws_s3_bucket.b[*].id",
    "module.m.out",
    "data.aws_region.r.name",
    "path.module",
    "terraform.workspace",
    "self.name",
    "aws_kms_key.k.arn",
    "var.missing",
];

/// Generates expressions from the function list under a size budget.
pub struct Gen<'a> {
    rng: &'a mut Rng,
    functions: &'a [&'a str],
    budget: usize,
}

impl<'a> Gen<'a> {
    /// A generator drawing from `rng`, calling `functions`.
    pub fn new(rng: &'a mut Rng, functions: &'a [&'a str]) -> Gen<'a> {
        Gen {
            rng,
            functions,
            budget: 60,
        }
    }

    fn atom(&mut self) -> String {
        match self.rng.below(9) {
            0 => self.rng.word(NUMBERS).to_string(),
            1 | 2 => format!("\"{}\"", self.rng.word(STRINGS)),
            3 => self.rng.word(&["true", "false", "null"]).to_string(),
            4 => self.reach(),
            5 => self.huge(),
            _ => self.rng.word(REFERENCES).to_string(),
        }
    }

    /// A read of the file system that leaves the case's repository: its value must never
    /// reach the output.
    fn reach(&mut self) -> String {
        let at = self.rng.word(OUTSIDE);
        match self.rng.below(6) {
            0 => format!("file(\"{at}\")"),
            1 => format!("split(\"\\n\", file(\"{at}\"))"),
            2 => format!("templatefile(\"{at}\", {{}})"),
            3 => format!("fileset(\"{at}\", \"**\")"),
            4 => format!("fileexists(\"{at}\") ? \"there\" : \"missing\""),
            _ => format!("toset(split(\"\\u0000\", file(\"{at}\")))"),
        }
    }

    /// A string-building call whose result would be huge: a width, a repetition, a
    /// separator or a replacement that multiplies.
    fn huge(&mut self) -> String {
        let n = self
            .rng
            .word(&["100000", "1000000", "1000000000", "9007199254740992"]);
        match self.rng.below(6) {
            0 => format!("format(\"{}\", 1)", self.rng.word(HUGE)),
            1 => format!("join(format(\"%{n}s\", \"\"), range({n}))"),
            2 => format!("indent({n}, \"a\\nb\\nc\")"),
            3 => format!("replace(replace(format(\"%{n}s\", \"\"), \" \", \"  \"), \" \", \"  \")"),
            4 => format!("replace(format(\"%{n}s\", \"\"), \"/ */\", \"xx\")"),
            _ => format!("formatlist(\"%{n}s\", range({n}))"),
        }
    }

    /// One expression, nested at most `depth` deep.
    pub fn expr(&mut self, depth: usize) -> String {
        if depth == 0 || self.budget == 0 {
            return self.atom();
        }
        self.budget -= 1;
        let d = depth - 1;
        match self.rng.below(16) {
            0 => {
                let items: Vec<String> = (0..self.rng.below(4)).map(|_| self.expr(d)).collect();
                format!("[{}]", items.join(", "))
            }
            1 => {
                let items: Vec<String> = (0..self.rng.below(4))
                    .map(|i| format!("k{i} = {}", self.expr(d)))
                    .collect();
                format!("{{ {} }}", items.join(", "))
            }
            2..=4 => {
                let f = *self.rng.pick(self.functions);
                let args: Vec<String> = (0..self.rng.below(4)).map(|_| self.expr(d)).collect();
                let spread = if self.rng.one_in(8) { "..." } else { "" };
                format!("{f}({}{spread})", args.join(", "))
            }
            5 => format!("{} ? {} : {}", self.expr(d), self.expr(d), self.expr(d)),
            6 => {
                let op = self
                    .rng
                    .pick(&["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]);
                format!("({} {op} {})", self.expr(d), self.expr(d))
            }
            7 => format!("{}{}", self.rng.word(&["!", "-"]), self.expr(d)),
            8 => {
                let cond = if self.rng.one_in(2) {
                    format!(" if {}", self.expr(d))
                } else {
                    String::new()
                };
                format!("[for x in {} : {}{cond}]", self.expr(d), self.expr(d))
            }
            9 => format!("{{ for k, v in {} : k => {} }}", self.expr(d), self.expr(d)),
            10 => format!("{}[{}]", self.expr(d), self.expr(d)),
            11 => format!(
                "{}.{}",
                self.expr(d),
                self.rng.word(&["name", "arn", "id", "0", "*"])
            ),
            12 => format!("{}[*].{}", self.expr(d), self.rng.word(&["id", "name"])),
            13 => format!("\"{}\"", self.template(d)),
            14 => format!("<<-EOT\n  {}\n  EOT\n", self.template(d).replace('"', "'")),
            _ => format!("range({}, {})", self.expr(d), self.expr(d)),
        }
    }

    fn template(&mut self, depth: usize) -> String {
        let mut out = String::new();
        for _ in 0..1 + self.rng.below(3) {
            match self.rng.below(4) {
                0 => out.push_str(&format!("${{{}}}", self.expr(depth))),
                1 => out.push_str(&format!(
                    "%{{ for x in {} }}${{x}}%{{ endfor }}",
                    self.expr(depth)
                )),
                2 => out.push_str(&format!(
                    "%{{ if {} }}a%{{ else }}b%{{ endif }}",
                    self.expr(depth)
                )),
                _ => out.push_str(self.rng.word(&["x-", "prod", "-", "cron(0 5 * * ? *)"])),
            }
        }
        out
    }

    fn maybe_meta(&mut self) -> String {
        match self.rng.below(8) {
            0 => format!("  count = {}\n", self.expr(2)),
            1 => format!("  for_each = {}\n", self.expr(2)),
            2 => "  provider = aws.dr\n".into(),
            // Instances keyed by what lies outside: their addresses are in every report.
            3 => format!(
                "  for_each = toset(split(\"\\n\", file(\"{}\")))\n",
                self.rng.word(OUTSIDE)
            ),
            4 => format!(
                "  for_each = fileset(\"{}\", \"**\")\n",
                self.rng.word(OUTSIDE)
            ),
            _ => String::new(),
        }
    }

    /// A whole module.
    pub fn module(&mut self) -> String {
        let mut m = String::new();
        m.push_str("provider \"aws\" {\n  region = \"us-east-1\"\n}\n");
        m.push_str("provider \"aws\" {\n  alias  = \"dr\"\n  region = ");
        m.push_str(&self.expr(2));
        m.push_str("\n}\n");
        m.push_str(&format!(
            "variable \"x\" {{\n  default = {}\n}}\n",
            self.expr(3)
        ));
        m.push_str("variable \"list\" {\n  default = [1, 2, 3]\n}\n");
        m.push_str("variable \"map\" {\n  default = { a = \"b\" }\n}\n");
        m.push_str(&format!(
            "locals {{\n  a = {}\n  b = {}\n  c = {}\n}}\n",
            self.expr(4),
            self.expr(4),
            self.expr(4)
        ));
        let meta = self.maybe_meta();
        m.push_str(&format!(
            "resource \"aws_backup_vault\" \"v\" {{\n{meta}  name = {}\n  force_destroy = {}\n}}\n",
            self.expr(3),
            self.expr(2)
        ));
        m.push_str(&format!(
            "resource \"aws_backup_vault_lock_configuration\" \"l\" {{\n  backup_vault_name = {}\n  min_retention_days = {}\n  max_retention_days = {}\n}}\n",
            self.expr(2),
            self.expr(2),
            self.expr(2)
        ));
        let meta = self.maybe_meta();
        let rules = if self.rng.one_in(3) {
            format!(
                "  dynamic \"rule\" {{\n    for_each = {}\n    content {{\n      rule_name = rule.key\n      target_vault_name = {}\n      schedule = {}\n    }}\n  }}\n",
                self.expr(3),
                self.expr(2),
                self.expr(2)
            )
        } else {
            format!(
                "  rule {{\n    rule_name = {}\n    target_vault_name = {}\n    schedule = {}\n    start_window = {}\n    completion_window = {}\n    lifecycle {{\n      cold_storage_after = {}\n      delete_after = {}\n    }}\n    copy_action {{\n      destination_vault_arn = {}\n    }}\n  }}\n",
                self.expr(2),
                self.expr(2),
                self.expr(3),
                self.expr(2),
                self.expr(2),
                self.expr(2),
                self.expr(2),
                self.expr(2)
            )
        };
        m.push_str(&format!(
            "resource \"aws_backup_plan\" \"p\" {{\n{meta}  name = {}\n{rules}}}\n",
            self.expr(2)
        ));
        m.push_str(&format!(
            "resource \"aws_backup_selection\" \"s\" {{\n  name = \"s\"\n  plan_id = aws_backup_plan.p.id\n  iam_role_arn = \"arn:aws:iam::1:role/r\"\n  resources = {}\n  selection_tag {{\n    type = {}\n    key = {}\n    value = {}\n  }}\n}}\n",
            self.expr(2),
            self.expr(1),
            self.expr(1),
            self.expr(2)
        ));
        let meta = self.maybe_meta();
        m.push_str(&format!(
            "resource \"aws_s3_bucket\" \"b\" {{\n{meta}  bucket = {}\n  tags = {}\n}}\n",
            self.expr(2),
            self.expr(2)
        ));
        let meta = self.maybe_meta();
        m.push_str(&format!(
            "resource \"aws_dynamodb_table\" \"t\" {{\n{meta}  name = {}\n  hash_key = \"id\"\n  deletion_protection_enabled = {}\n  point_in_time_recovery {{\n    enabled = {}\n    recovery_period_in_days = {}\n  }}\n}}\n",
            self.expr(2),
            self.expr(1),
            self.expr(2),
            self.expr(2)
        ));
        m.push_str(&format!(
            "resource \"aws_db_instance\" \"d\" {{\n  identifier = {}\n  backup_retention_period = {}\n  backup_window = {}\n  maintenance_window = {}\n  replicate_source_db = {}\n}}\n",
            self.expr(2),
            self.expr(2),
            self.expr(2),
            self.expr(1),
            self.expr(1)
        ));
        m.push_str(&format!(
            "output \"out\" {{\n  value = {}\n}}\n",
            self.expr(2)
        ));
        m
    }

    /// A `.tfvars` file for the module's variables.
    pub fn tfvars(&mut self) -> String {
        format!(
            "x = {}\nlist = {}\nmap = {}\n",
            self.expr(3),
            self.expr(2),
            self.expr(2)
        )
    }
}
