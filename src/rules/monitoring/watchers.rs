//! What in an estate watches for failed backup or copy jobs.

use serde_json::json;

use crate::model::{Alarm, Estate, EventRule, Field};
use crate::rules::selection::Tri;

use super::event_pattern;

/// Which failures.
#[derive(Clone, Copy)]
pub enum Failure {
    /// Backup jobs.
    Backup,
    /// Copy jobs.
    Copy,
}

impl Failure {
    fn metric(self) -> &'static str {
        match self {
            Failure::Backup => "NumberOfBackupJobsFailed",
            Failure::Copy => "NumberOfCopyJobsFailed",
        }
    }

    fn notification_event(self) -> &'static str {
        match self {
            Failure::Backup => "BACKUP_JOB_FAILED",
            Failure::Copy => "COPY_JOB_FAILED",
        }
    }

    fn sample_event(self) -> serde_json::Value {
        let detail_type = match self {
            Failure::Backup => "Backup Job State Change",
            Failure::Copy => "Copy Job State Change",
        };
        json!({"source": "aws.backup", "detail-type": detail_type, "detail": {"state": "FAILED"}})
    }
}

/// Does an alarm watch the failure metric?
pub fn alarm_watches(a: &Alarm, f: Failure) -> Tri {
    let is = |ns: &str, m: &str| ns == "AWS/Backup" && m == f.metric();
    if a.query_metrics.iter().any(|(ns, m)| is(ns, m)) {
        return Tri::Yes;
    }
    match (&a.namespace, &a.metric_name) {
        (Field::Known { value: ns, .. }, Field::Known { value: m, .. }) => {
            if is(ns, m) {
                Tri::Yes
            } else {
                Tri::No
            }
        }
        (Field::Unknown { .. }, _) | (_, Field::Unknown { .. }) => Tri::Maybe,
        _ => Tri::No,
    }
}

/// Does an EventBridge rule match the failure event (and is it enabled)?
pub fn rule_watches(r: &EventRule, f: Failure) -> Tri {
    if r.enabled.known() == Some(&false) {
        return Tri::No;
    }
    match &r.pattern {
        Field::Known { value, .. } => match event_pattern::matches(value, &f.sample_event()) {
            Some(true) => Tri::Yes,
            Some(false) => Tri::No,
            None => Tri::Maybe,
        },
        Field::Unknown { .. } => Tri::Maybe,
        Field::Absent { .. } => Tri::No, // a schedule rule
    }
}

/// Is anything in the estate watching for this failure?
pub fn watched(estate: &Estate, f: Failure) -> Tri {
    let alarms = estate.alarms.iter().map(|a| alarm_watches(a, f));
    let rules = estate.event_rules.iter().map(|r| rule_watches(r, f));
    let notes = estate.vault_notifications.iter().map(|n| match &n.events {
        Field::Known { value, .. } => {
            if value.iter().any(|e| e == f.notification_event()) {
                Tri::Yes
            } else {
                Tri::No
            }
        }
        Field::Unknown { .. } => Tri::Maybe,
        Field::Absent { .. } => Tri::No,
    });
    alarms.chain(rules).chain(notes).fold(Tri::No, Tri::or)
}
