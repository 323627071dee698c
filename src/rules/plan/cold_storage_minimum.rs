//! LB202 cold-storage-minimum: recovery points deleted less than 90 days after they move
//! to cold storage; AWS rejects the lifecycle.

use crate::model::{Estate, Field, Lifecycle, Meta, Setting};
use crate::rules::helpers::{days, plan_rules};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB202.
pub struct ColdStorageMinimum;

/// Days a recovery point must stay in cold storage.
const COLD_MINIMUM_DAYS: i64 = 90;

impl Rule for ColdStorageMinimum {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB202
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            let name = rule.name.known().map_or("(unnamed)", String::as_str);
            let lifecycles = std::iter::once((format!("rule {name}"), &rule.lifecycle)).chain(
                rule.copy_actions
                    .iter()
                    .map(|c| (format!("the copy action of rule {name}"), &c.lifecycle)),
            );
            for (what, lc) in lifecycles {
                let Some(lc) = lc.known() else { continue };
                check(ctx, &plan.meta, &what, lc);
            }
        }
    }
}

fn check(ctx: &mut Ctx, meta: &Meta, what: &str, lc: &Lifecycle) {
    let resource = &*meta.address;
    let Field::Known { value: cold, .. } = &lc.cold_storage_after else {
        ctx.unknown(resource, &lc.cold_storage_after);
        return;
    };
    let Field::Known { value: delete, at } = &lc.delete_after else {
        ctx.unknown(resource, &lc.delete_after);
        return;
    };
    if *delete < cold + COLD_MINIMUM_DAYS {
        ctx.report(
            resource,
            at,
            format!(
                "{what}: the lifecycle moves recovery points to cold storage after {} and deletes them after {}: they must stay in cold storage at least {COLD_MINIMUM_DAYS} days (delete at day {} or later), so AWS Backup rejects this lifecycle",
                days(Some(*cold)),
                days(Some(*delete)),
                cold + COLD_MINIMUM_DAYS
            ),
        )
        .with_related(format!("moved to cold storage after {}", days(Some(*cold))), lc.cold_storage_after.location()).headline("recovery points deleted before 90 days in cold storage")
        .label(format!("deleted after {}", days(Some(*delete))))
        .help(format!("set {} to {} or more (this keeps recovery points longer, at a cost), or drop {}", meta.name(Setting::DeleteAfter), cold + COLD_MINIMUM_DAYS, meta.name(Setting::ColdStorageAfter)))
        // Unsafe: keeping recovery points longer costs more.
        .fix(crate::fixes::fix(
            format!("set {} to {}", meta.name(Setting::DeleteAfter), cold + COLD_MINIMUM_DAYS),
            crate::finding::Applicability::Unsafe,
            vec![crate::fixes::set_value(at, &crate::fixes::Lit::Int(cold + COLD_MINIMUM_DAYS))],
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{cfn, tf};

    fn plan(cold: &str, delete: &str) -> String {
        format!("resource \"aws_backup_plan\" \"p\" {{\n  name = \"p\"\n  rule {{\n    rule_name         = \"r\"\n    target_vault_name = \"v\"\n    lifecycle {{\n      cold_storage_after = {cold}\n      delete_after       = {delete}\n    }}\n  }}\n}}\n")
    }

    #[test]
    fn ninety_days_in_cold_storage_is_the_line() {
        assert_eq!(tf("LB202", &plan("30", "119")), [8]);
        assert_eq!(tf("LB202", &plan("30", "120")), [0; 0]);
        // 0 means "never moved to cold storage".
        assert_eq!(tf("LB202", &plan("0", "7")), [0; 0]);
        // Unknown days are not judged.
        assert_eq!(
            tf(
                "LB202",
                &format!("variable \"d\" {{}}\n{}", plan("30", "var.d"))
            ),
            [0; 0]
        );
    }

    #[test]
    fn the_template_form_is_judged_alike() {
        let t = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Plan:\n    Type: AWS::Backup::BackupPlan\n    Properties:\n      BackupPlan:\n        BackupPlanName: p\n        BackupPlanRule:\n          - RuleName: r\n            TargetBackupVault: v\n            Lifecycle:\n              MoveToColdStorageAfterDays: 30\n              DeleteAfterDays: 100\n";
        assert_eq!(cfn("LB202", t), [13]);
    }
}
