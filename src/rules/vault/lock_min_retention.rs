//! LB106 vault-lock-min-retention: the lock's minimum retention is below the floor.

use crate::model::{Estate, Field, Setting};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB106.
pub struct LockMinRetention;

impl Rule for LockMinRetention {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB106
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let floor = ctx.config.vault_lock_min_retention_days;
        for v in &estate.vaults {
            let Some(lock) = v.lock.known() else { continue };
            match &lock.min_retention_days {
                Field::Known { value, at } if *value < floor => {
                    ctx.report(
                        &v.meta.address,
                        at,
                        format!(
                            "the vault lock of {} keeps recovery points for at least {value} days, below the required {floor} days",
                            v.meta.address
                        ),
                    ).headline("vault lock minimum retention below the required floor")
                    .label(format!("{value} days"))
                    .help(format!("raise {} to {floor} or more (or lower [vault_lock] min_retention_days in lifeboat.toml)", v.meta.name(Setting::MinRetentionDays)));
                }
                Field::Absent { owner } => {
                    ctx.report(
                        &v.meta.address,
                        owner,
                        format!(
                            "the vault lock of {} sets no {}: recovery points can be deleted at any age (required: at least {floor} days)",
                            v.meta.address,
                            v.meta.name(Setting::MinRetentionDays)
                        ),
                    ).headline("vault lock without a minimum retention")
                    .label(format!("no {}", v.meta.name(Setting::MinRetentionDays)))
                    .help(format!("set {} to {floor} or more", v.meta.name(Setting::MinRetentionDays)));
                }
                f @ Field::Unknown { .. } => ctx.unknown(&v.meta.address, f),
                Field::Known { .. } => {}
            }
        }
    }
}
