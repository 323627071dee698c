//! LB8xx: recovery testing.

mod restore_testing_missing;

pub use restore_testing_missing::RestoreTestingMissing;
