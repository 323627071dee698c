//! A grammar generator for CloudFormation templates: parameters, conditions (sometimes
//! circular), mappings and backup, S3 and DynamoDB resources whose properties are random
//! intrinsic functions, written as YAML with short-form tags or as JSON.

use super::rng::Rng;

/// A template node.
enum Node {
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// An intrinsic: its long name (`Fn::If`, `Ref`) and argument.
    Fn(&'static str, Box<Node>),
}

use Node::*;

fn s(v: &str) -> Node {
    Scalar(v.to_string())
}

const SCALARS: &[&str] = &[
    "",
    "0",
    "-1",
    "7",
    "35",
    "90",
    "365",
    "1e400",
    "true",
    "false",
    "null",
    "prod",
    "cron(0 5 * * ? *)",
    "rate(1 day)",
    "us-east-1",
    "eu-west-1",
    "Enabled",
    "Disabled",
    "arn:aws:s3:::dest",
    "${AWS::Region}",
    "${Missing}",
    "BACKUP_JOB_COMPLETED",
    "~",
    "\u{1b}]0;x\u{7}",
];

const NAMES: &[&str] = &[
    "Env",
    "Days",
    "Vault",
    "Plan",
    "Bucket",
    "Table",
    "Dest",
    "AWS::Region",
    "AWS::AccountId",
    "AWS::StackName",
    "AWS::NoValue",
    "Nope",
];

struct Gen<'a> {
    rng: &'a mut Rng,
    budget: usize,
}

