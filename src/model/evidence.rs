//! What only a live account shows: when resources were last backed up, which jobs failed,
//! how restore tests went. Times are seconds since the Unix epoch.

use std::collections::{BTreeMap, BTreeSet};

use super::Meta;

/// The evidence of a live audit, as of one moment.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// When the account was read.
    pub observed_at: i64,
    /// How many hours back the job lists reach (cfg `live.lookback_hours`).
    pub lookback_hours: i64,
    /// How many days back the restore job list reaches
    /// (cfg `recovery.max_days_since_restore_test`).
    pub restore_window_days: i64,
    /// Resources AWS Backup has backed up, with their newest recovery point.
    pub protected: Vec<ProtectedResource>,
    /// Backup and copy jobs that failed within the lookback window.
    pub failed_jobs: Vec<FailedJob>,
    /// Restore jobs started by restore testing plans within the restore window.
    pub restore_jobs: Vec<RestoreJob>,
    /// When each restore testing plan (by ARN) was created.
    pub restore_plan_created: BTreeMap<String, i64>,
    /// Regions whose restore jobs could not be read: their plans are not judged.
    pub restore_jobs_unread: BTreeSet<String>,
}

/// A resource AWS Backup has recovery points of.
#[derive(Debug, Clone)]
pub struct ProtectedResource {
    /// The resource (its ARN and region).
    pub meta: Meta,
    /// AWS Backup's resource type, e.g. `DynamoDB`, `RDS`.
    pub resource_type: String,
    /// When its newest recovery point was created.
    pub last_backup: Option<i64>,
}

/// Which kind of job failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JobKind {
    /// A backup job.
    Backup,
    /// A copy job (to another vault, region or account).
    Copy,
}

/// A backup or copy job that did not complete.
#[derive(Debug, Clone)]
pub struct FailedJob {
    /// The resource the job was for.
    pub meta: Meta,
    /// Backup or copy.
    pub kind: JobKind,
    /// The job id.
    pub id: String,
    /// Its final state (`FAILED`, `ABORTED`, `EXPIRED`).
    pub state: String,
    /// AWS's explanation, when it gave one.
    pub message: Option<String>,
    /// When the job was created.
    pub created: i64,
}

/// A restore job started by a restore testing plan.
#[derive(Debug, Clone)]
pub struct RestoreJob {
    /// The restore testing plan's ARN.
    pub plan_arn: String,
    /// The job id.
    pub id: String,
    /// `COMPLETED`, `FAILED`, `ABORTED`, `PENDING`, `RUNNING`.
    pub status: String,
    /// The validation outcome, when validation ran (`SUCCESSFUL`, `FAILED`, ...).
    pub validation_status: Option<String>,
    /// AWS's explanation, when it gave one.
    pub message: Option<String>,
    /// When the job was created.
    pub created: i64,
}

impl RestoreJob {
    /// Did the restore (and its validation, if any) fail?
    pub fn failed(&self) -> bool {
        matches!(self.status.as_str(), "FAILED" | "ABORTED")
            || matches!(self.validation_status.as_deref(), Some("FAILED"))
    }

    /// Did it restore successfully (and pass validation, if any ran)?
    pub fn succeeded(&self) -> bool {
        self.status == "COMPLETED" && !self.failed()
    }
}

/// A moment as `YYYY-MM-DD HH:MM UTC`.
pub fn utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// A duration in seconds, in the largest whole unit that reads well.
pub fn age(secs: i64) -> String {
    match secs {
        s if s >= 2 * 86_400 => format!("{} days", s / 86_400),
        s if s >= 2 * 3600 => format!("{} hours", s / 3600),
        s => format!("{} minutes", s / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::{age, utc};

    #[test]
    fn formats_moments_and_ages() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_795_000_000), "2026-11-18 11:06 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(age(3 * 86_400 + 5), "3 days");
        assert_eq!(age(5 * 3600), "5 hours");
        assert_eq!(age(90 * 60), "90 minutes");
    }
}
