//! LB209 retention-below-policy: the longest retention a plan gives is below the floor.

use crate::model::{Estate, Field};
use crate::rules::helpers::{copy_lifecycle, retention};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB209.
pub struct RetentionBelowPolicy;

impl Rule for RetentionBelowPolicy {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB209
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let floor = ctx.config.plan_min_retention_days;
        'plans: for plan in &estate.plans {
            if !plan.rules.complete || plan.rules.items.is_empty() {
                continue;
            }
            let mut longest = Some(0i64);
            for rule in plan.rules.iter() {
                let kept = std::iter::once(retention(&rule.lifecycle)).chain(
                    rule.copy_actions
                        .iter()
                        .map(|c| retention(copy_lifecycle(c, rule))),
                );
                for k in kept {
                    match k {
                        Field::Known { value: None, .. } => continue 'plans, // kept forever
                        Field::Known { value: Some(d), .. } => longest = longest.map(|l| l.max(d)),
                        f => {
                            ctx.unknown(&plan.meta.address, &f);
                            continue 'plans;
                        }
                    }
                }
            }
            if let Some(l) = longest.filter(|l| *l < floor) {
                ctx.report(
                    &plan.meta.address,
                    &plan.meta.location,
                    format!(
                        "backup plan {} keeps no recovery point longer than {l} days; the policy requires at least {floor} days",
                        plan.meta.address
                    ),
                ).headline("no recovery point kept as long as the policy requires")
                .label(format!("longest retention {l} days"))
                .help(format!("keep one rule's (or copy's) recovery points {floor} days or more, or lower [plan] min_retention_days in lifeboat.toml"));
            }
        }
    }
}
