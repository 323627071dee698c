//! LB802 restore-test-failing (live): a restore testing plan's latest restore failed, or
//! none succeeded within the configured number of days.

use crate::model::{age, utc, Estate, RestoreJob, Target};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB802.
pub struct RestoreTestFailing;

impl Rule for RestoreTestFailing {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB802
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let Some(ev) = &estate.evidence else {
            return; // files say nothing about how restores went
        };
        for (index, plan) in estate.restore_testing_plans.iter().enumerate() {
            let arn = &plan.meta.address;
            let region = plan.meta.region.known().cloned().unwrap_or_default();
            let has_selection = estate
                .restore_testing_selections
                .iter()
                .any(|s| s.plan.known() == Some(&Target::Entity(index)));
            if !has_selection || ev.restore_jobs_unread.contains(&region) {
                continue; // it tests nothing (LB801's concern), or its jobs were not read
            }
            let jobs: Vec<&RestoreJob> = ev
                .restore_jobs
                .iter()
                .filter(|j| *j.plan_arn == **arn)
                .collect();
            let latest = jobs
                .iter()
                .filter(|j| j.failed() || j.succeeded())
                .max_by_key(|j| (j.created, &j.id));
            if let Some(job) = latest.filter(|j| j.failed()) {
                let why = job
                    .message
                    .as_deref()
                    .map_or_else(String::new, |m| format!(": {m}"));
                let what = if job.validation_status.as_deref() == Some("FAILED") {
                    "failed validation".to_string()
                } else {
                    format!("ended {}", job.status)
                };
                ctx.report(
                    arn,
                    &plan.meta.location,
                    format!(
                        "the latest restore test of {arn} (restore job {}, {}) {what}{why}: these backups may not restore",
                        job.id,
                        utc(job.created)
                    ),
                ).headline("latest restore test failed").label("restore test failed").help("read the restore job's status message in AWS Backup, fix the cause (permissions, validation, the restored resource's settings) and run the test again");
                continue;
            }
            if jobs.iter().any(|j| j.succeeded()) {
                continue;
            }
            let window = ev.restore_window_days * 86_400;
            let young = ev
                .restore_plan_created
                .get(&**arn)
                .is_some_and(|c| ev.observed_at - c < window);
            if !young {
                ctx.report(
                    arn,
                    &plan.meta.location,
                    format!(
                        "no restore test of {arn} succeeded in the last {}: nobody knows whether these backups restore",
                        age(window)
                    ),
                ).headline("no recent successful restore test").label("no successful restore test").help("check that the restore testing plan runs and selects recovery points of this resource");
            }
        }
    }
}
