//! LB101 vault-kms-cmk: a vault without a customer-managed KMS key.

use crate::model::{Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB101.
pub struct KmsCmk;

impl Rule for KmsCmk {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB101
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for v in &estate.vaults {
            match &v.kms_key {
                Field::Absent { owner } => {
                    ctx.report(
                        &v.meta.address,
                        owner,
                        format!(
                            "backup vault {} has no customer-managed KMS key: it uses the AWS-managed key, whose policy you cannot restrict and which cannot be shared across accounts",
                            v.meta.address
                        ),
                    ).headline("backup vault encrypted with the AWS-managed key")
                    .label("no customer-managed KMS key")
                    .help("create a KMS key for backups and set it as the vault's encryption key (kms_key_arn / EncryptionKeyArn); the vault must be recreated to change it");
                }
                // An unresolved key reference is still a customer-managed key being set.
                Field::Unknown { .. } | Field::Known { .. } => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{cfn, tf};

    #[test]
    fn air_gapped_vaults_use_an_aws_owned_key_or_the_customer_key_they_name() {
        // The AWS-owned key of an air-gapped vault is its design, not the AWS-managed key.
        let lag = |key: &str| {
            format!("resource \"aws_backup_logically_air_gapped_vault\" \"lag\" {{\n  name               = \"lag\"\n  min_retention_days = 7\n  max_retention_days = 35\n{key}}}\n")
        };
        assert_eq!(tf("LB101", &lag("")), [0; 0]);
        assert_eq!(
            tf(
                "LB101",
                &lag("  encryption_key_arn = \"arn:aws:kms:us-east-1:111111111111:key/k\"\n")
            ),
            [0; 0]
        );
        let template = |key: &str| {
            format!("Resources:\n  Lag:\n    Type: AWS::Backup::LogicallyAirGappedBackupVault\n    Properties:\n      BackupVaultName: lag\n      MinRetentionDays: 7\n      MaxRetentionDays: 35\n{key}")
        };
        assert_eq!(cfn("LB101", &template("")), [0; 0]);
        assert_eq!(
            cfn(
                "LB101",
                &template("      EncryptionKeyArn: arn:aws:kms:us-east-1:111111111111:key/k\n")
            ),
            [0; 0]
        );
        // A standard vault without a key is reported.
        assert_eq!(
            tf(
                "LB101",
                "resource \"aws_backup_vault\" \"v\" {\n  name = \"v\"\n}\n"
            ),
            [1]
        );
    }
}
