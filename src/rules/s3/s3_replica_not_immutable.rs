//! LB607 s3-replica-not-immutable: a bucket other scanned buckets replicate into has no
//! S3 Object Lock, so the copy can be deleted like the original.

use crate::model::{Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::selection::Tri;

/// LB607.
pub struct S3ReplicaNotImmutable;

impl Rule for S3ReplicaNotImmutable {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB607
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (i, b) in estate.buckets.iter().enumerate() {
            if ctx.scan.replica_of(estate, i) != Tri::Yes {
                continue;
            }
            let name = &b.meta.address;
            let at = match &b.object_lock {
                Field::Known { value: true, .. } => continue,
                f @ Field::Unknown { .. } => {
                    ctx.unknown(name, f);
                    continue;
                }
                Field::Known { at, .. } => at,
                Field::Absent { owner } => owner,
            };
            ctx.report(
                name,
                at,
                format!("{name} receives replicated objects but has no S3 Object Lock: whoever can delete objects (or versions) in it can delete the copy along with the original"),
            )
            .headline("replica bucket without Object Lock")
            .label("no Object Lock")
            .help("turn on Object Lock for the replica bucket (object_lock_enabled / ObjectLockEnabled, or an object lock configuration) with a default retention, ideally in compliance mode");
        }
    }
}
