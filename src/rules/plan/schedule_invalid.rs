//! LB201 schedule-invalid: the schedule is not a valid AWS Backup expression.

use crate::model::{schedule, Estate, Field, Location};
use crate::rules::helpers::plan_rules;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB201.
pub struct ScheduleInvalid;

impl Rule for ScheduleInvalid {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB201
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            match &rule.schedule {
                Field::Known { value, at } => {
                    if let Err(e) = schedule::parse(value) {
                        ctx.report(
                            &plan.meta.address,
                            &narrow(at, value, &e.span),
                            format!("invalid schedule `{value}`: {}", e.message),
                        ).headline("invalid backup schedule")
                        .label(e.message.clone())
                        .help("AWS Backup takes cron(minutes hours day-of-month month day-of-week year), with ? in one of the day fields, in UTC");
                    }
                }
                f @ Field::Unknown { .. } => ctx.unknown(&plan.meta.address, f),
                Field::Absent { .. } => {}
            }
        }
    }
}

/// Points at the faulty part of the expression when the value is written literally.
fn narrow(at: &Location, value: &str, span: &std::ops::Range<usize>) -> Location {
    if let Some((file, whole)) = at.file_span() {
        let text = file.slice(&whole);
        let quoted = format!("\"{value}\"");
        if let Some(i) = text.find(&quoted) {
            let start = whole.start + i + 1 + span.start;
            return Location::file(file, start..whole.start + i + 1 + span.end);
        }
    }
    at.clone()
}