impl Gen<'_> {
    fn value(&mut self, depth: usize) -> Node {
        if depth == 0 || self.budget == 0 {
            return s(self.rng.word(SCALARS));
        }
        self.budget -= 1;
        let d = depth - 1;
        match self.rng.below(16) {
            0 | 1 => s(self.rng.word(SCALARS)),
            2 => Fn("Ref", Box::new(s(self.rng.word(NAMES)))),
            3 => Fn(
                "Fn::Sub",
                Box::new(s(&format!("x-${{{}}}-y", self.rng.word(NAMES)))),
            ),
            4 => Fn(
                "Fn::GetAtt",
                Box::new(Seq(vec![
                    s(self.rng.word(NAMES)),
                    s(self.rng.word(&["Arn", "BackupVaultName", "Nope"])),
                ])),
            ),
            5 => Fn(
                "Fn::If",
                Box::new(Seq(vec![
                    s(self.rng.word(&["IsProd", "Other", "Missing"])),
                    self.value(d),
                    self.value(d),
                ])),
            ),
            6 => Fn(
                "Fn::Join",
                Box::new(Seq(vec![s("-"), Seq(vec![self.value(d), self.value(d)])])),
            ),
            7 => Fn(
                "Fn::Select",
                Box::new(Seq(vec![
                    s(self.rng.word(&["0", "1", "-1", "99"])),
                    self.value(d),
                ])),
            ),
            8 => Fn("Fn::Split", Box::new(Seq(vec![s(","), self.value(d)]))),
            9 => Fn(
                "Fn::FindInMap",
                Box::new(Seq(vec![
                    s("Map"),
                    self.value(d),
                    s(self.rng.word(&["Days", "Nope"])),
                ])),
            ),
            10 => Fn("Fn::Base64", Box::new(self.value(d))),
            11 => Fn("Fn::GetAZs", Box::new(s(""))),
            12 => Seq((0..self.rng.below(4)).map(|_| self.value(d)).collect()),
            13 => Map((0..self.rng.below(3))
                .map(|i| (format!("K{i}"), self.value(d)))
                .collect()),
            14 => Fn(
                "Fn::Sub",
                Box::new(Seq(vec![
                    s("${A}-${AWS::Region}"),
                    Map(vec![("A".into(), self.value(d))]),
                ])),
            ),
            _ => Fn("Fn::ImportValue", Box::new(self.value(d))),
        }
    }

    fn condition(&mut self, depth: usize) -> Node {
        let d = depth.saturating_sub(1);
        match self.rng.below(if depth == 0 { 2 } else { 5 }) {
            0 => Fn(
                "Fn::Equals",
                Box::new(Seq(vec![self.value(1), self.value(1)])),
            ),
            1 => Fn(
                "Condition",
                Box::new(s(self.rng.word(&["IsProd", "Other", "Missing"]))),
            ),
            2 => Fn("Fn::Not", Box::new(Seq(vec![self.condition(d)]))),
            3 => Fn(
                "Fn::And",
                Box::new(Seq(vec![self.condition(d), self.condition(d)])),
            ),
            _ => Fn(
                "Fn::Or",
                Box::new(Seq(vec![self.condition(d), self.condition(d)])),
            ),
        }
    }

    fn resource(&mut self, kind: &str, props: Vec<(&str, Node)>) -> Node {
        let mut entries = vec![("Type".to_string(), s(kind))];
        if self.rng.one_in(4) {
            entries.push((
                "Condition".into(),
                s(self.rng.word(&["IsProd", "Other", "Missing"])),
            ));
        }
        if self.rng.one_in(6) {
            entries.push(("DependsOn".into(), s(self.rng.word(NAMES))));
        }
        entries.push((
            "Properties".into(),
            Map(props.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        ));
        Map(entries)
    }

    fn template(&mut self) -> Node {
        let v = |g: &mut Self| g.value(3);
        let parameters = Map(vec![
            (
                "Env".into(),
                Map(vec![
                    ("Type".into(), s("String")),
                    ("Default".into(), s("prod")),
                ]),
            ),
            (
                "Days".into(),
                Map(vec![
                    ("Type".into(), s("Number")),
                    ("Default".into(), v(self)),
                ]),
            ),
        ]);
        let conditions = Map(vec![
            ("IsProd".into(), self.condition(3)),
            ("Other".into(), self.condition(3)),
        ]);
        let mappings = Map(vec![(
            "Map".into(),
            Map(vec![("prod".into(), Map(vec![("Days".into(), v(self))]))]),
        )]);
        let props = vec![
            ("BackupVaultName", v(self)),
            (
                "LockConfiguration",
                Map(vec![
                    ("MinRetentionDays".into(), v(self)),
                    ("ChangeableForDays".into(), v(self)),
                ]),
            ),
            (
                "Notifications",
                Map(vec![
                    ("BackupVaultEvents".into(), v(self)),
                    ("SNSTopicArn".into(), v(self)),
                ]),
            ),
        ];
        let vault = self.resource("AWS::Backup::BackupVault", props);
        let rule = Map(vec![
            ("RuleName".into(), v(self)),
            ("TargetBackupVault".into(), v(self)),
            ("ScheduleExpression".into(), v(self)),
            (
                "Lifecycle".into(),
                Map(vec![
                    ("MoveToColdStorageAfterDays".into(), v(self)),
                    ("DeleteAfterDays".into(), v(self)),
                ]),
            ),
            (
                "CopyActions".into(),
                Seq(vec![Map(vec![(
                    "DestinationBackupVaultArn".into(),
                    v(self),
                )])]),
            ),
        ]);
        let props = vec![(
            "BackupPlan",
            Map(vec![
                ("BackupPlanName".into(), v(self)),
                (
                    "BackupPlanRule".into(),
                    if self.rng.one_in(5) {
                        v(self)
                    } else {
                        Seq(vec![rule])
                    },
                ),
            ]),
        )];
        let plan = self.resource("AWS::Backup::BackupPlan", props);
        let props = vec![
            ("BackupPlanId", Fn("Ref", Box::new(s("Plan")))),
            (
                "BackupSelection",
                Map(vec![
                    ("SelectionName".into(), s("s")),
                    ("IamRoleArn".into(), s("arn:aws:iam::1:role/r")),
                    ("Resources".into(), v(self)),
                    (
                        "ListOfTags".into(),
                        Seq(vec![Map(vec![
                            ("ConditionType".into(), s("STRINGEQUALS")),
                            ("ConditionKey".into(), v(self)),
                            ("ConditionValue".into(), v(self)),
                        ])]),
                    ),
                ]),
            ),
        ];
        let selection = self.resource("AWS::Backup::BackupSelection", props);
        let props = vec![
            ("BucketName", v(self)),
            (
                "VersioningConfiguration",
                Map(vec![("Status".into(), v(self))]),
            ),
            (
                "ReplicationConfiguration",
                Map(vec![
                    ("Role".into(), s("arn:aws:iam::1:role/r")),
                    (
                        "Rules".into(),
                        Seq(vec![Map(vec![
                            ("Status".into(), v(self)),
                            ("Destination".into(), Map(vec![("Bucket".into(), v(self))])),
                        ])]),
                    ),
                ]),
            ),
        ];
        let bucket = self.resource("AWS::S3::Bucket", props);
        let props = vec![
            ("TableName", v(self)),
            ("DeletionProtectionEnabled", v(self)),
            (
                "PointInTimeRecoverySpecification",
                Map(vec![("PointInTimeRecoveryEnabled".into(), v(self))]),
            ),
        ];
        let table = self.resource("AWS::DynamoDB::Table", props);
        Map(vec![
            ("AWSTemplateFormatVersion".into(), s("2010-09-09")),
            ("Parameters".into(), parameters),
            ("Conditions".into(), conditions),
            ("Mappings".into(), mappings),
            (
                "Resources".into(),
                Map(vec![
                    ("Vault".into(), vault),
                    ("Plan".into(), plan),
                    ("Selection".into(), selection),
                    ("Bucket".into(), bucket),
                    ("Table".into(), table),
                ]),
            ),
        ])
    }
}

