//! LB003 suppression-invalid: a suppression without a reason (it suppresses nothing).

use crate::finding::Finding;

use super::super::review::Facts;
use super::super::{Rule, RuleInfo};

/// LB003.
pub struct InvalidSuppression;

impl Rule for InvalidSuppression {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB003
    }

    /// Once suppressions are matched: each one that gives no reason.
    fn review(&self, facts: &Facts, out: &mut Vec<Finding>) {
        let info = self.info();
        for u in facts.suppressions.into_iter().flatten() {
            let s = u.suppression;
            if s.reason.is_some() {
                continue;
            }
            let names = s.rules.join(", ");
            let mut f = Finding::new(
                (info.id, info.name),
                info.severity,
                format!("suppression of {names} gives no reason, so it suppresses nothing: write `lifeboat:ignore[{names}] <why>`"),
                s.at.clone(),
            );
            f.headline("suppression without a reason")
                .label("no reason")
                .help(format!("write `lifeboat:ignore[{names}] <why>`"));
            out.push(f);
        }
    }
}
