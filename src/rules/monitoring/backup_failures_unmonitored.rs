//! LB701 backup-failures-unmonitored: backups run but nobody watches for failed jobs.

use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::Tri;

use crate::semantics::watchers::{watched, Failure};

/// LB701.
pub struct BackupFailuresUnmonitored;

impl Rule for BackupFailuresUnmonitored {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB701
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        if ctx.scan.monitoring_unknown() {
            return; // not read: cannot tell
        }
        let Some(plan) = estate.plans.first() else {
            return;
        };
        if watched(ctx.scan, estate, &plan.meta, Failure::Backup) == Tri::No {
            ctx.report(
                &plan.meta.address,
                &plan.meta.location,
                format!(
                    "nothing in {} watches for failed backup jobs: no CloudWatch alarm on AWS/Backup NumberOfBackupJobsFailed, no vault notification for BACKUP_JOB_COMPLETED (failures arrive there; BACKUP_JOB_FAILED is deprecated and sends nothing), no EventBridge rule on failed backup jobs (watch expired and aborted jobs too)",
                    estate.name
                ),
            ).headline("nobody is told when backup jobs fail")
                .label("no alarm, notification or event rule")
                .help("add an EventBridge rule on aws.backup Backup Job State Change events with state FAILED, ABORTED or EXPIRED and a target, or a CloudWatch alarm on AWS/Backup NumberOfBackupJobsFailed with an action");
        }
    }
}
