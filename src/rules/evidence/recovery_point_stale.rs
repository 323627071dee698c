//! LB901 recovery-point-stale (live): a protected resource's newest recovery point is older
//! than twice the fastest schedule that selects it.

use std::collections::HashMap;

use crate::model::{age, schedule, utc, Estate, Field, ProtectedResource, Target};
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::objectives::{tier_of, TierOf};
use crate::semantics::selection::{protectable, selects, Protected, Tri};
use crate::semantics::selection_index::SelectionIndex;

/// LB901.
pub struct RecoveryPointStale;

/// The fastest schedule that surely selects the resource: its longest gap in minutes and a
/// description. None when no rule surely selects it, or a rule that may select it could be
/// faster than what is known (then the expected age is unknown).
fn fastest(estate: &Estate, selections: &SelectionIndex, p: &Protected) -> Option<(u64, String)> {
    let mut best: Option<(u64, String)> = None;
    let mut doubt: Option<u64> = None;
    let mut doubt_any = false;
    for s in selections.candidates(p) {
        let answer = selects(s, p);
        if answer == Tri::No {
            continue;
        }
        let Some(Target::Entity(i)) = s.plan.known() else {
            doubt_any = true;
            continue;
        };
        let Some(plan) = estate.plans.get(*i) else {
            continue;
        };
        for rule in plan.rules.iter() {
            let gap = match &rule.schedule {
                Field::Known { value, .. } => schedule::parse(value)
                    .ok()
                    .and_then(|s| s.longest_gap_minutes()),
                Field::Absent { .. } => continue, // runs only on demand
                Field::Unknown { .. } => None,
            };
            let continuous = matches!(rule.continuous_backup, Field::Known { value: true, .. });
            match (answer, gap) {
                (Tri::Yes, Some(g)) if !continuous => {
                    if best.as_ref().is_none_or(|(b, _)| g < *b) {
                        let name = rule.name.known().cloned().unwrap_or_default();
                        let expr = rule.schedule.known().cloned().unwrap_or_default();
                        best = Some((g, format!("rule {name} of {} ({expr})", plan.meta.address)));
                    }
                }
                (_, Some(g)) => doubt = Some(doubt.map_or(g, |d| d.min(g))),
                (_, None) => doubt_any = true,
            }
        }
    }
    let (gap, what) = best?;
    if doubt_any || doubt.is_some_and(|d| d < gap) {
        return None;
    }
    Some((gap, what))
}

impl Rule for RecoveryPointStale {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB901
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let Some(ev) = &estate.evidence else { return };
        if estate.selections_unknown {
            return;
        }
        let resources: HashMap<&str, Protected> = protectable(estate)
            .into_iter()
            .map(|p| (&*p.meta.address, p))
            .collect();
        let selections = SelectionIndex::new(&estate.selections);
        for ProtectedResource {
            meta, last_backup, ..
        } in &ev.protected
        {
            let Some(last) = last_backup else { continue };
            let Some(p) = resources.get(&*meta.address) else {
                continue; // a resource the audit does not read: its selections cannot be matched
            };
            let old = ev.observed_at - last;
            // The tier's RPO, when it sets one: the newest point must be younger.
            if let TierOf::Known {
                name, objectives, ..
            } = tier_of(p, ctx.config)
            {
                if let Some(rpo) = objectives.rpo {
                    let allowed = i64::try_from(rpo).unwrap_or(i64::MAX).saturating_mul(60);
                    if old > allowed {
                        ctx.report(
                            &meta.address,
                            &meta.location,
                            format!(
                                "the newest recovery point of {} is {} old (from {}): its tier {name} wants an RPO of {}, so a loss now would lose more than that",
                                meta.address,
                                age(old),
                                utc(*last),
                                age(allowed)
                            ),
                        )
                        .headline("newest recovery point older than the tier's RPO")
                        .label(format!("newest is {} old", age(old)))
                        .help("check the resource's backup jobs, and whether its schedules can meet the tier's RPO (LB302)");
                        continue;
                    }
                }
            }
            let Some((gap, rule)) = fastest(estate, &selections, p) else {
                continue;
            };
            let allowed = gap as i64 * 60 * 2;
            if old > allowed {
                ctx.report(
                    &meta.address,
                    &meta.location,
                    format!(
                        "the newest recovery point of {} is {} old (from {}): {rule} should make one at least every {}, so backups of it are not happening",
                        meta.address,
                        age(old),
                        utc(*last),
                        age(gap as i64 * 60)
                    ),
                ).headline("recovery points are stale").label(format!("newest is {} old", age(old))).help("check the resource's backup jobs in AWS Backup: jobs that never start or always fail leave no recovery points");
            }
        }
    }
}
