//! AWS Organizations backup policies (`aws_organizations_policy` and
//! `AWS::Organizations::Policy` with type `BACKUP_POLICY`): each plan of the policy
//! document is a backup plan in every account it targets, so it is lowered into the same
//! plans and selections, and the plan, lifecycle, vault-lock and copy rules judge it.
//!
//! Values in the document sit behind inheritance operators (`{"@@assign": "..."}`); a
//! `$account` placeholder in an ARN is the account of whichever account applies it.

use crate::model::{
    api_name, CopyAction, Estate, Field, Items, Lifecycle, Location, Meta, Plan, PlanRule,
    ResourcePattern, Selection, Setting, TagCondition, Target,
};
use crate::sources::value::{EvalBlock, Value, TOKEN_CLOSE, TOKEN_OPEN};

use super::{parse_arn, At};

/// The policy document's names for settings.
pub fn setting_name(s: Setting) -> &'static str {
    match s {
        Setting::ColdStorageAfter => "move_to_cold_storage_after_days",
        Setting::DeleteAfter => "delete_after_days",
        Setting::StartWindow => "start_backup_window_minutes",
        Setting::CompletionWindow => "complete_backup_window_minutes",
        other => api_name(other),
    }
}

/// The operators that set a value in a policy document, in the order they are read.
const SETTERS: &[&str] = &["@@assign", "@@append", "@@prepend"];

/// A setting of the document: `{"key": {"@@assign": v}}` (or a bare `"key": v`).
fn setting<'b>(at: At<'b>, key: &str) -> Field<&'b Value> {
    if let Some(b) = at.block.blocks.iter().find(|b| b.kind == key) {
        for op in SETTERS {
            if let Some(a) = b.attrs.get(op) {
                return Field::Known {
                    value: &a.value,
                    at: Location::file(at.file, a.span.range()),
                };
            }
        }
        return Field::Absent {
            owner: at.with(b).whole(),
        };
    }
    match at.block.attrs.get(key) {
        Some(a) if !matches!(a.value, Value::Object(_)) => Field::Known {
            value: &a.value,
            at: Location::file(at.file, a.span.range()),
        },
        _ => Field::Absent { owner: at.whole() },
    }
}

fn string(at: At, key: &str) -> Field<String> {
    match setting(at, key) {
        Field::Known { value, at: loc } => match value {
            Value::Unknown(_) => Field::Unknown {
                at: loc,
                expr: key.into(),
            },
            v => v.as_string().map_or(
                Field::Unknown {
                    at: loc.clone(),
                    expr: key.into(),
                },
                |s| Field::Known {
                    value: s.replace("$account", &format!("{TOKEN_OPEN}$account{TOKEN_CLOSE}")),
                    at: loc,
                },
            ),
        },
        Field::Unknown { at, expr } => Field::Unknown { at, expr },
        Field::Absent { owner } => Field::Absent { owner },
    }
}

fn int(at: At, key: &str) -> Field<i64> {
    string(at, key).and_then_known_map(|s, loc| match s.trim().parse::<i64>() {
        Ok(n) => Field::Known { value: n, at: loc },
        Err(_) => Field::Unknown {
            at: loc,
            expr: format!("{key}: {s}").into(),
        },
    })
}

fn strings(at: At, key: &str) -> Field<Vec<String>> {
    match setting(at, key) {
        Field::Known {
            value: Value::List(items),
            at: loc,
        } => match items.iter().map(Value::as_string).collect() {
            Some(v) => Field::Known { value: v, at: loc },
            None => Field::Unknown {
                at: loc,
                expr: key.into(),
            },
        },
        Field::Known { value, at: loc } => match value.as_string() {
            Some(s) => Field::Known {
                value: vec![s],
                at: loc,
            },
            None => Field::Unknown {
                at: loc,
                expr: key.into(),
            },
        },
        Field::Unknown { at, expr } => Field::Unknown { at, expr },
        Field::Absent { owner } => Field::Absent { owner },
    }
}

fn lifecycle(at: At) -> Field<Lifecycle> {
    match at.block.blocks_of("lifecycle").next() {
        Some(b) => {
            let lc = at.with(b);
            Field::Known {
                value: Lifecycle {
                    location: lc.whole(),
                    cold_storage_after: int(lc, "move_to_cold_storage_after_days"),
                    delete_after: int(lc, "delete_after_days"),
                },
                at: lc.whole(),
            }
        }
        None => Field::Absent { owner: at.whole() },
    }
}

/// A vault named by the policy (by name, or by ARN with `$account`): known by name only;
/// the lowering's name linking ties it to a vault of the scan with that name.
fn vault(f: Field<String>) -> Field<Target> {
    f.map(|s| match parse_arn(&s) {
        Some(arn) => Target::external(
            Some(arn.name),
            arn.region,
            arn.account.filter(|a| !a.contains(TOKEN_OPEN)),
        ),
        None => Target::external(Some(s), None, None),
    })
}

