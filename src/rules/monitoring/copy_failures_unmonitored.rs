//! LB703 copy-failures-unmonitored: copy actions run but failed copies go unnoticed.

use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::Tri;

use crate::semantics::watchers::{watched, Failure};

/// LB703.
pub struct CopyFailuresUnmonitored;

impl Rule for CopyFailuresUnmonitored {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB703
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let copying = estate
            .plans
            .iter()
            .find(|p| p.rules.iter().any(|r| !r.copy_actions.items.is_empty()));
        let Some(plan) = copying else { return };
        if ctx.scan.monitoring_unknown() {
            return; // not read: cannot tell
        }
        if watched(ctx.scan, estate, &plan.meta, Failure::Copy) == Tri::No {
            ctx.report(
                &plan.meta.address,
                &plan.meta.location,
                format!(
                    "{} copies recovery points, but nothing watches for failed copy jobs (NumberOfCopyJobsFailed, COPY_JOB_FAILED): the disaster-recovery copy can silently stop",
                    plan.meta.address
                ),
            ).headline("nobody is told when copy jobs fail")
                .label("copies unwatched")
                .help("add an EventBridge rule on Copy Job State Change events with state FAILED and a target, a COPY_JOB_FAILED vault notification, or an alarm on NumberOfCopyJobsFailed");
        }
    }
}
