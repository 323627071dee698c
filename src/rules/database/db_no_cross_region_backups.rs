//! LB408 db-no-cross-region-backups: a database whose tier sets `region_rpo` has no
//! backup outside its region: no cross-region copy of a backup rule that selects it (RDS
//! automated-backup replication is not modelled yet, so a database that might have it is
//! not reported; see the rule's documentation).

use crate::model::Estate;
use crate::rules::coverage::objectives::tiered;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::recovery::Scenario;
use crate::semantics::selection::Entity;

/// LB408.
pub struct DbNoCrossRegionBackups;

impl Rule for DbNoCrossRegionBackups {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB408
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        if estate.has_automated_backups_replication {
            return;
        }
        let (tiered, _) = tiered(estate, ctx);
        for t in tiered {
            if !matches!(t.resource.entity, Entity::Database(_))
                || t.objectives.region_rpo.is_none()
            {
                continue;
            }
            let best = &t.recovery.best[Scenario::Region as usize];
            if best.doubt || best.rpo.is_some() {
                continue;
            }
            let name = &t.resource.meta.address;
            ctx.report(
                name,
                &t.at,
                format!(
                    "{name} is in tier {}, which needs a copy in another region, but no backup of it leaves its region",
                    t.tier
                ),
            )
            .headline("database without cross-region backups")
            .label(format!("tier {}", t.tier))
            .help("replicate its automated backups to another region (aws_db_instance_automated_backups_replication), or copy its AWS Backup recovery points to a vault there");
        }
    }
}
