//! LB9xx: evidence only a live account has.

mod backup_jobs_failing;
mod recovery_point_stale;

pub use backup_jobs_failing::BackupJobsFailing;
pub use recovery_point_stale::RecoveryPointStale;
