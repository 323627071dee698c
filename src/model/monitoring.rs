//! Who is told when backups fail: alarms, vault notifications, EventBridge rules.

use super::{Field, Meta, Target};

/// A CloudWatch metric alarm.
#[derive(Debug, Clone)]
pub struct Alarm {
    /// Identity and placement.
    pub meta: Meta,
    /// Metric namespace (e.g. `AWS/Backup`).
    pub namespace: Field<String>,
    /// Metric name (e.g. `NumberOfBackupJobsFailed`).
    pub metric_name: Field<String>,
    /// Metric names used in metric-math queries.
    pub query_metrics: Vec<(String, String)>,
    /// How many alarm actions (SNS topics, ...) it has; their ARNs may be unknown.
    pub alarm_actions: Field<usize>,
    /// Whether actions are enabled.
    pub actions_enabled: Field<bool>,
}

/// `aws_backup_vault_notifications`: SNS notifications for a vault's events.
#[derive(Debug, Clone)]
pub struct VaultNotification {
    /// Identity and placement.
    pub meta: Meta,
    /// The vault.
    pub vault: Field<Target>,
    /// Event names (e.g. `BACKUP_JOB_COMPLETED`).
    pub events: Field<Vec<String>>,
    /// The SNS topic.
    pub topic: Field<String>,
}

/// An EventBridge rule.
#[derive(Debug, Clone)]
pub struct EventRule {
    /// Identity and placement.
    pub meta: Meta,
    /// The event pattern (JSON text).
    pub pattern: Field<String>,
    /// Number of targets attached (by target resources or inline).
    pub targets: usize,
    /// Whether some targets could not be attributed (unknown rule reference).
    pub targets_unknown: bool,
    /// Whether the rule is enabled.
    pub enabled: Field<bool>,
}
