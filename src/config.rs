//! Thresholds and options the rules read. (The config file that sets them comes later;
//! these are the documented defaults.)

use crate::finding::Severity;

/// Settings that change what rules report.
#[derive(Debug, Clone)]
pub struct Config {
    /// LB106: the smallest acceptable vault lock minimum retention, in days.
    pub vault_lock_min_retention_days: i64,
    /// LB209: the longest retention of a plan must reach this many days.
    pub plan_min_retention_days: i64,
    /// LB401: automated backup retention below this many days is a warning.
    pub database_min_retention_days: i64,
    /// LB503: PITR recovery periods shorter than this many days are noted.
    pub dynamodb_min_pitr_days: i64,
    /// Report unresolved values that rules needed (LB002).
    pub strict: bool,
    /// Findings at or above this severity make the exit code 1; None never fails.
    pub fail_on: Option<Severity>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            vault_lock_min_retention_days: 7,
            plan_min_retention_days: 35,
            database_min_retention_days: 7,
            dynamodb_min_pitr_days: 35,
            strict: false,
            fail_on: Some(Severity::Error),
        }
    }
}
