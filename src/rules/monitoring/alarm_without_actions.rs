//! LB702 alarm-without-actions: a backup-failure alarm or event rule tells nobody.

use crate::model::{Estate, Field, Setting};
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::Tri;

use crate::semantics::watchers::{alarm_watches, rule_watches, Failure};

/// LB702.
pub struct AlarmWithoutActions;

fn watches_failures(t: impl Fn(Failure) -> Tri) -> bool {
    t(Failure::Backup) == Tri::Yes || t(Failure::Copy) == Tri::Yes
}

impl Rule for AlarmWithoutActions {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB702
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for a in estate
            .alarms
            .iter()
            .filter(|a| watches_failures(|f| alarm_watches(a, f)))
        {
            let name = &a.meta.address;
            if let Field::Known { value: false, at } = &a.actions_enabled {
                ctx.report(name, at, format!("{name} watches backup failures but its actions are disabled: nobody is told")).headline("backup alarm with its actions disabled").label("actions disabled").help("set actions_enabled = true (ActionsEnabled: true)");
                continue;
            }
            match &a.alarm_actions {
                Field::Absent { owner } => {
                    ctx.report(
                        name,
                        owner,
                        format!(
                            "{name} watches backup failures but has no {}: nobody is told",
                            a.meta.name(Setting::AlarmActions)
                        ),
                    )
                    .headline("backup alarm that notifies nobody")
                    .label(format!("no {}", a.meta.name(Setting::AlarmActions)))
                    .help(format!(
                        "set {} to an SNS topic (or another action)",
                        a.meta.name(Setting::AlarmActions)
                    ));
                }
                Field::Known { value: 0, at } => {
                    ctx.report(
                        name,
                        at,
                        format!(
                            "{name} watches backup failures but its {} are empty: nobody is told",
                            a.meta.name(Setting::AlarmActions)
                        ),
                    )
                    .headline("backup alarm that notifies nobody")
                    .label("no actions")
                    .help(format!(
                        "add an SNS topic (or another action) to {}",
                        a.meta.name(Setting::AlarmActions)
                    ));
                }
                f @ Field::Unknown { .. } => ctx.unknown(name, f),
                _ => {}
            }
        }
        for r in estate
            .event_rules
            .iter()
            .filter(|r| watches_failures(|f| rule_watches(r, f)))
        {
            if r.targets == 0 && !r.targets_unknown {
                let name = &r.meta.address;
                ctx.report(name, &r.meta.location, format!("{name} matches failed backup jobs but has no target: the events go nowhere")).headline("backup event rule without a target").label("no target").help("add a target (an SNS topic, a queue, a Lambda function) to the rule");
            }
        }
    }
}
