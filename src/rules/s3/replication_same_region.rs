//! LB603 s3-replication-same-region: every replica lives in the source's region.

use crate::finding::Severity;
use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB603.
pub struct ReplicationSameRegion;

static INFO: RuleInfo = RuleInfo {
    id: "LB603",
    name: "s3-replication-same-region",
    severity: Severity::Warning,
};

impl Rule for ReplicationSameRegion {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for b in &estate.buckets {
            let Some(loc) = &b.replication_location else {
                continue;
            };
            if b.replication.items.is_empty() || !b.replication.complete {
                continue;
            }
            let Some(region) = b.meta.region.known() else {
                ctx.unknown(&b.meta.address, &b.meta.region);
                continue;
            };
            let mut all_same = true;
            for r in b.replication.iter() {
                match super::destination(estate, &r.destination).and_then(|d| d.meta.region.known())
                {
                    Some(dr) if dr == region => {}
                    Some(_) => all_same = false,
                    None => {
                        ctx.unknown(&b.meta.address, &r.destination);
                        all_same = false;
                    }
                }
            }
            if all_same {
                let name = &b.meta.address;
                ctx.report(name, loc, format!("{name} replicates only within {region}: a regional outage takes the replicas with the source"));
            }
        }
    }
}
