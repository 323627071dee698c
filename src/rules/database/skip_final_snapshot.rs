//! LB404 db-skip-final-snapshot: no final snapshot is taken when the database is deleted.

use crate::finding::Severity;
use crate::model::{Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB404.
pub struct SkipFinalSnapshot;

static INFO: RuleInfo = RuleInfo {
    id: "LB404",
    name: "db-skip-final-snapshot",
    severity: Severity::Warning,
};

impl Rule for SkipFinalSnapshot {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for d in super::standalone(estate).filter(|d| !d.is_replica) {
            let name = &d.meta.address;
            match &d.skip_final_snapshot {
                Field::Known { value: true, at } => {
                    ctx.report(name, at, format!("{name} skips the final snapshot on deletion: deleting it leaves nothing to restore once automated backups expire"));
                }
                f @ Field::Unknown { .. } => ctx.unknown(name, f),
                _ => {}
            }
        }
    }
}
