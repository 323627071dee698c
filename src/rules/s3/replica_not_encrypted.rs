//! LB606 s3-replica-not-encrypted: the source encrypts new objects with SSE-KMS, but a
//! replication rule does not select SSE-KMS encrypted objects, so S3 does not replicate
//! them (and gives no replica a destination key).

use crate::model::{Estate, Field, Setting};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB606.
pub struct ReplicaNotEncrypted;

impl Rule for ReplicaNotEncrypted {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB606
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for b in &estate.buckets {
            // Only a source whose objects are SSE-KMS encrypted has something this fixes;
            // S3's default (SSE-S3) objects replicate as they are.
            let kms = match b.default_encryption.clone().absent_as("AES256".into()) {
                Field::Known { value, .. } => value.starts_with("aws:kms"),
                f => {
                    if !b.replication.items.is_empty() {
                        ctx.unknown(&b.meta.address, &f);
                    }
                    false
                }
            };
            if !kms {
                continue;
            }
            for r in b.replication.iter().filter(|r| super::replicates(r)) {
                let name = &b.meta.address;
                match &r.sse_kms_objects {
                    Field::Known { value: true, .. } => {} // a missing key is LB605's
                    Field::Known { value: false, at } | Field::Absent { owner: at } => {
                        ctx.report(
                            name,
                            if r.sse_kms_objects.is_absent() { &r.location } else { at },
                            format!(
                                "{name} encrypts new objects with SSE-KMS by default, but this replication rule does not select SSE-KMS encrypted objects: S3 does not replicate them (select them and name a replica key, {})",
                                b.meta.name(Setting::ReplicaKmsKey)
                            ),
                        )
                        .with_related("the bucket's default encryption", b.default_encryption.location()).headline("SSE-KMS objects are not replicated")
                        .label("SSE-KMS objects not selected")
                        .help(format!("select SSE-KMS encrypted objects in the rule (source_selection_criteria / SourceSelectionCriteria) and name a replica key ({})", b.meta.name(Setting::ReplicaKmsKey)));
                    }
                    f @ Field::Unknown { .. } => ctx.unknown(name, f),
                }
            }
        }
    }
}
