//! What in an estate watches for failed backup or copy jobs.

use serde_json::json;

use crate::model::{Alarm, Estate, EventRule, Field, Meta};
use crate::semantics::scan::Scan;
use crate::semantics::Tri;

use super::event_pattern;

/// Which failures.
#[derive(Clone, Copy)]
pub enum Failure {
    /// Backup jobs.
    Backup = 0,
    /// Copy jobs.
    Copy = 1,
}

impl Failure {
    fn metric(self) -> &'static str {
        match self {
            Failure::Backup => "NumberOfBackupJobsFailed",
            Failure::Copy => "NumberOfCopyJobsFailed",
        }
    }

    /// The vault notification event that reports this failure. Failed backup jobs
    /// arrive as `BACKUP_JOB_COMPLETED` with a `State` attribute: `BACKUP_JOB_FAILED` is
    /// deprecated and sends nothing (PutBackupVaultNotifications).
    fn notification_event(self) -> &'static str {
        match self {
            Failure::Backup => "BACKUP_JOB_COMPLETED",
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

/// Is anything watching for this failure where `plan` (of `home`) runs? Alarms on the
/// metric and EventBridge rules cover their whole account and region. In the plan's own
/// unit they count unless known to be elsewhere; in another scan unit (an independent
/// root, a CloudFormation stack) only when both are known to deploy to the same account
/// and region, so monitoring in one root does not silence another. Vault notifications
/// cover their own vault, so only the plan's own unit's count. (The scan-wide watchers
/// include the home unit's: those known to be in the plan's place count at home anyway.)
pub fn watched(scan: &Scan, home: &Estate, plan: &Meta, f: Failure) -> Tri {
    let here = watched_in(home, plan, f);
    if here == Tri::Yes {
        return here;
    }
    let elsewhere = match (plan.account.known(), plan.region.known()) {
        (Some(account), Some(region)) => scan
            .placed_watchers(f)
            .get(&(account.as_str(), region.as_str()))
            .copied()
            .unwrap_or(Tri::No),
        _ => Tri::No,
    };
    here.or(elsewhere)
}

/// Could a watcher of the plan's own unit cover it (same region and account, or unknown)?
fn covers(plan: &Meta, m: &Meta) -> bool {
    let other_account =
        matches!((plan.account.known(), m.account.known()), (Some(a), Some(b)) if a != b);
    plan.same_region(m) != Some(false) && !other_account
}

fn watched_in(estate: &Estate, plan: &Meta, f: Failure) -> Tri {
    let here = |m: &Meta| covers(plan, m);
    let alarms = estate
        .alarms
        .iter()
        .filter(|a| here(&a.meta))
        .map(|a| alarm_watches(a, f));
    let rules = estate
        .event_rules
        .iter()
        .filter(|r| here(&r.meta))
        .map(|r| rule_watches(r, f));
    let notes = estate
        .vault_notifications
        .iter()
        .filter(|n| here(&n.meta))
        .map(|n| match &n.events {
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
