//! LB203 plan-no-cross-region-copy: no rule of a plan copies to another region.

use crate::finding::Severity;
use crate::model::Estate;
use crate::rules::helpers::target_region;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB203.
pub struct NoCrossRegionCopy;

static INFO: RuleInfo = RuleInfo {
    id: "LB203",
    name: "plan-no-cross-region-copy",
    severity: Severity::Warning,
};

impl Rule for NoCrossRegionCopy {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for plan in &estate.plans {
            let Some(region) = plan.meta.region.known() else {
                ctx.unknown(&plan.meta.address, &plan.meta.region);
                continue;
            };
            let mut undecided = !plan.rules.complete;
            let mut crosses = false;
            for rule in plan.rules.iter() {
                undecided |= !rule.copy_actions.complete;
                for copy in rule.copy_actions.iter() {
                    match target_region(estate, &copy.destination) {
                        Some(r) if r != *region => crosses = true,
                        Some(_) => {}
                        None => {
                            ctx.unknown(&plan.meta.address, &copy.destination);
                            undecided = true;
                        }
                    }
                }
            }
            if !crosses && !undecided {
                ctx.report(
                    &plan.meta.address,
                    &plan.meta.location,
                    format!(
                        "backup plan {} never copies recovery points out of {region}: a regional outage takes the backups with the data",
                        plan.meta.address
                    ),
                );
            }
        }
    }
}