fn quote(v: &str) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn yaml(n: &Node, indent: usize, out: &mut String) {
    match n {
        Scalar(v) => out.push_str(&format!(" {}\n", quote(v))),
        Fn(name, arg) => {
            let tag = match *name {
                "Ref" => "!Ref".to_string(),
                "Condition" => "!Condition".to_string(),
                other => format!("!{}", other.trim_start_matches("Fn::")),
            };
            out.push_str(&format!(" {tag}"));
            match arg.as_ref() {
                Scalar(v) => out.push_str(&format!(" {}\n", quote(v))),
                other => {
                    out.push('\n');
                    yaml_block(other, indent + 2, out);
                }
            }
        }
        Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        other => {
            out.push('\n');
            yaml_block(other, indent + 2, out);
        }
    }
}

fn yaml_block(n: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match n {
        Seq(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                yaml(item, indent + 2, out);
            }
            if items.is_empty() {
                out.push_str(&format!("{pad}[]\n"));
            }
        }
        Map(entries) => {
            for (k, v) in entries {
                out.push_str(&format!("{pad}{}:", quote(k)));
                yaml(v, indent, out);
            }
            if entries.is_empty() {
                out.push_str(&format!("{pad}{{}}\n"));
            }
        }
        other => {
            out.push_str(&pad);
            yaml(other, indent, out);
        }
    }
}

fn json(n: &Node) -> serde_json::Value {
    match n {
        Scalar(v) => serde_json::Value::String(v.clone()),
        Seq(items) => serde_json::Value::Array(items.iter().map(json).collect()),
        Map(entries) => {
            serde_json::Value::Object(entries.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
        Fn(name, arg) => serde_json::json!({ *name: json(arg) }),
    }
}

/// A random template, as YAML (`json` false) or JSON.
pub fn template(rng: &mut Rng, as_json: bool) -> String {
    let t = Gen { rng, budget: 80 }.template();
    if as_json {
        serde_json::to_string_pretty(&json(&t)).unwrap_or_default()
    } else {
        let mut out = String::new();
        yaml_block(&t, 0, &mut out);
        out
    }
}
