//! LB104 vault-lock-retention-conflict: a plan rule or copy action keeps recovery points
//! for less than the target vault lock's minimum or more than its maximum; AWS fails the job.

use crate::model::{Estate, Field, Lifecycle, Location, Setting, Target};
use crate::rules::helpers::{copy_lifecycle, days, plan_rules, retention, vault};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB104.
pub struct RetentionConflict;

impl Rule for RetentionConflict {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB104
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            let rule_name = rule.name.known().map_or("(unnamed)", String::as_str);
            check_one(
                estate,
                ctx,
                &plan.meta.address,
                &format!("rule {rule_name}"),
                &rule.target_vault,
                &rule.lifecycle,
                &rule.location,
            );
            for copy in rule.copy_actions.iter() {
                let what = format!("the copy action of rule {rule_name}");
                check_one(
                    estate,
                    ctx,
                    &plan.meta.address,
                    &what,
                    &copy.destination,
                    copy_lifecycle(copy, rule),
                    &copy.location,
                );
            }
        }
    }
}

fn check_one(
    estate: &Estate,
    ctx: &mut Ctx,
    resource: &str,
    what: &str,
    target: &Field<Target>,
    lifecycle: &Field<Lifecycle>,
    fallback: &Location,
) {
    let Some(v) = vault(estate, target) else {
        return;
    };
    let Some(lock) = v.lock.known() else { return };
    let kept = retention(lifecycle);
    let Some(&kept_days) = kept.known() else {
        ctx.unknown(resource, &kept);
        return;
    };
    let at = if lifecycle.is_absent() {
        fallback
    } else {
        kept.location()
    };
    let vault_name = &v.meta.address;
    if let (
        Some(d),
        Field::Known {
            value: min,
            at: min_at,
        },
    ) = (kept_days, &lock.min_retention_days)
    {
        if d < *min {
            ctx.report(
                resource,
                at,
                format!(
                    "{what} keeps recovery points for {} but the vault lock of {vault_name} requires at least {min} days: AWS Backup fails these jobs",
                    days(Some(d))
                ),
            )
            .with_related(format!("the vault lock's minimum retention is {min} days"), min_at).headline("retention shorter than the vault lock allows")
            .label(format!("keeps {}", days(Some(d))))
            .help(format!("set {} to {min} or more, or lower the lock's {}", v.meta.name(Setting::DeleteAfter), v.meta.name(Setting::MinRetentionDays)));
        }
    }
    match &lock.max_retention_days {
        Field::Known {
            value: max,
            at: max_at,
        } if kept_days.is_none_or(|d| d > *max) => {
            ctx.report(
                resource,
                at,
                format!(
                    "{what} keeps recovery points for {} but the vault lock of {vault_name} allows at most {max} days: AWS Backup fails these jobs",
                    days(kept_days)
                ),
            )
            .with_related(format!("the vault lock's maximum retention is {max} days"), max_at).headline("retention longer than the vault lock allows")
            .label(format!("keeps {}", days(kept_days)))
            .help(format!("set {} to {max} or less, or raise the lock's {}", v.meta.name(Setting::DeleteAfter), v.meta.name(Setting::MaxRetentionDays)));
        }
        f @ Field::Unknown { .. } => ctx.unknown(resource, f),
        _ => {}
    }
    if let f @ Field::Unknown { .. } = &lock.min_retention_days {
        ctx.unknown(resource, f);
    }
}