/// Lowers the plans (with their selections) of one backup policy document. `meta` is the
/// policy resource's identity; `content` the document as blocks.
pub fn lower(meta: &Meta, content: At, estate: &mut Estate) {
    let Some(plans) = content.block.blocks_of("plans").next() else {
        return;
    };
    for plan_block in &plans.blocks {
        let at = content.with(plan_block);
        let name = plan_block.kind.clone();
        let mut plan_meta = meta.clone();
        plan_meta.address = format!("{}.plans[{name:?}]", meta.address).into();
        plan_meta.location = Location::file(at.file, plan_block.header.range());
        plan_meta.region = match strings(at, "regions") {
            Field::Known { value, at } if value.len() == 1 => Field::Known {
                value: value[0].clone(),
                at,
            },
            Field::Known { value, at } => Field::Unknown {
                at,
                expr: format!("the policy's regions ({})", value.join(", ")).into(),
            },
            f => Field::Unknown {
                at: f.location().clone(),
                expr: "the policy's regions".into(),
            },
        };
        plan_meta.region_from_provider = false;
        let rules = plan_block
            .blocks_of("rules")
            .flat_map(|r| r.blocks.iter())
            .map(|rule_block| rule(content.with(rule_block)))
            .collect();
        let plan_index = estate.plans.len();
        estate.plans.push(Plan {
            meta: plan_meta.clone(),
            name: Field::Known {
                value: name.to_string(),
                at: plan_meta.location.clone(),
            },
            rules: Items::new(rules, true),
        });
        for sel in plan_block.blocks_of("selections") {
            selections(content.with(sel), &plan_meta, plan_index, estate);
        }
    }
}

fn rule(r: At) -> PlanRule {
    let copy_actions = r
        .block
        .blocks_of("copy_actions")
        .flat_map(|c| c.blocks.iter())
        .map(|c| {
            let ca = r.with(c);
            CopyAction {
                location: ca.whole(),
                destination: vault(string(ca, "target_backup_vault_arn")),
                lifecycle: lifecycle(ca),
            }
        })
        .collect();
    let enabled = string(r, "enable_continuous_backup").map(|s| s.eq_ignore_ascii_case("true"));
    PlanRule {
        location: r.whole(),
        name: Field::Known {
            value: r.block.kind.to_string(),
            at: r.header(),
        },
        target_vault: vault(string(r, "target_backup_vault_name")),
        schedule: string(r, "schedule_expression"),
        schedule_timezone: string(r, "schedule_expression_timezone"),
        start_window: int(r, "start_backup_window_minutes"),
        completion_window: int(r, "complete_backup_window_minutes"),
        continuous_backup: enabled,
        lifecycle: lifecycle(r),
        copy_actions: Items::new(copy_actions, true),
        air_gapped_target: Field::Absent { owner: r.header() },
    }
}

fn selections(at: At, plan: &Meta, plan_index: usize, estate: &mut Estate) {
    let target = Field::Known {
        value: Target::Entity(plan_index),
        at: at.header(),
    };
    let each = |kind: &'static str| -> Vec<&EvalBlock> {
        at.block
            .blocks_of(kind)
            .flat_map(|b| b.blocks.iter())
            .collect()
    };
    for tag_sel in each("tags") {
        let t = at.with(tag_sel);
        let key = string(t, "tag_key");
        let values = strings(t, "tag_value");
        let tags = match &values {
            Field::Known { value, at: loc } => Items::new(
                value
                    .iter()
                    .map(|v| TagCondition {
                        location: loc.clone(),
                        operator: Field::Known {
                            value: "STRINGEQUALS".into(),
                            at: loc.clone(),
                        },
                        key: key.clone(),
                        value: Field::Known {
                            value: v.clone(),
                            at: loc.clone(),
                        },
                    })
                    .collect(),
                true,
            ),
            _ => Items::new(Vec::new(), false),
        };
        estate.selections.push(Selection {
            meta: selection_meta(plan, t, &tag_sel.kind),
            name: Field::Known {
                value: tag_sel.kind.to_string(),
                at: t.header(),
            },
            plan: target.clone(),
            tags,
            conditions: Items::default(),
            resources: Field::Absent { owner: t.whole() },
            not_resources: Field::Absent { owner: t.whole() },
        });
    }
    for res_sel in each("resources") {
        let r = at.with(res_sel);
        let patterns =
            |key: &str| strings(r, key).map(|v| v.into_iter().map(ResourcePattern::Arn).collect());
        estate.selections.push(Selection {
            meta: selection_meta(plan, r, &res_sel.kind),
            name: Field::Known {
                value: res_sel.kind.to_string(),
                at: r.header(),
            },
            plan: target.clone(),
            tags: Items::default(),
            conditions: Items::default(),
            resources: patterns("resource_types"),
            not_resources: patterns("not_resource_types"),
        });
    }
}

fn selection_meta(plan: &Meta, at: At, name: &str) -> Meta {
    let mut m = plan.clone();
    m.address = format!("{}.selections[{name:?}]", plan.address).into();
    m.location = at.header();
    m
}
