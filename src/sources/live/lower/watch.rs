//! CloudWatch alarms and EventBridge rules.

use std::collections::BTreeMap;

use super::opt;
use crate::model::{Alarm, Estate, EventRule};
use crate::sources::live::read::RegionData;
use crate::sources::live::{known, meta};

/// Lowers alarms and event rules; monitoring is unknown when a region could not be read.
pub fn lower(regions: &[RegionData], estate: &mut Estate) {
    for r in regions {
        estate.monitoring_unknown |= !r.monitoring_read;
        for a in &r.alarms {
            let Some(arn) = a.alarm_arn() else { continue };
            let m = meta(arn, &r.region, Some(BTreeMap::new()));
            let at = m.location.clone();
            let query_metrics = a
                .metrics()
                .iter()
                .filter_map(|q| q.metric_stat()?.metric())
                .filter_map(|m| Some((m.namespace()?.to_string(), m.metric_name()?.to_string())))
                .collect();
            estate.alarms.push(Alarm {
                namespace: opt(a.namespace().map(str::to_string), &at),
                metric_name: opt(a.metric_name().map(str::to_string), &at),
                query_metrics,
                alarm_actions: known(a.alarm_actions().len(), &at),
                actions_enabled: known(a.actions_enabled().unwrap_or(true), &at),
                meta: m,
            });
        }
        for rule in &r.rules {
            let m = meta(&rule.arn, &r.region, Some(BTreeMap::new()));
            let at = m.location.clone();
            estate.event_rules.push(EventRule {
                pattern: opt(rule.pattern.clone(), &at),
                targets: rule.targets.unwrap_or(0),
                targets_unknown: rule.targets.is_none(),
                enabled: known(rule.enabled, &at),
                meta: m,
            });
        }
    }
}
