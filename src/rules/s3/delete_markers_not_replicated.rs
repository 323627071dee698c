//! LB604 s3-delete-markers-not-replicated: a replication rule does not replicate deletes.

use crate::model::{Estate, Field, Setting};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB604.
pub struct DeleteMarkersNotReplicated;

impl Rule for DeleteMarkersNotReplicated {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB604
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for b in &estate.buckets {
            // V1 rules (no filter) replicate delete markers; tag-filtered rules cannot.
            for r in b
                .replication
                .iter()
                .filter(|r| r.has_filter && !r.filter_has_tag && super::replicates(r))
            {
                match &r.delete_marker_replication {
                    Field::Known { value: false, at } => {
                        let name = &b.meta.address;
                        ctx.report(name, at, format!("a replication rule of {name} does not replicate delete markers: the replica keeps objects the source deleted, so a failover serves stale data")).headline("deletes are not replicated").label("delete markers not replicated").help(format!("enable {} on the rule", b.meta.name(Setting::DeleteMarkerReplication)));
                    }
                    f @ Field::Unknown { .. } => ctx.unknown(&b.meta.address, f),
                    _ => {}
                }
            }
        }
    }
}
