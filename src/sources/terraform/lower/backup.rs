//! aws_backup_vault, aws_backup_vault_lock_configuration, aws_backup_plan, aws_backup_selection.

use crate::model::{
    CopyAction, Estate, Field, Items, Lifecycle, Plan, PlanRule, Selection, TagCondition, Target,
    Vault, VaultLock,
};

use crate::model::Location;
use crate::sources::lowering::resource_patterns;
use crate::sources::terraform::module::POLICY_DOCUMENT;
use crate::sources::value::Value;

use super::{At, Res, Resolver};

/// Lowers vaults (standard and logically air-gapped) and returns their resolver.
pub fn vaults(resources: &[Res], estate: &mut Estate) -> Resolver {
    let mut resolver = Resolver::default();
    for r in resources {
        let air_gapped = r.kind == "aws_backup_logically_air_gapped_vault";
        if r.kind != "aws_backup_vault" && !air_gapped {
            continue;
        }
        let at = r.at;
        let name = at.string("name");
        resolver.add(
            estate.vaults.len(),
            &r.meta.address,
            at.name_key("name"),
            &r.meta.region,
        );
        // Air-gapped vaults are always locked (compliance mode) and AWS-owned-key encrypted.
        let lock = if air_gapped {
            VaultLock::air_gapped(
                &at.header(),
                at.int("min_retention_days"),
                at.int("max_retention_days"),
            )
        } else {
            Field::Absent { owner: at.header() }
        };
        estate.vaults.push(Vault {
            meta: r.meta.clone(),
            name,
            // An air-gapped vault uses an AWS-owned key unless a customer key is named.
            kms_key: if air_gapped {
                at.string("encryption_key_arn")
                    .absent_as("AWS owned key".into())
            } else {
                at.string("kms_key_arn")
            },
            force_destroy: at.bool("force_destroy"),
            lock,
            air_gapped,
            access_policy: Field::Absent { owner: at.header() },
        });
    }
    resolver
}

/// Attaches `aws_backup_vault_policy` documents to their vaults: a JSON string
/// (`jsonencode`, a heredoc, a file) or an `aws_iam_policy_document`'s `json`. A policy
/// whose vault cannot be told makes every vault without one unknown.
pub fn policies(resources: &[Res], vaults: &Resolver, estate: &mut Estate) {
    let mut unattached = false;
    for r in resources
        .iter()
        .filter(|r| r.kind == "aws_backup_vault_policy")
    {
        let at = r.at;
        let loc = at
            .attr("policy")
            .map_or_else(|| at.header(), |a| Location::file(at.file, a.span.range()));
        let policy = match at.value("policy") {
            Field::Known {
                value: Value::Unknown(Some(origin)),
                ..
            } if origin.text.is_none()
                && origin.attribute == "json"
                && origin.address.contains(POLICY_DOCUMENT) =>
            {
                match resources
                    .iter()
                    .find(|d| d.kind == POLICY_DOCUMENT && *d.meta.address == *origin.address)
                {
                    Some(doc) => Field::Known {
                        value: crate::sources::lowering::policy::from_document(doc.at),
                        at: loc,
                    },
                    None => Field::Unknown {
                        at: loc,
                        expr: origin.token().into(),
                    },
                }
            }
            Field::Known { value, .. } => crate::sources::lowering::policy::from_value(&value, loc),
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Unknown {
                at: owner,
                expr: "a vault policy without a policy".into(),
            },
        };
        match vaults.field(
            &at,
            "backup_vault_name",
            r.meta.region.known().map(String::as_str),
        ) {
            Field::Known {
                value: Target::Entity(i),
                ..
            } => estate.vaults[i].access_policy = policy,
            Field::Known { .. } => {} // a vault outside the scan
            _ => unattached = true,
        }
    }
    if unattached {
        for v in estate
            .vaults
            .iter_mut()
            .filter(|v| v.access_policy.is_absent())
        {
            v.access_policy = Field::Unknown {
                at: v.meta.location.clone(),
                expr: "a vault policy whose vault could not be resolved".into(),
            };
        }
    }
}

/// Attaches lock configurations to their vaults.
pub fn locks<'b>(locks: impl Iterator<Item = &'b Res<'b>>, vaults: &Resolver, estate: &mut Estate) {
    for r in locks {
        let at = r.at;
        let lock = VaultLock {
            location: at.header(),
            min_retention_days: at.int("min_retention_days"),
            max_retention_days: at.int("max_retention_days"),
            changeable_for_days: at.int("changeable_for_days"),
            immutable_from: None,
        };
        match vaults.field(
            &at,
            "backup_vault_name",
            r.meta.region.known().map(String::as_str),
        ) {
            Field::Known {
                value: Target::Entity(i),
                ..
            } => {
                estate.vaults[i].lock = Field::Known {
                    value: lock,
                    at: at.header(),
                };
            }
            Field::Known { .. } => {} // a vault outside the scan
            _ => estate.unattached_locks = true,
        }
    }
    if estate.unattached_locks {
        for v in &mut estate.vaults {
            if v.lock.is_absent() {
                v.lock = Field::Unknown {
                    at: v.meta.location.clone(),
                    expr: "a vault lock configuration whose vault could not be resolved".into(),
                };
            }
        }
    }
}

