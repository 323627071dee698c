//! LB602 s3-no-replication: a bucket is not replicated anywhere.

use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::Tri;

/// LB602.
pub struct NoReplication;

impl Rule for NoReplication {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB602
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (i, b) in estate.buckets.iter().enumerate() {
            if !b.replication.complete || ctx.scan.replica_of(estate, i) != Tri::No {
                continue;
            }
            let name = &b.meta.address;
            match &b.replication_location {
                None => {
                    ctx.report(name, &b.meta.location, format!("{name} is not replicated to another bucket: losing the bucket or its region loses the data")).headline("bucket not replicated").label("no replication").help("add a replication configuration to a versioned bucket in another region (or account), or select the bucket in an AWS Backup plan that copies across regions");
                }
                // Every rule `Disabled`: configured, but nothing is replicated.
                Some(loc) if !b.replication.iter().any(super::replicates) => {
                    ctx.report(name, loc, format!("{name} has a replication configuration but none of its rules is enabled: nothing is replicated")).headline("replication configured but disabled").label("every rule Disabled").help("set a rule's status to Enabled");
                }
                Some(_) => {}
            }
        }
    }
}
