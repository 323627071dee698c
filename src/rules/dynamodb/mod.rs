//! LB5xx: DynamoDB tables.

mod deletion_protection;
mod pitr_disabled;
mod pitr_period_short;

pub use deletion_protection::DeletionProtection;
pub use pitr_disabled::PitrDisabled;
pub use pitr_period_short::PitrPeriodShort;
