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
