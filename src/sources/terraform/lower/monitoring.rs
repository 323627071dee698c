//! Alarms, vault notifications, EventBridge rules and their targets, restore testing.

use crate::model::{
    Alarm, Estate, EventRule, Field, RestoreTestingPlan, RestoreTestingSelection, VaultNotification,
};

use super::{Res, Resolver};

/// Lowers `aws_cloudwatch_metric_alarm` (plain metrics and metric-math queries).
pub fn alarms<'b>(alarms: impl Iterator<Item = &'b Res<'b>>, estate: &mut Estate) {
    for r in alarms {
        let at = r.at;
        let query_metrics = at
            .block
            .blocks_of("metric_query")
            .flat_map(|q| q.blocks_of("metric"))
            .filter_map(|m| {
                let m = at.with(m);
                Some((
                    m.string("namespace").known()?.clone(),
                    m.string("metric_name").known()?.clone(),
                ))
            })
            .collect();
        estate.alarms.push(Alarm {
            meta: r.meta.clone(),
            namespace: at.string("namespace"),
            metric_name: at.string("metric_name"),
            query_metrics,
            alarm_actions: at.len("alarm_actions"),
            actions_enabled: at.bool("actions_enabled"),
        });
    }
}

/// Lowers `aws_backup_vault_notifications`.
pub fn notifications<'b>(
    notes: impl Iterator<Item = &'b Res<'b>>,
    vaults: &Resolver,
    estate: &mut Estate,
) {
    for r in notes {
        let at = r.at;
        estate.vault_notifications.push(VaultNotification {
            meta: r.meta.clone(),
            vault: vaults.field(
                &at,
                "backup_vault_name",
                r.meta.region.known().map(String::as_str),
            ),
            events: at.strings("backup_vault_events"),
            topic: at.string("sns_topic_arn"),
        });
    }
}

/// Lowers `aws_cloudwatch_event_rule` and counts the `aws_cloudwatch_event_target`s of each.
pub fn event_rules(resources: &[Res], estate: &mut Estate) {
    let mut resolver = Resolver::default();
    for r in resources
        .iter()
        .filter(|r| r.kind == "aws_cloudwatch_event_rule")
    {
        let at = r.at;
        resolver.add(
            estate.event_rules.len(),
            &r.meta.address,
            at.name_key("name"),
            &r.meta.region,
        );
        let enabled = match at.string("state") {
            Field::Absent { .. } => at.bool("is_enabled"),
            state => state.map(|s| s == "ENABLED"),
        };
        estate.event_rules.push(EventRule {
            meta: r.meta.clone(),
            pattern: at.string("event_pattern"),
            targets: 0,
            targets_unknown: false,
            enabled,
        });
    }
    let mut unattached = false;
    for r in resources
        .iter()
        .filter(|r| r.kind == "aws_cloudwatch_event_target")
    {
        match resolver.field(&r.at, "rule", r.meta.region.known().map(String::as_str)) {
            Field::Known {
                value: crate::model::Target::Entity(i),
                ..
            } => estate.event_rules[i].targets += 1,
            Field::Known { .. } => {}
            _ => unattached = true,
        }
    }
    if unattached {
        for rule in &mut estate.event_rules {
            rule.targets_unknown = true;
        }
    }
}

/// Lowers restore testing plans and selections.
pub fn restore_testing(resources: &[Res], estate: &mut Estate) {
    let mut plans = Resolver::default();
    for r in resources
        .iter()
        .filter(|r| r.kind == "aws_backup_restore_testing_plan")
    {
        let at = r.at;
        let name = at.string("name");
        plans.add(
            estate.restore_testing_plans.len(),
            &r.meta.address,
            at.name_key("name"),
            &r.meta.region,
        );
        estate.restore_testing_plans.push(RestoreTestingPlan {
            meta: r.meta.clone(),
            name,
            schedule: at.string("schedule_expression"),
        });
    }
    for r in resources
        .iter()
        .filter(|r| r.kind == "aws_backup_restore_testing_selection")
    {
        let at = r.at;
        let plan = plans.field(
            &at,
            "restore_testing_plan_name",
            r.meta.region.known().map(String::as_str),
        );
        estate
            .restore_testing_selections
            .push(RestoreTestingSelection {
                meta: r.meta.clone(),
                plan,
                resource_type: at.string("protected_resource_type"),
            });
    }
    for r in resources.iter().filter(|r| r.kind == "aws_kms_key") {
        estate.kms_keys.push(crate::model::KmsKey {
            meta: r.meta.clone(),
            multi_region: r.at.bool("multi_region"),
        });
    }
}
