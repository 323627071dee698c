//! LB902 backup-jobs-failing (live): backup or copy jobs failed in the lookback window.

use std::collections::BTreeMap;

use crate::model::{utc, Estate, FailedJob, JobKind};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB902.
pub struct BackupJobsFailing;

impl Rule for BackupJobsFailing {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB902
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let Some(ev) = &estate.evidence else { return };
        // One finding per resource and kind of job, naming the newest failure.
        let mut by_resource: BTreeMap<(&str, JobKind), Vec<&FailedJob>> = BTreeMap::new();
        for j in &ev.failed_jobs {
            by_resource
                .entry((&*j.meta.address, j.kind))
                .or_default()
                .push(j);
        }
        for ((resource, kind), jobs) in by_resource {
            let Some(newest) = jobs.iter().max_by_key(|j| (j.created, &j.id)) else {
                continue;
            };
            let kind = match kind {
                JobKind::Backup => "backup",
                JobKind::Copy => "copy",
            };
            let count = match jobs.len() {
                1 => format!("a {kind} job"),
                n => format!("{n} {kind} jobs"),
            };
            let why = newest
                .message
                .as_deref()
                .map_or_else(String::new, |m| format!(": {m}"));
            ctx.report(
                resource,
                &newest.meta.location,
                format!(
                    "{count} of {resource} failed in the last {} hours (newest: job {}, {} at {}{why})",
                    ev.lookback_hours,
                    newest.id,
                    newest.state,
                    utc(newest.created)
                ),
            ).headline("backup jobs are failing").label(format!("{count} failed")).help("read the job's status message in AWS Backup and fix the cause (IAM role, KMS key policy, the resource's state)");
        }
    }
}
