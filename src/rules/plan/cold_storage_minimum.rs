//! LB202 cold-storage-minimum: recovery points deleted less than 90 days after they move
//! to cold storage; AWS rejects the lifecycle.

use crate::model::{Estate, Field, Lifecycle, Meta, Setting};
use crate::rules::helpers::{days, plan_rules};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB202.
pub struct ColdStorageMinimum;

/// Days a recovery point must stay in cold storage.
const COLD_MINIMUM_DAYS: i64 = 90;

impl Rule for ColdStorageMinimum {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB202
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            let name = rule.name.known().map_or("(unnamed)", String::as_str);
            let lifecycles = std::iter::once((format!("rule {name}"), &rule.lifecycle)).chain(
                rule.copy_actions
                    .iter()
                    .map(|c| (format!("the copy action of rule {name}"), &c.lifecycle)),
            );
            for (what, lc) in lifecycles {
                let Some(lc) = lc.known() else { continue };
                check(ctx, &plan.meta, &what, lc);
            }
        }
    }
}

fn check(ctx: &mut Ctx, meta: &Meta, what: &str, lc: &Lifecycle) {
    let resource = meta.address.as_str();
    let Field::Known { value: cold, .. } = &lc.cold_storage_after else {
        ctx.unknown(resource, &lc.cold_storage_after);
        return;
    };
    let Field::Known { value: delete, at } = &lc.delete_after else {
        ctx.unknown(resource, &lc.delete_after);
        return;
    };
    if *delete < cold + COLD_MINIMUM_DAYS {
        ctx.report(
            resource,
            at,
            format!(
                "{what}: the lifecycle moves recovery points to cold storage after {} and deletes them after {}: they must stay in cold storage at least {COLD_MINIMUM_DAYS} days (delete at day {} or later), so AWS Backup rejects this lifecycle",
                days(Some(*cold)),
                days(Some(*delete)),
                cold + COLD_MINIMUM_DAYS
            ),
        )
        .with_related(format!("moved to cold storage after {}", days(Some(*cold))), lc.cold_storage_after.location()).headline("recovery points deleted before 90 days in cold storage")
        .label(format!("deleted after {}", days(Some(*delete))))
        .help(format!("set {} to {} or more (this keeps recovery points longer, at a cost), or drop {}", meta.name(Setting::DeleteAfter), cold + COLD_MINIMUM_DAYS, meta.name(Setting::ColdStorageAfter)));
    }
}
