//! LB603 s3-replication-same-region: every replica lives in the source's region.

use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB603.
pub struct ReplicationSameRegion;

impl Rule for ReplicationSameRegion {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB603
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for b in &estate.buckets {
            let Some(loc) = &b.replication_location else {
                continue;
            };
            let active: Vec<_> = b
                .replication
                .iter()
                .filter(|r| super::replicates(r))
                .collect();
            if active.is_empty() || !b.replication.complete {
                continue;
            }
            let mut all_same = true;
            for r in active {
                let dest = super::destination(estate, &r.destination);
                // One provider (one template) is one region, even when its value is unknown.
                match dest.map(|d| b.meta.same_region(&d.meta)) {
                    Some(Some(true)) => {}
                    Some(Some(false)) => all_same = false,
                    Some(None) => {
                        ctx.unknown(&b.meta.address, &b.meta.region);
                        all_same = false;
                    }
                    None => {
                        ctx.unknown(&b.meta.address, &r.destination);
                        all_same = false;
                    }
                }
            }
            if all_same {
                let name = &b.meta.address;
                let region = b.meta.region_name();
                ctx.report(name, loc, format!("{name} replicates only within {region}: a regional outage takes the replicas with the source")).headline("replicas stay in the source region").label(format!("replicates within {region}")).help("replicate to a bucket in another region (a provider alias with another region)");
            }
        }
    }
}
