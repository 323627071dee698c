//! LB405 db-storage-unencrypted: storage, and so every snapshot, is unencrypted.

use crate::finding::Severity;
use crate::model::{DatabaseKind, Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB405.
pub struct StorageUnencrypted;

static INFO: RuleInfo = RuleInfo {
    id: "LB405",
    name: "db-storage-unencrypted",
    severity: Severity::Error,
};

impl Rule for StorageUnencrypted {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for d in super::standalone(estate) {
            // Replicas and restores inherit encryption from their source; a KMS key implies it.
            if d.is_replica || d.from_snapshot || !d.kms_key.is_absent() {
                continue;
            }
            let serverless_v1 = d.kind == DatabaseKind::Cluster
                && d.engine_mode.known().is_some_and(|m| m == "serverless");
            let name = &d.meta.address;
            match d.storage_encrypted.clone().absent_as(serverless_v1) {
                Field::Known { value: false, at } => {
                    ctx.report(name, &at, format!("{name} stores data unencrypted, and so are its snapshots and backups; encryption can only be turned on by restoring a copy"));
                }
                f @ Field::Unknown { .. } => ctx.unknown(name, &f),
                _ => {}
            }
        }
    }
}
