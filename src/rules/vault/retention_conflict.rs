//! LB104 vault-lock-retention-conflict: a plan rule or copy action keeps recovery points
//! for less than the target vault lock's minimum or more than its maximum; AWS fails the job.

use crate::model::{Estate, Field, Lifecycle, Location, Setting, Target};
use crate::rules::helpers::{copy_lifecycle, days, plan_rules, retention, vault};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB104.
pub struct RetentionConflict;

impl Rule for RetentionConflict {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB104
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            let rule_name = rule.name.known().map_or("(unnamed)", String::as_str);
            check_one(
                estate,
                ctx,
                &plan.meta.address,
                &format!("rule {rule_name}"),
                &rule.target_vault,
                &rule.lifecycle,
                &rule.location,
            );
            // Backups into an air-gapped vault keep the rule's lifecycle there.
            check_one(
                estate,
                ctx,
                &plan.meta.address,
                &format!("rule {rule_name}, in its logically air-gapped vault,"),
                &rule.air_gapped_target,
                &rule.lifecycle,
                &rule.location,
            );
            for copy in rule.copy_actions.iter() {
                let what = format!("the copy action of rule {rule_name}");
                check_one(
                    estate,
                    ctx,
                    &plan.meta.address,
                    &what,
                    &copy.destination,
                    copy_lifecycle(copy, rule),
                    &copy.location,
                );
            }
        }
    }
}

fn check_one(
    estate: &Estate,
    ctx: &mut Ctx,
    resource: &str,
    what: &str,
    target: &Field<Target>,
    lifecycle: &Field<Lifecycle>,
    fallback: &Location,
) {
    let Some(v) = vault(estate, target) else {
        return;
    };
    let Some(lock) = v.lock.known() else { return };
    let kept = retention(lifecycle);
    let Some(&kept_days) = kept.known() else {
        ctx.unknown(resource, &kept);
        return;
    };
    let at = if lifecycle.is_absent() {
        fallback
    } else {
        kept.location()
    };
    let vault_name = &v.meta.address;
    if let (
        Some(d),
        Field::Known {
            value: min,
            at: min_at,
        },
    ) = (kept_days, &lock.min_retention_days)
    {
        if d < *min {
            let fix = raise_to_minimum(lifecycle, *min);
            ctx.report(
                resource,
                at,
                format!(
                    "{what} keeps recovery points for {} but the vault lock of {vault_name} requires at least {min} days: AWS Backup fails these jobs",
                    days(Some(d))
                ),
            )
            .with_related(format!("the vault lock's minimum retention is {min} days"), min_at).headline("retention shorter than the vault lock allows")
            .label(format!("keeps {}", days(Some(d))))
            .help(format!("set {} to {min} or more, or lower the lock's {}", v.meta.name(Setting::DeleteAfter), v.meta.name(Setting::MinRetentionDays)))
            .fix(fix);
        }
    }
    match &lock.max_retention_days {
        Field::Known {
            value: max,
            at: max_at,
        } if kept_days.is_none_or(|d| d > *max) => {
            ctx.report(
                resource,
                at,
                format!(
                    "{what} keeps recovery points for {} but the vault lock of {vault_name} allows at most {max} days: AWS Backup fails these jobs",
                    days(kept_days)
                ),
            )
            .with_related(format!("the vault lock's maximum retention is {max} days"), max_at).headline("retention longer than the vault lock allows")
            .label(format!("keeps {}", days(kept_days)))
            .help(format!("set {} to {max} or less, or raise the lock's {}", v.meta.name(Setting::DeleteAfter), v.meta.name(Setting::MaxRetentionDays)));
        }
        f @ Field::Unknown { .. } => ctx.unknown(resource, f),
        _ => {}
    }
    if let f @ Field::Unknown { .. } = &lock.min_retention_days {
        ctx.unknown(resource, f);
    }
}

/// Raising the retention to the lock's minimum: the one value that makes the jobs succeed
/// and keeps the points no longer than the lock asks. Unsafe: the points are kept (and
/// paid for) longer. Only where the lifecycle moves nothing to cold storage (otherwise
/// the 90-day cold minimum decides the value too, and a person should choose), and
/// shown only when the retention comes from a variable or another reference.
fn raise_to_minimum(lifecycle: &Field<Lifecycle>, min: i64) -> Option<crate::finding::Fix> {
    let lc = lifecycle.known()?;
    if !lc.cold_storage_after.is_absent() {
        return None;
    }
    let Field::Known { at, .. } = &lc.delete_after else {
        return None;
    };
    crate::fixes::fix(
        format!("raise the retention to the vault lock's minimum of {min} days"),
        crate::finding::Applicability::Unsafe,
        vec![crate::fixes::set_value(at, &crate::fixes::Lit::Int(min))],
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{cfn, tf};

    const AIR_GAPPED: &str = "resource \"aws_backup_logically_air_gapped_vault\" \"lag\" {\n  name               = \"lag\"\n  min_retention_days = 30\n  max_retention_days = 365\n}\n\nresource \"aws_backup_vault\" \"main\" {\n  name = \"main\"\n}\n";

    fn plan(keep: u32, how: &str) -> String {
        format!("{AIR_GAPPED}\nresource \"aws_backup_plan\" \"p\" {{\n  name = \"p\"\n\n  rule {{\n    rule_name         = \"daily\"\n    target_vault_name = aws_backup_vault.main.name\n    schedule          = \"cron(0 3 ? * * *)\"\n    {how}\n\n    lifecycle {{\n      delete_after = {keep}\n    }}\n  }}\n}}\n")
    }

    #[test]
    fn an_air_gapped_vault_bounds_what_goes_into_it() {
        let direct = "target_logically_air_gapped_backup_vault_arn = aws_backup_logically_air_gapped_vault.lag.arn";
        // 14 days into a vault whose minimum is 30: AWS fails the job.
        assert_eq!(tf("LB104", &plan(14, direct)), [21]);
        assert_eq!(tf("LB104", &plan(35, direct)), [0; 0]);
        // A copy action into it is bounded the same way.
        let copy = "copy_action {\n      destination_vault_arn = aws_backup_logically_air_gapped_vault.lag.arn\n    }";
        assert_eq!(tf("LB104", &plan(14, copy)), [23]);
        // CloudFormation: the vault's own MinRetentionDays.
        let template = "Resources:\n  Lag:\n    Type: AWS::Backup::LogicallyAirGappedBackupVault\n    Properties:\n      BackupVaultName: lag\n      MinRetentionDays: 30\n      MaxRetentionDays: 365\n  Vault:\n    Type: AWS::Backup::BackupVault\n    Properties:\n      BackupVaultName: main\n  Plan:\n    Type: AWS::Backup::BackupPlan\n    Properties:\n      BackupPlan:\n        BackupPlanName: p\n        BackupPlanRule:\n          - RuleName: daily\n            TargetBackupVault: !Ref Vault\n            TargetLogicallyAirGappedBackupVaultArn: !GetAtt Lag.BackupVaultArn\n            ScheduleExpression: cron(0 3 ? * * *)\n            Lifecycle:\n              DeleteAfterDays: 14\n";
        assert_eq!(cfn("LB104", template), [23]);
    }
}
