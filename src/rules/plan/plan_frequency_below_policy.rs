//! LB213 plan-frequency-below-policy: a plan's fastest rule backs up less often than the
//! configured `plan.max_interval` (AWS Backup Audit Manager's
//! BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).

use crate::config::duration_text;
use crate::model::{schedule, Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB213.
pub struct PlanFrequencyBelowPolicy;

impl Rule for PlanFrequencyBelowPolicy {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB213
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let Some(max) = ctx.config.plan_max_interval else {
            return;
        };
        'plans: for plan in &estate.plans {
            if !plan.rules.complete || plan.rules.items.is_empty() {
                continue;
            }
            // The fastest rule: the smallest longest gap between its runs.
            let mut fastest: Option<(u64, &Field<String>)> = None;
            for rule in plan.rules.iter() {
                if matches!(rule.continuous_backup.known(), Some(true)) {
                    continue 'plans;
                }
                let gap = match &rule.schedule {
                    Field::Known { value, .. } => {
                        match schedule::parse(value)
                            .ok()
                            .and_then(|s| s.longest_gap_minutes())
                        {
                            Some(g) => g,
                            // Calendar-dependent or invalid (LB201): not judged.
                            None => continue 'plans,
                        }
                    }
                    Field::Absent { .. } => continue,
                    f @ Field::Unknown { .. } => {
                        ctx.unknown(&plan.meta.address, f);
                        continue 'plans;
                    }
                };
                if fastest.is_none_or(|(g, _)| gap < g) {
                    fastest = Some((gap, &rule.schedule));
                }
            }
            let Some((gap, schedule)) = fastest.filter(|(g, _)| *g > max) else {
                continue;
            };
            let expr = schedule.known().cloned().unwrap_or_default();
            ctx.report(
                &plan.meta.address,
                &plan.meta.location,
                format!(
                    "backup plan {} backs up at best every {} ({expr}), less often than the required {}",
                    plan.meta.address,
                    duration_text(gap),
                    duration_text(max)
                ),
            )
            .with_related(format!("its fastest rule runs {expr}"), schedule.location())
            .headline("plan backs up less often than the policy")
            .label(format!("every {}", duration_text(gap)))
            .help(format!(
                "add or change a rule to run at least every {} (or raise plan.max_interval in lifeboat.toml)",
                duration_text(max)
            ));
        }
    }
}
