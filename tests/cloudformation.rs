//! CloudFormation as a user meets it: templates among other YAML and JSON, hostile inputs,
//! large collections, and the seed's alarm.

mod common;

use std::fmt::Write;
use std::path::Path;

#[test]
fn the_seed_alarm_parses_but_does_not_watch_another_root() {
    let (_, report) = common::check_json(&[Path::new("examples/seed")], &[]);
    let found = common::findings(&report);
    assert!(!found.iter().any(|f| f.0 == "LB001"), "{found:?}");
    // The alarm is its own stack: nothing ties it to the Terraform root's account and
    // region, so the Terraform plan is still unwatched.
    assert!(
        found
            .iter()
            .any(|f| f.0 == "LB701" && f.1 == "examples/seed/main.tf"),
        "{found:?}"
    );
    assert_eq!(report["summary"]["files"], 2, "main.tf and alarm.yaml");
    // Alone, with --strict: the dangling !Ref BackupAlertTopic is unknown, not an error.
    let (code, report) =
        common::check_json(&[Path::new("examples/seed/alarm.yaml")], &["--strict"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["resources"], 1);
}

#[test]
fn other_yaml_and_json_files_are_skipped_silently() {
    let dir = common::temp_dir("not-templates");
    std::fs::write(
        dir.join("workflow.yml"),
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("deploy.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("package.json"),
        "{\"name\": \"x\", \"version\": \"1.0.0\"}",
    )
    .expect("write");
    std::fs::write(dir.join("broken.yaml"), "key: [unclosed\n").expect("write");
    std::fs::write(dir.join("binary.json"), [0xffu8, 0xfe, 0, 1]).expect("write");
    // Beside a directory lifeboat reads, the files that are no template pass without a
    // word (neither a finding nor a problem each)...
    let (code, report) = common::check_json(&[&dir, Path::new("examples/seed")], &[]);
    assert_eq!(code, 1, "{report}");
    assert!(
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| !f["location"]["path"]
                .as_str()
                .unwrap_or("")
                .contains("not-templates")),
        "{report}"
    );
    let said: Vec<&str> = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert_eq!(said.len(), 1, "{report}");
    // ...and the directory itself, which held nothing to check, is named once: alone it
    // is no green check but an input error.
    assert!(said[0].contains("nothing in it was checked"), "{report}");
    let (code, report) = common::check_json(&[&dir], &[]);
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["summary"]["files"], 0, "{report}");
}

#[test]
fn alias_bombs_and_deep_nesting_are_parse_errors_not_hangs() {
    let dir = common::temp_dir("hostile-yaml");
    let mut bomb = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..12 {
        let prev = i - 1;
        let _ = writeln!(bomb, "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]");
    }
    bomb.push_str("Resources: {}\n");
    std::fs::write(dir.join("bomb.yaml"), bomb).expect("write");
    let deep = format!(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}{}\n",
        "[".repeat(300),
        "]".repeat(300)
    );
    std::fs::write(dir.join("flow.yaml"), deep).expect("write");
    let json = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}1{}}}",
        "[".repeat(2000),
        "]".repeat(2000)
    );
    std::fs::write(dir.join("deep.json"), json).expect("write");
    let (code, report) = common::check_json(&[&dir], &[]);
    assert_eq!(code, 1, "{report}");
    let found = common::findings(&report);
    assert_eq!(
        found.iter().filter(|f| f.0 == "LB001").count(),
        3,
        "{found:?}"
    );
    let bomb_message = report["findings"]
        .as_array()
        .and_then(|fs| {
            fs.iter().find(|f| {
                f["location"]["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("bomb.yaml"))
            })
        })
        .map(|f| f["message"].to_string())
        .unwrap_or_default();
    assert!(bomb_message.contains("alias"), "{bomb_message}");
}

/// A template with every resource type lifeboat reads and some it does not.
fn template(i: usize) -> String {
    format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Key{i}:
    Type: AWS::KMS::Key
  Vault{i}:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: !Sub "${{Env}}-vault-{i}"
      EncryptionKeyArn: !GetAtt Key{i}.Arn
      LockConfiguration:
        MinRetentionDays: 7
        ChangeableForDays: 3
  Plan{i}:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: !Join ["-", [plan, !Ref Env, "{i}"]]
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: !Ref Vault{i}
            ScheduleExpression: cron(0 3 ? * * *)
            Lifecycle:
              DeleteAfterDays: !If [IsProd, 35, 7]
  Table{i}:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{{AttributeName: id, AttributeType: S}}]
      KeySchema: [{{AttributeName: id, KeyType: HASH}}]
  Bucket{i}:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
  Fn{i}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
  Mod{i}:
    Type: Rain::Module
    Properties:
      Source: ./module.yaml
  Custom{i}:
    Type: Custom::Thing
    Properties:
      ServiceToken: !ImportValue shared-token
Outputs:
  VaultArn:
    Value: !GetAtt Vault{i}.BackupVaultArn
"#
    )
}

#[test]
fn a_large_template_collection_checks_without_parse_errors() {
    let dir = common::temp_dir("collection");
    for i in 0..300 {
        let name = if i % 3 == 0 {
            format!("t{i}.template")
        } else {
            format!("stack-{i}.yaml")
        };
        std::fs::write(dir.join(name), template(i)).expect("write");
    }
    let (_, report) = common::check_json(&[&dir], &["--region", "eu-west-1"]);
    assert_eq!(report["summary"]["files"], 300);
    let found = common::findings(&report);
    assert!(
        !found.iter().any(|f| f.0 == "LB001"),
        "{:?}",
        found.iter().find(|f| f.0 == "LB001")
    );
    // Each template's table lacks PITR, and its plan has no selection.
    assert_eq!(found.iter().filter(|f| f.0 == "LB501").count(), 300);
    assert_eq!(found.iter().filter(|f| f.0 == "LB207").count(), 300);
    // 8 resources each, SAM, Rain and custom types included.
    assert_eq!(report["summary"]["resources"], 300 * 8);
}

#[test]
fn a_ten_megabyte_template_is_checked() {
    let dir = common::temp_dir("huge");
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    let mut i = 0;
    while text.len() < 10 * 1024 * 1024 {
        let _ = write!(
            text,
            "  Table{i}:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: table-{i}\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n      DeletionProtectionEnabled: true\n      Tags:\n        - Key: Backup\n          Value: daily\n"
        );
        i += 1;
    }
    std::fs::write(dir.join("huge.yaml"), text).expect("write");
    let (_, report) = common::check_json(&[&dir], &[]);
    assert_eq!(report["summary"]["resources"].as_u64(), Some(i as u64));
    let found = common::findings(&report);
    assert!(!found.iter().any(|f| f.0 == "LB001"), "{:?}", found.first());
}
