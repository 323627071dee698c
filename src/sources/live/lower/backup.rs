//! Vaults, plans, selections, vault notifications and restore testing plans.

use std::collections::BTreeMap;

use super::{opt, unread};
use crate::model::{
    CopyAction, Estate, Field, Items, Lifecycle, Location, Plan, PlanRule, RestoreTestingPlan,
    RestoreTestingSelection, Selection, TagCondition, Target, Vault, VaultLock, VaultNotification,
};
use crate::sources::live::read::{KeyManager, RegionData};
use crate::sources::live::{known, meta};
use crate::sources::lowering::{parse_arn, Resolver};
use crate::sources::value::Value;

/// Lowers vaults (with locks and notifications), plans, selections and restore testing.
pub fn lower(regions: &[RegionData], estate: &mut Estate) {
    let vaults = lower_vaults(regions, estate);
    for r in regions {
        for p in &r.plans {
            lower_plan(p, &r.region, &vaults, estate);
        }
        estate.selections_unknown |= !r.selections_read;
        for p in &r.restore_plans {
            let m = meta(&p.arn, &r.region, Some(BTreeMap::new()));
            let at = m.location.clone();
            estate.restore_testing_plans.push(RestoreTestingPlan {
                meta: m.clone(),
                name: known(p.name.clone(), &at),
                schedule: known(p.schedule.clone(), &at),
            });
            let index = estate.restore_testing_plans.len() - 1;
            for resource_type in &p.selections {
                estate
                    .restore_testing_selections
                    .push(RestoreTestingSelection {
                        meta: m.clone(),
                        plan: known(Target::Entity(index), &at),
                        resource_type: known(resource_type.clone(), &at),
                    });
            }
        }
        estate.restore_testing_unknown |= !r.restore_testing_read;
    }
}

fn lower_vaults(regions: &[RegionData], estate: &mut Estate) -> Resolver {
    let mut resolver = Resolver::default();
    for r in regions {
        for v in &r.vaults {
            let m = meta(&v.arn, &r.region, Some(BTreeMap::new()));
            let at = m.location.clone();
            let name = known(v.name.clone(), &at);
            resolver.add(
                estate.vaults.len(),
                &m.address,
                Some(v.name.clone()),
                &m.region,
            );
            let lock = if v.locked {
                known(
                    VaultLock {
                        location: at.clone(),
                        min_retention_days: opt(v.min, &at),
                        max_retention_days: opt(v.max, &at),
                        // A lock date means compliance mode: immutable from that date on.
                        changeable_for_days: match v.lock_date {
                            Some(_) => known(0, &at),
                            None => Field::Absent { owner: at.clone() },
                        },
                        immutable_from: v.lock_date,
                    },
                    &at,
                )
            } else {
                Field::Absent { owner: at.clone() }
            };
            if let Some((events, topic)) = &v.notifications {
                estate.vault_notifications.push(VaultNotification {
                    meta: meta(
                        &format!("{}/notifications", v.arn),
                        &r.region,
                        Some(BTreeMap::new()),
                    ),
                    vault: known(Target::Entity(estate.vaults.len()), &at),
                    events: known(events.clone(), &at),
                    topic: known(topic.clone(), &at),
                });
            }
            estate.vaults.push(Vault {
                meta: m,
                name,
                // The vault list names the key even when it is the AWS-managed one: the
                // key's manager (from the key type or kms:DescribeKey) tells them apart.
                kms_key: match (&v.key, v.key_manager) {
                    (Some(key), Some(KeyManager::Customer)) => known(key.clone(), &at),
                    (Some(_), Some(KeyManager::AwsOwned)) => known("AWS owned key".into(), &at),
                    (_, Some(KeyManager::Aws)) | (None, _) => Field::Absent { owner: at.clone() },
                    (Some(_), None) => unread(&at, "the key's manager (kms:DescribeKey)"),
                },
                force_destroy: known(false, &at),
                lock,
                air_gapped: v.air_gapped,
                access_policy: match &v.access_policy {
                    Some(Some(doc)) => crate::sources::lowering::policy::from_value(
                        &crate::sources::value::Value::String(doc.as_str().into()),
                        at.clone(),
                    ),
                    Some(None) => Field::Absent { owner: at.clone() },
                    None => unread(
                        &at,
                        "the vault's access policy (backup:GetBackupVaultAccessPolicy)",
                    ),
                },
            });
        }
    }
    resolver
}

fn lifecycle(lc: Option<&aws_sdk_backup::types::Lifecycle>, at: &Location) -> Field<Lifecycle> {
    match lc {
        Some(l) => known(
            Lifecycle {
                location: at.clone(),
                cold_storage_after: opt(l.move_to_cold_storage_after_days(), at),
                delete_after: opt(l.delete_after_days(), at),
            },
            at,
        ),
        None => Field::Absent { owner: at.clone() },
    }
}

