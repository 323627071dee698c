//! LB801 restore-testing-missing: backups exist but no restore testing plan tests them.

use crate::model::{Estate, Target};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB801.
pub struct RestoreTestingMissing;

impl Rule for RestoreTestingMissing {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB801
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        if estate.restore_testing_unknown {
            return; // not read: cannot tell
        }
        let Some(plan) = estate.plans.first() else {
            return;
        };
        // A restore testing plan counts once a selection tests something with it.
        let tested = estate
            .restore_testing_selections
            .iter()
            .any(|s| match s.plan.known() {
                Some(Target::Entity(_)) | Some(Target::External(_)) => true,
                None => true, // unresolved: it may well belong to a plan
            });
        if !tested {
            let what = if estate.restore_testing_plans.is_empty() {
                "no AWS Backup restore testing plan"
            } else {
                "a restore testing plan without any selection"
            };
            ctx.report(
                &plan.meta.address,
                &plan.meta.location,
                format!("backups are taken, but {what} tests that they restore: an untested backup is a hope, not a recovery plan"),
            ).headline("restores are never tested").label("no restore testing plan").help("add an AWS Backup restore testing plan (aws_backup_restore_testing_plan / AWS::Backup::RestoreTestingPlan) with a selection of the protected resources");
        }
    }
}
