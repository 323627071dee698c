//! LB103 vault-lock-governance-mode: the lock can be removed by privileged users.

use crate::model::{Estate, Field, Setting};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB103.
pub struct GovernanceMode;

impl Rule for GovernanceMode {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB103
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for v in &estate.vaults {
            let Some(lock) = v.lock.known() else { continue };
            match &lock.changeable_for_days {
                Field::Absent { owner } => {
                    ctx.report(
                        &v.meta.address,
                        owner,
                        format!(
                            "the vault lock of {} is in governance mode (no {}): users with enough IAM permissions can remove the lock and delete recovery points",
                            v.meta.address,
                            v.meta.name(Setting::ChangeableForDays)
                        ),
                    ).headline("vault lock in governance mode: it can be removed")
                    .label(format!("no {}", v.meta.name(Setting::ChangeableForDays)))
                    .help(format!("set {} (3 days or more) to make the lock compliance-mode: after that grace period nobody, not even the root user, can remove it or shorten retention; that is irreversible, so try it on a test vault first", v.meta.name(Setting::ChangeableForDays)))
                    // Unsafe: three days after apply the lock can never be removed.
                    .fix(crate::fixes::fix(
                        format!("add {} = 3 (compliance mode: irreversible three days after apply)", v.meta.name(Setting::ChangeableForDays)),
                        crate::finding::Applicability::Unsafe,
                        crate::fixes::insert(owner, &crate::fixes::path(v.meta.name(Setting::ChangeableForDays)), &crate::fixes::Lit::Int(3)),
                    ));
                }
                f @ Field::Unknown { .. } => ctx.unknown(&v.meta.address, f),
                Field::Known { .. } => {}
            }
            // A live lock in compliance mode can still be removed until its lock date.
            let now = estate.evidence.as_ref().map(|e| e.observed_at);
            if let (Some(from), Some(now)) = (lock.immutable_from, now) {
                if from > now {
                    let days = (from - now + 86_399) / 86_400;
                    ctx.report(
                        &v.meta.address,
                        &lock.location,
                        format!(
                            "the vault lock of {} is still in its grace period for {days} more day(s): until then it can be removed, and recovery points with it",
                            v.meta.address
                        ),
                    ).headline("vault lock still in its grace period")
                    .label(format!("removable for {days} more day(s)"))
                    .help("nothing to change: make sure nobody removes the lock before its grace period ends");
                }
            }
        }
    }
}