fn lower_plan(
    p: &crate::sources::live::read::PlanData,
    region: &str,
    vaults: &Resolver,
    estate: &mut Estate,
) {
    let m = meta(&p.arn, region, Some(BTreeMap::new()));
    let at = m.location.clone();
    // A vault by its exact ARN: a rule's own vault is in the plan's account and region, a
    // copy destination names its account; a vault of that ARN not read stays external
    // (never a same-named vault of another account).
    let account = p.arn.split(':').nth(4).unwrap_or_default().to_string();
    let target = |name: &str, hint: Option<&str>| -> Field<Target> {
        let arn = match (parse_arn(name), hint) {
            (Some(_), _) => name.to_string(),
            (None, Some(region)) => {
                let partition = crate::sources::live::organization::partition(region);
                format!("arn:{partition}:backup:{region}:{account}:backup-vault:{name}")
            }
            (None, None) => name.to_string(),
        };
        match vaults.by_arn(&arn) {
            Some(i) => known(Target::Entity(i), &at),
            None => match vaults.resolve(&Value::String(arn.into()), hint) {
                Some(Target::Entity(_)) | None => unread(&at, name),
                Some(external) => known(external, &at),
            },
        }
    };
    let rules = p
        .plan
        .rules()
        .iter()
        .map(|rule| PlanRule {
            location: at.clone(),
            name: known(rule.rule_name().to_string(), &at),
            target_vault: target(rule.target_backup_vault_name(), Some(region)),
            schedule: opt(rule.schedule_expression().map(str::to_string), &at),
            schedule_timezone: opt(rule.schedule_expression_timezone().map(str::to_string), &at),
            start_window: opt(rule.start_window_minutes(), &at),
            completion_window: opt(rule.completion_window_minutes(), &at),
            continuous_backup: opt(rule.enable_continuous_backup(), &at),
            lifecycle: lifecycle(rule.lifecycle(), &at),
            copy_actions: Items::new(
                rule.copy_actions()
                    .iter()
                    .map(|c| CopyAction {
                        location: at.clone(),
                        destination: target(c.destination_backup_vault_arn(), None),
                        lifecycle: lifecycle(c.lifecycle(), &at),
                    })
                    .collect(),
                true,
            ),
            air_gapped_target: match rule.target_logically_air_gapped_backup_vault_arn() {
                Some(arn) => target(arn, Some(region)),
                None => Field::Absent { owner: at.clone() },
            },
        })
        .collect();
    estate.plans.push(Plan {
        meta: m,
        name: known(p.plan.backup_plan_name().to_string(), &at),
        rules: Items::new(rules, true),
    });
    let plan_index = estate.plans.len() - 1;
    for s in &p.selections {
        estate
            .selections
            .push(selection(s, &p.arn, region, plan_index));
    }
}

fn selection(
    s: &aws_sdk_backup::types::BackupSelection,
    plan_arn: &str,
    region: &str,
    plan_index: usize,
) -> Selection {
    let m = meta(
        &format!("{plan_arn}/selection/{}", s.selection_name()),
        region,
        Some(BTreeMap::new()),
    );
    let at = m.location.clone();
    let condition = |op: &str, key: Option<&str>, value: Option<&str>| TagCondition {
        location: at.clone(),
        operator: known(op.to_string(), &at),
        key: opt(key.map(str::to_string), &at),
        value: opt(value.map(str::to_string), &at),
    };
    let mut conditions = Items::default();
    if let Some(c) = s.conditions() {
        for (op, list) in [
            ("STRINGEQUALS", c.string_equals()),
            ("STRINGLIKE", c.string_like()),
            ("STRINGNOTEQUALS", c.string_not_equals()),
            ("STRINGNOTLIKE", c.string_not_like()),
        ] {
            conditions.items.extend(
                list.iter()
                    .map(|p| condition(op, p.condition_key(), p.condition_value())),
            );
        }
    }
    conditions.shrink_to_fit();
    let tags = s
        .list_of_tags()
        .iter()
        .map(|t| {
            condition(
                t.condition_type().as_str(),
                Some(t.condition_key()),
                Some(t.condition_value()),
            )
        })
        .collect();
    Selection {
        name: known(s.selection_name().to_string(), &at),
        plan: known(Target::Entity(plan_index), &at),
        tags: Items::new(tags, true),
        conditions,
        resources: known(arns(s.resources()), &at),
        not_resources: known(arns(s.not_resources()), &at),
        meta: m,
    }
}

/// A live selection's ARN patterns.
fn arns(patterns: &[String]) -> Vec<crate::model::ResourcePattern> {
    patterns
        .iter()
        .cloned()
        .map(crate::model::ResourcePattern::Arn)
        .collect()
}
