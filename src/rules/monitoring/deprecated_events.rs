//! LB704 vault-notification-deprecated-events: a vault notification lists only events
//! AWS Backup no longer sends, so it never notifies anyone.

use crate::model::{Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB704.
pub struct DeprecatedEvents;

/// Events PutBackupVaultNotifications still accepts but AWS Backup no longer sends
/// ("deprecated events ... do not return statuses or notifications").
const DEPRECATED: &[&str] = &[
    "BACKUP_JOB_SUCCESSFUL",
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "RESTORE_JOB_SUCCESSFUL",
    "RESTORE_JOB_FAILED",
    "BACKUP_PLAN_CREATED",
    "BACKUP_PLAN_MODIFIED",
];

/// What replaces a deprecated event.
fn replacement(event: &str) -> &'static str {
    match event {
        e if e.starts_with("BACKUP_JOB") => "BACKUP_JOB_COMPLETED (with a State attribute)",
        e if e.starts_with("RESTORE_JOB") => "RESTORE_JOB_COMPLETED",
        _ => "an EventBridge rule on AWS Backup events",
    }
}

impl Rule for DeprecatedEvents {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB704
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for n in &estate.vault_notifications {
            let Field::Known { value: events, at } = &n.events else {
                continue;
            };
            if events.is_empty() || !events.iter().all(|e| DEPRECATED.contains(&e.as_str())) {
                continue;
            }
            let mut instead: Vec<&str> = events.iter().map(|e| replacement(e)).collect();
            instead.dedup();
            let name = &n.meta.address;
            ctx.report(
                name,
                at,
                format!(
                    "{name} subscribes only to events AWS Backup no longer sends ({}): it never notifies anyone; use {} instead",
                    events.join(", "),
                    instead.join(", ")
                ),
            ).headline("vault notifications that never arrive").label("deprecated events only").help(format!("subscribe to {}", instead.join(", ")));
        }
    }
}
