//! Terraform's names for the settings rule messages mention (the AWS provider's arguments).

use crate::model::Setting;

/// The AWS provider's argument name for a setting.
pub fn terraform(s: Setting) -> &'static str {
    use Setting::*;
    match s {
        ForceDestroy => "force_destroy",
        ChangeableForDays => "changeable_for_days",
        MinRetentionDays => "min_retention_days",
        MaxRetentionDays => "max_retention_days",
        ColdStorageAfter => "cold_storage_after",
        DeleteAfter => "delete_after",
        StartWindow => "start_window",
        CompletionWindow => "completion_window",
        BackupRetentionPeriod => "backup_retention_period",
        DeleteAutomatedBackups => "delete_automated_backups",
        DeletionProtection => "deletion_protection",
        SkipFinalSnapshot => "skip_final_snapshot",
        StorageEncrypted => "storage_encrypted",
        KmsKeyId => "kms_key_id",
        CopyTagsToSnapshot => "copy_tags_to_snapshot",
        TableDeletionProtection => "deletion_protection_enabled",
        PointInTimeRecovery => "point_in_time_recovery { enabled }",
        RecoveryPeriodInDays => "recovery_period_in_days",
        AlarmActions => "alarm_actions",
        ReplicaKmsKey => "replica_kms_key_id",
        DeleteMarkerReplication => "delete_marker_replication",
    }
}

/// The awscc provider's names: the CloudFormation properties in snake_case.
pub fn awscc(s: Setting) -> &'static str {
    use Setting::*;
    match s {
        ForceDestroy => "force_destroy",
        ChangeableForDays => "changeable_for_days",
        MinRetentionDays => "min_retention_days",
        MaxRetentionDays => "max_retention_days",
        ColdStorageAfter => "move_to_cold_storage_after_days",
        DeleteAfter => "delete_after_days",
        StartWindow => "start_window_minutes",
        CompletionWindow => "completion_window_minutes",
        BackupRetentionPeriod => "backup_retention_period",
        DeleteAutomatedBackups => "delete_automated_backups",
        DeletionProtection => "deletion_protection",
        SkipFinalSnapshot => "skip_final_snapshot",
        StorageEncrypted => "storage_encrypted",
        KmsKeyId => "kms_key_id",
        CopyTagsToSnapshot => "copy_tags_to_snapshot",
        TableDeletionProtection => "deletion_protection_enabled",
        PointInTimeRecovery => {
            "point_in_time_recovery_specification.point_in_time_recovery_enabled"
        }
        RecoveryPeriodInDays => "recovery_period_in_days",
        AlarmActions => "alarm_actions",
        ReplicaKmsKey => "replica_kms_key_id",
        DeleteMarkerReplication => "delete_marker_replication",
    }
}
