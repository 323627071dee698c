//! LB401 db-backup-retention: automated backups disabled or kept too briefly, for every
//! service that keeps its own (RDS, DocumentDB, Neptune, Redshift, ElastiCache, FSx).

use crate::finding::Severity;
use crate::model::{Database, DbService, Estate, Field, Setting};
use crate::rules::helpers::days;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB401.
pub struct BackupRetention;

/// Disabled backups are an error, except for ElastiCache: a cache is often disposable,
/// so there it is a warning.
fn disabled_severity(d: &Database, rule: Severity) -> Severity {
    if d.service == DbService::ElastiCache {
        Severity::Warning
    } else {
        rule
    }
}

/// What a service loses without automated backups.
fn lost(service: DbService) -> &'static str {
    match service {
        DbService::Rds | DbService::DocumentDb | DbService::Neptune => {
            "no point-in-time recovery and no automated snapshots"
        }
        DbService::Redshift => "no automated snapshots to restore from",
        DbService::ElastiCache => "no automatic snapshots: a lost node group loses its data",
        DbService::Fsx => "no automatic daily backups",
    }
}

impl Rule for BackupRetention {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB401
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let floor = ctx.config.database_min_retention_days;
        for d in super::standalone(estate).filter(|d| !d.is_replica) {
            let name = &d.meta.address;
            let setting = d.meta.name(Setting::BackupRetentionPeriod);
            let service = d.service.label();
            let limits = d.service.retention();
            let (min, max) = (limits.min, limits.max);
            let disabled = disabled_severity(d, ctx.rule.severity);
            match &d.backup_retention_period {
                Field::Known { value: 0, at } if min == 0 => {
                    ctx.report_as(
                        disabled,
                        name,
                        at,
                        format!(
                            "{name} has automated backups disabled ({setting} 0): {}",
                            lost(d.service)
                        ),
                    )
                    .headline("automated backups disabled")
                    .label(format!("{setting} 0"))
                    .help(format!("set {setting} to {floor} or more (up to {max})"));
                }
                Field::Known { value, at } if *value > max || *value < min => {
                    ctx.report(name, at, format!("{name} sets {setting} to {value}: {service} accepts {min} to {max} days and rejects the value")).headline(format!("backup retention outside {service}'s limits")).label(format!("{value}")).help(format!("set {setting} between {} and {max}", min.max(1)));
                }
                Field::Known { value, at } if *value < floor => {
                    ctx.report_as(Severity::Warning, name, at, format!("{name} keeps automated backups for {}, below the required {floor} days", days(Some(*value)))).headline("automated backups kept shorter than the policy").label(days(Some(*value))).help(format!("set {setting} to {floor} or more (or lower [database] min_retention_days in lifeboat.toml)"));
                }
                Field::Absent { owner } => match limits.default {
                    Some(0) => {
                        ctx.report_as(disabled, name, owner, format!("{name} sets no {setting}, and {service}'s default is 0: automated backups are disabled, {}", lost(d.service))).headline("automated backups disabled by default").label(format!("no {setting}")).help(format!("set {setting} to {floor} or more (up to {max})"));
                    }
                    Some(default) if default < floor => {
                        ctx.report_as(
                            Severity::Warning,
                            name,
                            owner,
                            format!("{name} sets no {setting}, so {service} keeps automated backups for {}; the policy requires {floor} days", days(Some(default))),
                        ).headline(format!("automated backups kept {} by default", days(Some(default)))).label(format!("no {setting}")).help(format!("set {setting} to {floor} or more"));
                    }
                    _ => {}
                },
                f @ Field::Unknown { .. } => ctx.unknown(name, f),
                _ => {}
            }
        }
    }
}
