//! LB8xx: recovery testing.

mod restore_test_failing;
mod restore_testing_missing;

pub use restore_test_failing::RestoreTestFailing;
pub use restore_testing_missing::RestoreTestingMissing;
