//! LB205 rule-no-lifecycle: recovery points kept forever.

use crate::model::{Estate, Field, Setting};
use crate::rules::helpers::{plan_rules, retention};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB205.
pub struct NoLifecycle;

impl Rule for NoLifecycle {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB205
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            let name = rule.name.known().map_or("(unnamed)", String::as_str);
            match retention(&rule.lifecycle) {
                Field::Known { value: None, at } => {
                    ctx.report(
                        &plan.meta.address,
                        &at,
                        format!("rule {name} keeps recovery points forever (its lifecycle never deletes them): storage cost grows without bound"),
                    ).headline("recovery points are never deleted")
                    .label("no deletion age")
                    .help(format!("set {} in the rule's lifecycle", plan.meta.name(Setting::DeleteAfter)));
                }
                f @ Field::Unknown { .. } => ctx.unknown(&plan.meta.address, &f),
                _ => {}
            }
            // A copy action without a lifecycle inherits the rule's; one with a lifecycle
            // but no delete_after keeps copies forever.
            for copy in rule.copy_actions.iter() {
                let Some(lc) = copy.lifecycle.known() else {
                    continue;
                };
                if let Field::Absent { owner } = &lc.delete_after {
                    ctx.report(
                        &plan.meta.address,
                        owner,
                        format!("a copy action of rule {name} keeps its copies forever (a lifecycle without a deletion age)"),
                    ).headline("copies are never deleted")
                    .label("no deletion age")
                    .help(format!("set {} in the copy action's lifecycle", plan.meta.name(Setting::DeleteAfter)));
                }
            }
        }
    }
}
