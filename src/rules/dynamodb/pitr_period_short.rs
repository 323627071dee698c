//! LB503 dynamodb-pitr-period-short: the PITR recovery period is shorter than required.

use crate::model::{Estate, Field, Setting};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB503.
pub struct PitrPeriodShort;

/// DynamoDB's recovery period when none is set.
const DEFAULT_DAYS: i64 = 35;

impl Rule for PitrPeriodShort {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB503
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let floor = ctx.config.dynamodb_min_pitr_days;
        for t in &estate.tables {
            if t.pitr_enabled.known() != Some(&true) {
                continue;
            }
            let name = &t.meta.address;
            match t.pitr_days.clone().absent_as(DEFAULT_DAYS) {
                Field::Known { value, at } if value < floor => {
                    ctx.report(name, &at, format!("{name} can be restored only {value} days back ({}); the policy requires {floor} days", t.meta.name(Setting::RecoveryPeriodInDays))).headline("point-in-time recovery period shorter than the policy").label(format!("{value} days")).help(format!("set {} to {floor} or more (35 at most), or lower [dynamodb] min_pitr_days in lifeboat.toml", t.meta.name(Setting::RecoveryPeriodInDays)));
                }
                f @ Field::Unknown { .. } => ctx.unknown(name, &f),
                _ => {}
            }
        }
    }
}
