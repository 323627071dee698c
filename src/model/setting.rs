//! The settings rule messages name, and each source's name for them: a finding on a
//! CloudFormation template says `DeleteAutomatedBackups`, on Terraform
//! `delete_automated_backups`. The frontends supply the names (the model only lists
//! what can be named).

/// A setting a message may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Terraform's vault `force_destroy`.
    ForceDestroy,
    /// A vault lock's grace period (compliance mode).
    ChangeableForDays,
    /// A vault lock's minimum retention.
    MinRetentionDays,
    /// A vault lock's maximum retention.
    MaxRetentionDays,
    /// A lifecycle's move to cold storage.
    ColdStorageAfter,
    /// A lifecycle's deletion age.
    DeleteAfter,
    /// A backup rule's start window.
    StartWindow,
    /// A backup rule's completion window.
    CompletionWindow,
    /// A database's automated backup retention.
    BackupRetentionPeriod,
    /// Whether a database's automated backups are deleted with it.
    DeleteAutomatedBackups,
    /// A database's deletion protection.
    DeletionProtection,
    /// Whether deleting a database takes a final snapshot.
    SkipFinalSnapshot,
    /// A database's storage encryption.
    StorageEncrypted,
    /// A database's KMS key.
    KmsKeyId,
    /// Whether a database copies its tags to snapshots.
    CopyTagsToSnapshot,
    /// A DynamoDB table's deletion protection.
    TableDeletionProtection,
    /// A DynamoDB table's point-in-time recovery switch.
    PointInTimeRecovery,
    /// A DynamoDB table's PITR recovery period.
    RecoveryPeriodInDays,
    /// An alarm's actions.
    AlarmActions,
    /// A replication rule's replica KMS key.
    ReplicaKmsKey,
    /// A replication rule's delete marker replication.
    DeleteMarkerReplication,
}

/// A source's names for settings.
#[derive(Clone, Copy)]
pub struct Dialect(pub fn(Setting) -> &'static str);

impl std::fmt::Debug for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dialect({})", (self.0)(Setting::DeleteAfter))
    }
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect(api_name)
    }
}

/// The AWS API's (and CloudFormation's) names, the default for sources that have none of
/// their own.
pub fn api_name(s: Setting) -> &'static str {
    use Setting::*;
    match s {
        ForceDestroy => "force_destroy",
        ChangeableForDays => "ChangeableForDays",
        MinRetentionDays => "MinRetentionDays",
        MaxRetentionDays => "MaxRetentionDays",
        ColdStorageAfter => "MoveToColdStorageAfterDays",
        DeleteAfter => "DeleteAfterDays",
        StartWindow => "StartWindowMinutes",
        CompletionWindow => "CompletionWindowMinutes",
        BackupRetentionPeriod => "BackupRetentionPeriod",
        DeleteAutomatedBackups => "DeleteAutomatedBackups",
        DeletionProtection => "DeletionProtection",
        SkipFinalSnapshot => "SkipFinalSnapshot",
        StorageEncrypted => "StorageEncrypted",
        KmsKeyId => "KmsKeyId",
        CopyTagsToSnapshot => "CopyTagsToSnapshot",
        TableDeletionProtection => "DeletionProtectionEnabled",
        PointInTimeRecovery => "PointInTimeRecoveryEnabled",
        RecoveryPeriodInDays => "RecoveryPeriodInDays",
        AlarmActions => "AlarmActions",
        ReplicaKmsKey => "ReplicaKmsKeyID",
        DeleteMarkerReplication => "DeleteMarkerReplication",
    }
}
