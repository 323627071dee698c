//! LB203 plan-no-cross-region-copy: no rule of a plan copies to another region.

use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::reach::reach;

/// LB203.
pub struct NoCrossRegionCopy;

impl Rule for NoCrossRegionCopy {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB203
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for plan in &estate.plans {
            let mut undecided = !plan.rules.complete;
            let mut crosses = false;
            for rule in plan.rules.iter() {
                undecided |= !rule.copy_actions.complete;
                for copy in rule.copy_actions.iter() {
                    match reach(estate, &plan.meta, &copy.destination).and_then(|r| r.other_region)
                    {
                        Some(true) => crosses = true,
                        Some(false) => {}
                        None => {
                            ctx.unknown(&plan.meta.address, &copy.destination);
                            undecided = true;
                        }
                    }
                }
            }
            if !crosses && !undecided {
                // A plan that copies nowhere stays in its region, whatever that region is.
                let region = plan.meta.region_name();
                ctx.report(
                    &plan.meta.address,
                    &plan.meta.location,
                    format!(
                        "backup plan {} never copies recovery points out of {region}: a regional outage takes the backups with the data",
                        plan.meta.address
                    ),
                ).headline("backups never leave their region")
                .label(format!("no copy out of {region}"))
                .help("add a copy action to a vault in another region (copy_action / CopyActions with the vault's ARN)");
            }
        }
    }
}