fn lifecycle(at: At) -> Field<Lifecycle> {
    at.block("lifecycle").map(|b| {
        let lc = at.with(b);
        Lifecycle {
            location: lc.whole(),
            // The provider sends neither when 0: a 0 is not set.
            cold_storage_after: lc.days("cold_storage_after", true),
            delete_after: lc.days("delete_after", true),
        }
    })
}

/// Lowers plans with their rules and copy actions.
pub fn plans<'b>(
    plans: impl Iterator<Item = &'b Res<'b>>,
    vaults: &Resolver,
    estate: &mut Estate,
) -> Resolver {
    let mut resolver = Resolver::default();
    for r in plans {
        let at = r.at;
        let region = r.meta.region.known().map(String::as_str);
        let rules = at
            .block
            .blocks_of("rule")
            .map(|b| {
                let rule = at.with(b);
                let copy_actions = Items::new(
                    b.blocks_of("copy_action")
                        .map(|c| {
                            let ca = at.with(c);
                            CopyAction {
                                location: ca.whole(),
                                destination: vaults.field(&ca, "destination_vault_arn", None),
                                lifecycle: lifecycle(ca),
                            }
                        })
                        .collect(),
                    !b.has_unknown_blocks("copy_action"),
                );
                PlanRule {
                    location: rule.whole(),
                    name: rule.string("rule_name"),
                    target_vault: vaults.field(&rule, "target_vault_name", region),
                    schedule: rule.string("schedule"),
                    schedule_timezone: rule.string("schedule_expression_timezone"),
                    start_window: rule.int("start_window"),
                    completion_window: rule.int("completion_window"),
                    continuous_backup: rule.bool("enable_continuous_backup"),
                    lifecycle: lifecycle(rule),
                    copy_actions,
                    air_gapped_target: vaults.field(
                        &rule,
                        "target_logically_air_gapped_backup_vault_arn",
                        region,
                    ),
                }
            })
            .collect();
        let name = at.string("name");
        resolver.add(
            estate.plans.len(),
            &r.meta.address,
            at.name_key("name"),
            &r.meta.region,
        );
        estate.plans.push(Plan {
            meta: r.meta.clone(),
            name,
            rules: Items::new(rules, !at.block.has_unknown_blocks("rule")),
        });
    }
    resolver
}

fn tag_condition(at: At, op_key: Option<&str>, operator: &str) -> TagCondition {
    TagCondition {
        location: at.whole(),
        operator: match op_key {
            Some(k) => at.string(k).map(|s| s.to_ascii_uppercase()),
            None => Field::Known {
                value: operator.to_string(),
                at: at.header(),
            },
        },
        key: at.string("key"),
        value: at.string("value"),
    }
}

/// Lowers selections, pointing each at its plan.
pub fn selections<'b>(
    sels: impl Iterator<Item = &'b Res<'b>>,
    plans: &Resolver,
    defined: &crate::sources::lowering::Definitions,
    estate: &mut Estate,
) {
    for r in sels {
        let at = r.at;
        let tags = Items::new(
            at.block
                .blocks_of("selection_tag")
                .map(|b| tag_condition(at.with(b), Some("type"), ""))
                .collect(),
            !at.block.has_unknown_blocks("selection_tag"),
        );
        let mut conditions = Items::default();
        for cond in at.block.blocks_of("condition") {
            for (kind, op) in [
                ("string_equals", "STRINGEQUALS"),
                ("string_like", "STRINGLIKE"),
                ("string_not_equals", "STRINGNOTEQUALS"),
                ("string_not_like", "STRINGNOTLIKE"),
            ] {
                conditions.items.extend(
                    cond.blocks_of(kind)
                        .map(|b| tag_condition(at.with(b), None, op)),
                );
                conditions.complete &= !cond.has_unknown_blocks(kind);
            }
        }
        conditions.complete &= !at.block.has_unknown_blocks("condition");
        conditions.shrink_to_fit();
        estate.selections.push(Selection {
            meta: r.meta.clone(),
            name: at.string("name"),
            plan: plans.field(&at, "plan_id", None),
            tags,
            conditions,
            resources: resource_patterns(&at, "resources", defined),
            not_resources: resource_patterns(&at, "not_resources", defined),
        });
    }
}
