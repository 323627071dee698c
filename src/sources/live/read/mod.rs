//! The read-only calls of one region. Every reader returns what it read, and its tally;
//! the services of a region are read concurrently.

mod backup;
mod data;
mod evidence;
mod org;
mod services;
mod watch;

pub use backup::{KeyManager, PlanData, RestorePlanData, VaultData};
pub use data::{BucketData, TableData};
pub use evidence::EvidenceData;
pub use org::EffectivePolicy;
pub use services::{EfsData, ServiceData};
pub use watch::RuleData;

use super::call::Tally;
use super::clients::Clients;
use super::progress::Progress;

/// The time windows the evidence lists cover, and the moment they end.
#[derive(Debug, Clone, Copy)]
pub struct Windows {
    /// Now, in seconds since the epoch.
    pub now: i64,
    /// Failed jobs this many hours back count.
    pub lookback_hours: i64,
    /// Restore jobs this many days back count.
    pub restore_days: i64,
}

/// Everything read from one region of one account.
#[derive(Debug, Default)]
pub struct RegionData {
    /// The region.
    pub region: String,
    /// The account, when the audit knows it (an organization audit, or assumed roles).
    pub account: Option<String>,
    /// Backup vaults.
    pub vaults: Vec<VaultData>,
    /// Backup plans with their selections.
    pub plans: Vec<PlanData>,
    /// Whether every plan's selections were read.
    pub selections_read: bool,
    /// Restore testing plans with their selections.
    pub restore_plans: Vec<RestorePlanData>,
    /// Whether restore testing was read completely.
    pub restore_testing_read: bool,
    /// DynamoDB tables.
    pub tables: Vec<TableData>,
    /// RDS instances.
    pub instances: Vec<aws_sdk_rds::types::DbInstance>,
    /// Aurora and Multi-AZ DB clusters.
    pub clusters: Vec<aws_sdk_rds::types::DbCluster>,
    /// S3 buckets located in the region.
    pub buckets: Vec<BucketData>,
    /// CloudWatch metric alarms.
    pub alarms: Vec<aws_sdk_cloudwatch::types::MetricAlarm>,
    /// EventBridge rules of the default event bus.
    pub rules: Vec<RuleData>,
    /// Whether alarms, rules and vault notifications were all read.
    pub monitoring_read: bool,
    /// Recovery points, jobs and restore tests.
    pub evidence: EvidenceData,
    /// Redshift, ElastiCache, EFS and FSx.
    pub services: ServiceData,
    /// The account's effective backup policy, in the one region of the account that read
    /// it (it is the same everywhere); None elsewhere.
    pub org_policy: Option<EffectivePolicy>,
    /// Calls made and failed.
    pub tally: Tally,
}

/// Reads one region: every service at once. `label` names the account and region on the
/// progress bar; `org_policy` asks for the account's effective backup policy too (one
/// region of each account does).
pub async fn region(
    region: &str,
    clients: &Clients,
    windows: Windows,
    progress: &Progress,
    label: &str,
    org_policy: bool,
) -> RegionData {
    let b = &clients.backup;
    let services = services::ServiceClients {
        redshift: &clients.redshift,
        elasticache: &clients.elasticache,
        efs: &clients.efs,
        fsx: &clients.fsx,
    };
    let (
        org_policy,
        (vaults, plans, restore, evidence, tables, dbs, buckets, alarms, rules, others),
    ) = tokio::join!(
        async {
            if org_policy {
                let (p, t) = org::effective_backup_policy(&clients.organizations, region).await;
                (Some(p), t)
            } else {
                (None, Tally::default())
            }
        },
        async {
            tokio::join!(
                step(
                    progress,
                    label,
                    "backup vaults",
                    backup::vaults(b, &clients.kms, region)
                ),
                step(progress, label, "backup plans", backup::plans(b, region)),
                step(
                    progress,
                    label,
                    "restore testing",
                    backup::restore_testing(b, region)
                ),
                step(
                    progress,
                    label,
                    "backup jobs",
                    evidence::read(b, region, windows)
                ),
                step(
                    progress,
                    label,
                    "DynamoDB",
                    data::tables(&clients.dynamodb, region)
                ),
                step(
                    progress,
                    label,
                    "RDS",
                    data::databases(&clients.rds, region)
                ),
                step(progress, label, "S3", data::buckets(&clients.s3, region)),
                step(
                    progress,
                    label,
                    "CloudWatch",
                    watch::alarms(&clients.cloudwatch, region)
                ),
                step(
                    progress,
                    label,
                    "EventBridge",
                    watch::rules(&clients.events, region)
                ),
                step(
                    progress,
                    label,
                    "Redshift, ElastiCache, EFS, FSx",
                    services::read(services, region)
                ),
            )
        }
    );
    let (org_policy, org_tally) = org_policy;
    let mut tally = Tally::default();
    tally.absorb(org_tally);
    let (vaults, notifications_read) = take(&mut tally, vaults);
    let (plans, selections_read) = take(&mut tally, plans);
    let (restore_plans, restore_testing_read) = take(&mut tally, restore);
    let evidence = take(&mut tally, evidence);
    let tables = take(&mut tally, tables);
    let (instances, clusters) = take(&mut tally, dbs);
    let buckets = take(&mut tally, buckets);
    let (alarms, alarms_read) = take(&mut tally, alarms);
    let (rules, rules_read) = take(&mut tally, rules);
    let services = take(&mut tally, others);
    RegionData {
        region: region.to_string(),
        account: None,
        vaults,
        plans,
        selections_read,
        restore_plans,
        restore_testing_read,
        tables,
        instances,
        clusters,
        buckets,
        alarms,
        rules,
        monitoring_read: notifications_read && alarms_read && rules_read,
        evidence,
        services,
        org_policy,
        tally,
    }
}

/// Runs one service's reader and moves the progress bar (steps and calls) when it is done.
async fn step<T>(
    progress: &Progress,
    label: &str,
    service: &str,
    read: impl std::future::Future<Output = (T, Tally)>,
) -> (T, Tally) {
    let (value, tally) = read.await;
    progress.step(label, service, tally.calls);
    (value, tally)
}

/// Keeps a reader's result and adds its calls to the region's tally.
fn take<T>(tally: &mut Tally, (value, t): (T, Tally)) -> T {
    tally.absorb(t);
    value
}
