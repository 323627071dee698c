//! LB606 s3-replica-not-encrypted: replicas are not encrypted with a destination KMS key.

use crate::finding::Severity;
use crate::model::{Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB606.
pub struct ReplicaNotEncrypted;

static INFO: RuleInfo = RuleInfo {
    id: "LB606",
    name: "s3-replica-not-encrypted",
    severity: Severity::Note,
};

impl Rule for ReplicaNotEncrypted {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for b in &estate.buckets {
            for r in b.replication.iter() {
                // With SSE-KMS objects selected, a missing key is an error (LB605).
                if r.sse_kms_objects.known() == Some(&true) {
                    continue;
                }
                if let Field::Absent { owner } = &r.replica_kms_key {
                    let name = &b.meta.address;
                    ctx.report(name, owner, format!("a replication rule of {name} names no replica KMS key: replicas are not encrypted with a key the destination account controls"));
                }
            }
        }
    }
}
