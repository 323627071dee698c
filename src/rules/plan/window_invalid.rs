//! LB206 backup-window-invalid: a start window below AWS Backup's 60-minute minimum (an
//! error), or a completion window less than 60 minutes longer than the start window (a
//! recommendation widely used modules enforce, not an AWS limit: a warning).

use crate::finding::Severity;
use crate::model::{Estate, Field, Setting};
use crate::rules::helpers::plan_rules;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB206.
pub struct WindowInvalid;

/// AWS Backup's smallest start window, in minutes.
const MIN_START: i64 = 60;
/// How much longer than the start window the completion window should be, in minutes
/// (a recommendation, not an AWS limit).
const MIN_COMPLETION_GAP: i64 = 60;

impl Rule for WindowInvalid {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB206
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            let name = rule.name.known().map_or("(unnamed)", String::as_str);
            if let Field::Known { value: start, at } = &rule.start_window {
                if *start < MIN_START {
                    ctx.report(
                        &plan.meta.address,
                        at,
                        format!("rule {name} has a start window of {start} minutes; AWS Backup requires at least {MIN_START}"),
                    ).headline("start window shorter than AWS Backup allows")
                    .label(format!("{start} minutes"))
                    .help(format!("set {} to {MIN_START} or more", plan.meta.name(Setting::StartWindow)));
                }
            }
            // Only when both are written: the defaults (8 hours, 7 days) are consistent.
            match (&rule.start_window, &rule.completion_window) {
                (
                    Field::Known {
                        value: start,
                        at: start_at,
                    },
                    Field::Known { value: done, at },
                ) if *done < start + MIN_COMPLETION_GAP => {
                    ctx.report_as(
                        Severity::Warning,
                        &plan.meta.address,
                        at,
                        format!(
                            "rule {name} has a completion window of {done} minutes, less than {MIN_COMPLETION_GAP} minutes longer than its start window ({start} minutes): a job that starts late is cancelled before it can finish (a recommendation, not an AWS limit)"
                        ),
                    )
                    .with_related(format!("start window of {start} minutes"), start_at).headline("completion window leaves a late job no time")
                    .label(format!("{done} minutes"))
                    .help(format!("make {} at least {MIN_COMPLETION_GAP} minutes longer than {}", plan.meta.name(Setting::CompletionWindow), plan.meta.name(Setting::StartWindow)));
                }
                (f @ Field::Unknown { .. }, _) | (_, f @ Field::Unknown { .. }) => {
                    ctx.unknown(&plan.meta.address, f)
                }
                _ => {}
            }
        }
    }
}
