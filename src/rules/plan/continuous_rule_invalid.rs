//! LB211 continuous-rule-invalid: a continuous-backup rule whose retention is outside
//! AWS's 1 to 35 days (no lifecycle keeps points forever), or that moves points to cold
//! storage, which continuous backups do not do.

use crate::finding::Severity;
use crate::model::{Estate, Field, Setting};
use crate::rules::helpers::plan_rules;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB211.
pub struct ContinuousRuleInvalid;

/// "The minimum retention period is 1 day. The maximum retention period is 35 days."
const MAX_DAYS: i64 = 35;

impl Rule for ContinuousRuleInvalid {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB211
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            match &rule.continuous_backup {
                Field::Known { value: true, .. } => {}
                f @ Field::Unknown { .. } => {
                    ctx.unknown(&plan.meta.address, f);
                    continue;
                }
                _ => continue,
            }
            let name = rule.name.known().map_or("(unnamed)", String::as_str);
            let who = &plan.meta.address;
            let delete = plan.meta.name(Setting::DeleteAfter);
            match &rule.lifecycle {
                Field::Absent { owner } => {
                    ctx.report(who, owner, format!("rule {name} of {who} takes continuous backups but sets no lifecycle: their retention must be 1 to {MAX_DAYS} days, and without {delete} it has none"))
                        .headline("continuous backup without a retention")
                        .label("no lifecycle")
                        .help(format!("add a lifecycle with {delete} between 1 and {MAX_DAYS}"));
                }
                Field::Unknown { .. } => ctx.unknown(who, &rule.lifecycle),
                Field::Known { value: lc, .. } => {
                    match &lc.delete_after {
                        Field::Known { value, at } if *value > MAX_DAYS || *value < 1 => {
                            ctx.report(who, at, format!("rule {name} of {who} keeps continuous backups {value} days: AWS Backup keeps them 1 to {MAX_DAYS} days"))
                                .headline("continuous backup retention outside 1-35 days")
                                .label(format!("{value} days"))
                                .help(format!("set {delete} to {MAX_DAYS} or less, and keep longer history with a separate snapshot rule"));
                        }
                        Field::Absent { owner } => {
                            ctx.report(who, owner, format!("rule {name} of {who} takes continuous backups without {delete}: their retention must be 1 to {MAX_DAYS} days"))
                                .headline("continuous backup without a retention")
                                .label(format!("no {delete}"))
                                .help(format!("set {delete} between 1 and {MAX_DAYS}"));
                        }
                        f @ Field::Unknown { .. } => ctx.unknown(who, f),
                        _ => {}
                    }
                    if let Field::Known { at, .. } = &lc.cold_storage_after {
                        let cold = plan.meta.name(Setting::ColdStorageAfter);
                        ctx.report_as(Severity::Warning, who, at, format!("rule {name} of {who} takes continuous backups and sets {cold}: continuous backups are not moved to cold storage, so the setting does nothing for them (a recommendation, not a documented rejection)"))
                            .headline("cold storage on a continuous-backup rule")
                            .label(format!("{cold} on continuous backups"))
                            .help(format!("remove {cold}, or move cold-storage history to a separate snapshot rule"));
                    }
                }
            }
        }
    }
}
