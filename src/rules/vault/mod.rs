//! LB1xx: backup vaults.

mod force_destroy;
mod governance_mode;
mod kms_cmk;
mod lock_min_retention;
mod lock_missing;
mod retention_conflict;
mod vault_deletion_not_denied;

pub use force_destroy::ForceDestroy;
pub use governance_mode::GovernanceMode;
pub use kms_cmk::KmsCmk;
pub use lock_min_retention::LockMinRetention;
pub use lock_missing::LockMissing;
pub use retention_conflict::RetentionConflict;
pub use vault_deletion_not_denied::VaultDeletionNotDenied;
