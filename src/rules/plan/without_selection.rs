//! LB207 plan-without-selection: a plan that selects no resources backs nothing up.

use crate::model::{Estate, Target};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB207.
pub struct WithoutSelection;

impl Rule for WithoutSelection {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB207
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let mut selected = vec![false; estate.plans.len()];
        let mut undecided = false;
        for s in &estate.selections {
            match s.plan.known() {
                Some(Target::Entity(i)) => {
                    if let Some(flag) = selected.get_mut(*i) {
                        *flag = true;
                    }
                }
                Some(Target::External(_)) => {}
                None => {
                    ctx.unknown(&s.meta.address, &s.plan);
                    undecided = true;
                }
            }
        }
        if undecided || estate.selections_unknown {
            return;
        }
        for (plan, has) in estate.plans.iter().zip(selected) {
            if !has {
                ctx.report(
                    &plan.meta.address,
                    &plan.meta.location,
                    format!(
                        "backup plan {} has no backup selection: it backs nothing up (add a backup selection that names it)",
                        plan.meta.address
                    ),
                ).headline("backup plan without a selection")
                .label("selects nothing")
                .help("add a backup selection (aws_backup_selection / AWS::Backup::BackupSelection) whose plan is this one");
            }
        }
    }
}
