//! LB4xx: relational databases (RDS instances and Aurora clusters).

mod backup_retention;
mod copy_tags_to_snapshot;
mod db_no_cross_region_backups;
mod delete_automated_backups;
mod deletion_protection;
mod skip_final_snapshot;
mod stateful_delete_policy;
mod storage_unencrypted;
mod window_overlap;

pub use backup_retention::BackupRetention;
pub use copy_tags_to_snapshot::CopyTagsToSnapshot;
pub use db_no_cross_region_backups::DbNoCrossRegionBackups;
pub use delete_automated_backups::DeleteAutomatedBackups;
pub use deletion_protection::DeletionProtection;
pub use skip_final_snapshot::SkipFinalSnapshot;
pub use stateful_delete_policy::StatefulDeletePolicy;
pub use storage_unencrypted::StorageUnencrypted;
pub use window_overlap::WindowOverlap;

use crate::model::{Database, Estate};

/// Databases that own their backup settings: not members of a cluster (the cluster's
/// settings apply to them).
fn standalone(estate: &Estate) -> impl Iterator<Item = &Database> {
    estate.databases.iter().filter(|d| d.cluster.is_absent())
}
