//! Shared readings of the model that several rules need.

use crate::finding::Finding;
use crate::model::{CopyAction, Estate, Field, Lifecycle, Plan, PlanRule, Target, Vault};

/// Every (plan, rule) pair of the estate.
pub fn plan_rules(estate: &Estate) -> impl Iterator<Item = (&Plan, &PlanRule)> {
    estate
        .plans
        .iter()
        .flat_map(|p| p.rules.iter().map(move |r| (p, r)))
}

/// The days after which a lifecycle deletes recovery points: `Known(None)` means never.
pub fn retention(lifecycle: &Field<Lifecycle>) -> Field<Option<i64>> {
    lifecycle
        .clone()
        .and_then_known(|lc| lc.delete_after.map(Some).absent_as(None))
        .absent_as(None)
}

/// A copy action's lifecycle: its own, or (when it has none) the rule's, as AWS applies it.
pub fn copy_lifecycle<'a>(copy: &'a CopyAction, rule: &'a PlanRule) -> &'a Field<Lifecycle> {
    if copy.lifecycle.is_absent() {
        &rule.lifecycle
    } else {
        &copy.lifecycle
    }
}

/// The vault a target field points at, when it is one of the scan's.
pub fn vault<'e>(estate: &'e Estate, target: &Field<Target>) -> Option<&'e Vault> {
    match target.known()? {
        Target::Entity(i) => estate.vaults.get(*i),
        Target::External(_) => None,
    }
}

/// Formats a retention for messages.
pub fn days(d: Option<i64>) -> String {
    match d {
        Some(1) => "1 day".into(),
        Some(d) => format!("{d} days"),
        None => "forever (no deletion in its lifecycle)".into(),
    }
}

/// Reports when a flag (with its default already applied) has the risky value, and notes
/// (strict mode) when it is unknown: the shape of most single-setting rules. Returns the
/// finding, for its label and help.
pub fn flag<'f>(
    ctx: &'f mut crate::rules::Ctx,
    resource: &str,
    field: Field<bool>,
    risky: bool,
    message: impl FnOnce() -> String,
) -> Option<&'f mut Finding> {
    match field {
        Field::Known { value, at } if value == risky => Some(ctx.report(resource, &at, message())),
        f @ Field::Unknown { .. } => {
            ctx.unknown(resource, &f);
            None
        }
        _ => None,
    }
}

/// A fix that writes `value` for a setting: where it is written, the value is replaced;
/// where it is missing, the setting is added to its block or resource. Unknown values get
/// no fix (what they resolve to is not known).
pub fn set_fix<T>(
    field: &Field<T>,
    meta: &crate::model::Meta,
    setting: crate::model::Setting,
    value: crate::fixes::Lit,
    applicability: crate::finding::Applicability,
) -> Option<crate::finding::Fix> {
    use crate::fixes;
    let name = meta.name(setting);
    let edits = match field {
        Field::Known { at, .. } => vec![fixes::set_value(at, &value)],
        Field::Absent { owner } => fixes::insert(owner, &fixes::path(name), &value),
        Field::Unknown { .. } => vec![None],
    };
    let shown = match &value {
        fixes::Lit::Bool(b) => b.to_string(),
        fixes::Lit::Int(i) => i.to_string(),
        fixes::Lit::Str(s) => format!("{s:?}"),
        fixes::Lit::Expr(e) => e.clone(),
    };
    fixes::fix(format!("set {name} to {shown}"), applicability, edits)
}

/// Which vaults receive recovery points (a rule backs up or copies to them), by index;
/// plans that may not exist send nothing.
pub fn receiving_vaults(estate: &Estate) -> Vec<bool> {
    let mut out = vec![false; estate.vaults.len()];
    for (_, rule) in plan_rules(estate).filter(|(p, _)| p.meta.surely_exists()) {
        let targets = std::iter::once(&rule.target_vault)
            .chain(std::iter::once(&rule.air_gapped_target))
            .chain(rule.copy_actions.iter().map(|c| &c.destination));
        for t in targets {
            if let Some(Target::Entity(i)) = t.known() {
                if let Some(slot) = out.get_mut(*i) {
                    *slot = true;
                }
            }
        }
    }
    out
}
