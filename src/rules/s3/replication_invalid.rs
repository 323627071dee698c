//! LB605 s3-replication-invalid: a replication configuration S3 rejects at apply time.

use std::collections::BTreeMap;

use crate::model::{Bucket, Estate, Field, Location, Setting, Versioning};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB605.
pub struct ReplicationInvalid;

impl Rule for ReplicationInvalid {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB605
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for b in &estate.buckets {
            let Some(loc) = &b.replication_location else {
                continue;
            };
            let name = &b.meta.address;
            versioning(ctx, name, b, loc, "source bucket", b);
            let mut priorities: BTreeMap<i64, &Location> = BTreeMap::new();
            let v2_rules = b.replication.iter().filter(|r| r.has_filter).count();
            for r in b.replication.iter() {
                if let Some(dest) = super::destination(estate, &r.destination) {
                    versioning(
                        ctx,
                        name,
                        dest,
                        r.destination.location(),
                        "destination bucket",
                        b,
                    );
                }
                match (&r.delete_marker_replication, r.has_filter) {
                    (Field::Known { at, .. }, false) => {
                        ctx.report(name, at, format!("a replication rule of {name} has no filter (V1 schema) but sets delete marker replication, which only V2 rules (with a filter) accept: S3 rejects the configuration")).headline("S3 rejects this replication rule").label("V1 rule with delete marker replication").help("add a filter (an empty one selects every object) or drop the delete marker replication setting");
                    }
                    (Field::Absent { owner }, true) => {
                        ctx.report(name, owner, format!("a replication rule of {name} has a filter (V2 schema) but no delete marker replication setting, which S3 requires for V2 rules")).headline("S3 rejects this replication rule").label("no delete marker replication").help(format!("set {} (Enabled or Disabled)", b.meta.name(Setting::DeleteMarkerReplication)));
                    }
                    (Field::Known { value: true, at }, true) if r.filter_has_tag => {
                        ctx.report(name, at, format!("a tag-filtered replication rule of {name} replicates delete markers, which S3 does not support for tag-based rules")).headline("S3 rejects this replication rule").label("tag filter with delete marker replication").help("disable delete marker replication on the tag-filtered rule, or filter by prefix");
                    }
                    _ => {}
                }
                if r.has_filter && v2_rules > 1 {
                    match r.priority.clone().absent_as(0) {
                        Field::Known { value, at } => {
                            if let Some(first) = priorities.insert(value, r.priority.location()) {
                                ctx.report(name, &at, format!("two replication rules of {name} share priority {value}: S3 requires distinct priorities when a configuration has several rules"))
                                    .with_related("the other rule with this priority", first).headline("S3 rejects this replication configuration").label(format!("priority {value} used twice")).help("give every rule a distinct priority");
                            }
                        }
                        f => ctx.unknown(name, &f),
                    }
                }
                if r.sse_kms_objects.known() == Some(&true) {
                    if let Field::Absent { owner } = &r.replica_kms_key {
                        ctx.report(name, owner, format!("a replication rule of {name} replicates SSE-KMS encrypted objects but names no replica KMS key: S3 rejects the configuration")).headline("S3 rejects this replication rule").label("no replica KMS key").help(format!("name the destination's KMS key ({})", b.meta.name(Setting::ReplicaKmsKey)));
                    }
                }
            }
        }
    }
}

/// Both ends of a replication must have versioning enabled.
fn versioning(
    ctx: &mut Ctx,
    resource: &str,
    bucket: &Bucket,
    at: &Location,
    role: &str,
    source: &Bucket,
) {
    match bucket.versioning.clone().absent_as(Versioning::Disabled) {
        Field::Known {
            value: Versioning::Enabled,
            ..
        } => {}
        Field::Known { .. } => {
            ctx.report(resource, at, format!("{resource} replicates, but its {role} {} does not have versioning enabled: S3 requires versioning on both buckets", bucket.meta.address))
                .with_related(format!("versioning of {}", bucket.meta.address), bucket.versioning.location()).headline("S3 rejects replication without versioning").label(format!("{role} not versioned")).help(format!("enable versioning on {}", bucket.meta.address));
        }
        f @ Field::Unknown { .. } => ctx.unknown(&source.meta.address, &f),
        Field::Absent { .. } => {} // absent_as() leaves none
    }
}
