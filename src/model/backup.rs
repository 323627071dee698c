//! AWS Backup entities: vaults, locks, plans, rules, lifecycles, copy actions, selections.

use super::{AccessPolicy, Field, Items, Location, Meta, Target};

/// A backup vault.
#[derive(Debug, Clone)]
pub struct Vault {
    /// Identity and placement.
    pub meta: Meta,
    /// The vault name.
    pub name: Field<String>,
    /// The customer-managed KMS key; absent means the AWS-managed key.
    pub kms_key: Field<String>,
    /// Terraform `force_destroy`: deleting the vault deletes its recovery points.
    pub force_destroy: Field<bool>,
    /// The vault lock, if one is configured.
    pub lock: Field<VaultLock>,
    /// A logically air-gapped vault: always locked in compliance mode, its recovery
    /// points isolated from the account's own credentials (shared through RAM).
    pub air_gapped: bool,
    /// The vault's access policy (`aws_backup_vault_policy`, `AccessPolicy`); absent when
    /// it has none.
    pub access_policy: Field<AccessPolicy>,
}

/// A vault lock configuration.
#[derive(Debug, Clone)]
pub struct VaultLock {
    /// Where the lock is configured.
    pub location: Location,
    /// Minimum retention the lock enforces, in days.
    pub min_retention_days: Field<i64>,
    /// Maximum retention the lock enforces, in days.
    pub max_retention_days: Field<i64>,
    /// Grace period before the lock becomes immutable (compliance mode); absent = governance mode.
    pub changeable_for_days: Field<i64>,
    /// Live audit: when a compliance-mode lock becomes immutable (epoch seconds); until
    /// then it can still be removed.
    pub immutable_from: Option<i64>,
}

impl VaultLock {
    /// The lock every logically air-gapped vault has: compliance mode from the start, with
    /// the vault's own retention bounds.
    pub fn air_gapped(at: &Location, min: Field<i64>, max: Field<i64>) -> Field<VaultLock> {
        Field::Known {
            value: VaultLock {
                location: at.clone(),
                min_retention_days: min,
                max_retention_days: max,
                changeable_for_days: Field::Known {
                    value: 0,
                    at: at.clone(),
                },
                immutable_from: None,
            },
            at: at.clone(),
        }
    }
}

/// A backup plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Identity and placement.
    pub meta: Meta,
    /// The plan name.
    pub name: Field<String>,
    /// The plan's rules.
    pub rules: Items<PlanRule>,
}

/// One rule of a backup plan.
#[derive(Debug, Clone)]
pub struct PlanRule {
    /// Where the rule is written.
    pub location: Location,
    /// The rule name.
    pub name: Field<String>,
    /// The vault recovery points go to.
    pub target_vault: Field<Target>,
    /// The schedule expression (`cron(...)`).
    pub schedule: Field<String>,
    /// The time zone the schedule is in (`schedule_expression_timezone`); absent: UTC.
    pub schedule_timezone: Field<String>,
    /// Minutes after the scheduled time before a job that has not started is cancelled.
    pub start_window: Field<i64>,
    /// Minutes after which a running job is cancelled.
    pub completion_window: Field<i64>,
    /// Whether the rule creates continuous (PITR) backups.
    pub continuous_backup: Field<bool>,
    /// The lifecycle of the recovery points.
    pub lifecycle: Field<Lifecycle>,
    /// Copies to other vaults.
    pub copy_actions: Items<CopyAction>,
    /// A logically air-gapped vault the rule backs up into directly (or through a
    /// temporary snapshot in the target vault); absent when it has none.
    pub air_gapped_target: Field<Target>,
}

/// When recovery points move to cold storage and when they are deleted.
#[derive(Debug, Clone)]
pub struct Lifecycle {
    /// Where the lifecycle is written.
    pub location: Location,
    /// Days after creation before moving to cold storage.
    pub cold_storage_after: Field<i64>,
    /// Days after creation before deletion.
    pub delete_after: Field<i64>,
}

/// A copy of each recovery point to another vault.
#[derive(Debug, Clone)]
pub struct CopyAction {
    /// Where the copy action is written.
    pub location: Location,
    /// The destination vault.
    pub destination: Field<Target>,
    /// The copies' lifecycle.
    pub lifecycle: Field<Lifecycle>,
}

/// A tag condition of a selection.
#[derive(Debug, Clone)]
pub struct TagCondition {
    /// Where the condition is written.
    pub location: Location,
    /// Operator as AWS names it (STRINGEQUALS, STRINGLIKE, STRINGNOTEQUALS, STRINGNOTLIKE).
    pub operator: Field<String>,
    /// Tag key.
    pub key: Field<String>,
    /// Tag value (pattern for LIKE operators).
    pub value: Field<String>,
}

/// A backup selection: which resources a plan backs up.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Identity and placement.
    pub meta: Meta,
    /// The selection name.
    pub name: Field<String>,
    /// The plan the selection belongs to.
    pub plan: Field<Target>,
    /// `selection_tag` entries (ORed).
    pub tags: Items<TagCondition>,
    /// `condition {}` entries (ANDed).
    pub conditions: Items<TagCondition>,
    /// Resources it names: ARN patterns or references.
    pub resources: Field<Vec<ResourcePattern>>,
    /// Resources it excludes.
    pub not_resources: Field<Vec<ResourcePattern>>,
}

/// One entry of a selection's resources (or excluded resources).
#[derive(Debug, Clone)]
pub enum ResourcePattern {
    /// An ARN pattern with `*` wildcards; parts written `⟨…⟩` are unresolved values.
    Arn(String),
    /// A resource of the scan, named by reference (`aws_rds_cluster.a.arn`,
    /// `!GetAtt Table.Arn`): it selects that resource and no other.
    Resource {
        /// The resource's address.
        address: String,
        /// Where the resource is defined (identifies it across scan units).
        location: Location,
    },
    /// A value that could not be resolved: it may name any resource.
    Unknown,
}
