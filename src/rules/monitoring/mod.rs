//! LB7xx: who is told when backups fail.

mod alarm_without_actions;
mod backup_failures_unmonitored;
mod copy_failures_unmonitored;
mod deprecated_events;

pub use alarm_without_actions::AlarmWithoutActions;
pub use backup_failures_unmonitored::BackupFailuresUnmonitored;
pub use copy_failures_unmonitored::CopyFailuresUnmonitored;
pub use deprecated_events::DeprecatedEvents;
