//! LB404 db-skip-final-snapshot: no final snapshot is taken when the database is deleted.

use crate::model::{Estate, Setting};
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB404.
pub struct SkipFinalSnapshot;

impl Rule for SkipFinalSnapshot {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB404
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for d in super::standalone(estate).filter(|d| !d.is_replica) {
            let name = &d.meta.address;
            if let Some(f) = flag(ctx, name, d.skip_final_snapshot.clone(), true, || {
                format!("deleting {name} takes no final snapshot ({}): nothing is left to restore once automated backups expire", d.meta.name(Setting::SkipFinalSnapshot))
            }) {
                f.headline("no final snapshot on deletion")
                    .label(d.meta.name(Setting::SkipFinalSnapshot).to_string())
                    .help(format!(
                        "set {} = false (with a final_snapshot_identifier on Terraform)",
                        d.meta.name(Setting::SkipFinalSnapshot)
                    ));
            }
        }
    }
}
