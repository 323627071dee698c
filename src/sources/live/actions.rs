//! The IAM actions the audit calls: all of them read-only (Describe, List, Get).

/// `account:ListRegions` (only with `--all-regions`).
pub const LIST_REGIONS: &str = "account:ListRegions";

/// `organizations:ListAccounts` (only with `--organization`).
pub const LIST_ACCOUNTS: &str = "organizations:ListAccounts";

/// `sts:AssumeRole` (an organization audit, or `--role-arn`).
pub const ASSUME_ROLE: &str = "sts:AssumeRole";

/// What an organization audit calls with the credentials it starts with (the management
/// account or a delegated administrator): list the accounts, assume the audit role in
/// each. The README's management-account policy lists exactly these.
pub const MANAGEMENT_ACTIONS: &[&str] = &[LIST_ACCOUNTS, ASSUME_ROLE];

/// Every API action the audit calls (the README's IAM policy lists exactly these).
pub const ACTIONS: &[&str] = &[
    LIST_REGIONS,
    "backup:GetBackupPlan",
    "backup:GetBackupSelection",
    "backup:GetBackupVaultAccessPolicy",
    "backup:GetBackupVaultNotifications",
    "backup:ListBackupJobs",
    "backup:ListBackupPlans",
    "backup:ListBackupSelections",
    "backup:ListBackupVaults",
    "backup:ListCopyJobs",
    "backup:ListProtectedResources",
    "backup:ListRestoreJobs",
    "backup:ListRestoreTestingPlans",
    "backup:ListRestoreTestingSelections",
    "cloudwatch:DescribeAlarms",
    "dynamodb:DescribeContinuousBackups",
    "dynamodb:DescribeTable",
    "dynamodb:ListTables",
    "dynamodb:ListTagsOfResource",
    "elasticache:DescribeReplicationGroups",
    "elasticfilesystem:DescribeBackupPolicy",
    "elasticfilesystem:DescribeFileSystems",
    "events:ListRules",
    "events:ListTargetsByRule",
    "fsx:DescribeFileSystems",
    "kms:DescribeKey",
    "organizations:DescribeEffectivePolicy",
    "rds:DescribeDBClusters",
    "rds:DescribeDBInstances",
    "redshift:DescribeClusters",
    "s3:GetBucketObjectLockConfiguration",
    "s3:GetBucketTagging",
    "s3:GetBucketVersioning",
    "s3:GetEncryptionConfiguration",
    "s3:GetReplicationConfiguration",
    "s3:ListAllMyBuckets",
];
