//! LB401 db-backup-retention: automated backups disabled or kept too briefly.

use crate::finding::Severity;
use crate::model::{Estate, Field, Setting};
use crate::rules::helpers::days;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB401.
pub struct BackupRetention;

/// RDS's retention when none is given (CreateDBInstance / CreateDBCluster default).
const API_DEFAULT_DAYS: i64 = 1;

/// The longest automated backup retention RDS accepts (CreateDBInstance,
/// CreateDBCluster: "Must be a value from 0 to 35").
const MAX_DAYS: i64 = 35;

impl Rule for BackupRetention {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB401
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let floor = ctx.config.database_min_retention_days;
        for d in super::standalone(estate).filter(|d| !d.is_replica) {
            let name = &d.meta.address;
            let setting = d.meta.name(Setting::BackupRetentionPeriod);
            match &d.backup_retention_period {
                Field::Known { value: 0, at } => {
                    ctx.report(name, at, format!("{name} has automated backups disabled ({setting} 0): no point-in-time recovery and no automated snapshots")).headline("automated backups disabled").label(format!("{setting} 0")).help(format!("set {setting} to 7 or more (up to {MAX_DAYS})"));
                }
                Field::Known { value, at } if *value > MAX_DAYS => {
                    ctx.report(name, at, format!("{name} sets {setting} to {value} days, above RDS's maximum of {MAX_DAYS}: RDS rejects the value (keep longer history with AWS Backup or manual snapshots)")).headline("backup retention above RDS's maximum").label(format!("{value} days")).help(format!("set {setting} to {MAX_DAYS} or less, and keep longer history with AWS Backup"));
                }
                Field::Known { value, at } if *value < 0 => {
                    ctx.report(
                        name,
                        at,
                        format!(
                            "{name} sets {setting} to {value}: RDS accepts 0 to {MAX_DAYS} days"
                        ),
                    )
                    .headline("negative backup retention")
                    .label(format!("{value}"))
                    .help(format!("set {setting} between 1 and {MAX_DAYS}"));
                }
                Field::Known { value, at } if *value < floor => {
                    ctx.report_as(Severity::Warning, name, at, format!("{name} keeps automated backups for {}, below the required {floor} days", days(Some(*value)))).headline("automated backups kept shorter than the policy").label(days(Some(*value))).help(format!("set {setting} to {floor} or more (or lower [database] min_retention_days in lifeboat.toml)"));
                }
                Field::Absent { owner } if API_DEFAULT_DAYS < floor => {
                    ctx.report_as(
                        Severity::Warning,
                        name,
                        owner,
                        format!("{name} sets no {setting}, so RDS keeps automated backups for {API_DEFAULT_DAYS} day; the policy requires {floor} days"),
                    ).headline("automated backups kept 1 day by default").label(format!("no {setting}")).help(format!("set {setting} to {floor} or more"));
                }
                f @ Field::Unknown { .. } => ctx.unknown(name, f),
                _ => {}
            }
        }
    }
}
