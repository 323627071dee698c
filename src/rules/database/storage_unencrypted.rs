//! LB405 db-storage-unencrypted: storage, and so every snapshot, is unencrypted.

use crate::model::{DatabaseKind, DbService, Estate, Field, Setting};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB405.
pub struct StorageUnencrypted;

impl Rule for StorageUnencrypted {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB405
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for d in super::standalone(estate).filter(|d| d.service.has_storage_encryption()) {
            // Replicas and restores inherit encryption from their source.
            if d.is_replica || d.from_snapshot {
                continue;
            }
            // Redshift's default changed (AWS encrypts new provisioned clusters by default
            // since January 2025; provider versions differ): only `encrypted = false` counts.
            if d.service == DbService::Redshift && d.storage_encrypted.is_absent() {
                continue;
            }
            // Aurora Serverless v1 storage is always encrypted.
            if d.kind == DatabaseKind::Cluster
                && d.engine_mode.known().is_some_and(|m| m == "serverless")
            {
                continue;
            }
            let name = &d.meta.address;
            let encrypted = d.meta.name(Setting::StorageEncrypted);
            match (d.storage_encrypted.clone().absent_as(false), &d.kms_key) {
                (Field::Known { value: true, .. }, _) => {}
                // A key without encryption switched on is not encryption: RDS rejects it.
                (Field::Known { value: false, at }, Field::Known { at: key_at, .. }) => {
                    let key = d.meta.name(Setting::KmsKeyId);
                    // RDS documents the rejection; the other services only say the key is used
                    // when encryption is on.
                    let consequence = if d.service == DbService::Rds {
                        "RDS rejects a KMS key without storage encryption, and the storage is not encrypted"
                    } else {
                        "the key is used only when encryption is on, so the storage is not encrypted"
                    };
                    ctx.report(name, &at, format!("{name} names a KMS key ({key}) but {encrypted} is not true: {consequence}"))
                        .with_related("the KMS key", key_at).headline("KMS key without storage encryption").label(format!("{encrypted} is not true")).help(format!("set {encrypted} = true"));
                }
                // Whatever an unresolved key is, the storage is not encrypted.
                (
                    Field::Known { value: false, at },
                    Field::Absent { .. } | Field::Unknown { .. },
                ) => {
                    ctx.report(name, &at, format!("{name} stores data unencrypted ({encrypted} is not true), and so are its snapshots and backups; encryption can only be turned on by restoring a copy")).headline("database storage unencrypted").label(format!("{encrypted} is not true")).help(format!("set {encrypted} = true; an existing database is encrypted by restoring an encrypted snapshot copy"));
                }
                (f, _) => ctx.unknown(name, &f),
            }
        }
    }
}
