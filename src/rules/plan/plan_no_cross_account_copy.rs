//! LB210 plan-no-cross-account-copy: no rule of a plan copies to a vault in another
//! account or to a logically air-gapped vault.

use crate::model::Estate;
use crate::rules::helpers::vault;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::reach::reach;

/// LB210.
pub struct PlanNoCrossAccountCopy;

impl Rule for PlanNoCrossAccountCopy {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB210
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        'plans: for plan in &estate.plans {
            if plan.rules.items.is_empty() {
                continue;
            }
            let mut undecided = !plan.rules.complete;
            for rule in plan.rules.iter() {
                // Backing up straight into an air-gapped vault (whatever its ARN) isolates.
                if !rule.air_gapped_target.is_absent()
                    || vault(estate, &rule.target_vault).is_some_and(|v| v.air_gapped)
                {
                    continue 'plans;
                }
                let source = vault(estate, &rule.target_vault).map_or(&plan.meta, |v| &v.meta);
                undecided |= !rule.copy_actions.complete;
                for copy in rule.copy_actions.iter() {
                    match reach(estate, source, &copy.destination).and_then(|r| r.isolated()) {
                        Some(true) => continue 'plans,
                        Some(false) => {}
                        None => {
                            ctx.unknown(&plan.meta.address, &copy.destination);
                            undecided = true;
                        }
                    }
                }
            }
            if undecided {
                continue;
            }
            ctx.report(
                &plan.meta.address,
                &plan.meta.location,
                format!(
                    "backup plan {} keeps every recovery point in its own account: credentials that can delete the data can delete the backups too",
                    plan.meta.address
                ),
            )
            .headline("backups never leave their account")
            .label("no copy to another account or an air-gapped vault")
            .help("add a copy action to a vault in a separate backup account, or to a logically air-gapped vault (target_logically_air_gapped_backup_vault_arn, or a copy action to one)");
        }
    }
}
