//! LB004 suppression-unused: a suppression that matches no finding.

use crate::finding::Finding;

use super::super::review::Facts;
use super::super::{Rule, RuleInfo};

/// LB004.
pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB004
    }

    /// Once suppressions are matched: each one with a reason that hid no finding.
    fn review(&self, facts: &Facts, out: &mut Vec<Finding>) {
        let info = self.info();
        for u in facts.suppressions.into_iter().flatten() {
            let s = u.suppression;
            if s.reason.is_none() || u.used {
                continue;
            }
            let names = s.rules.join(", ");
            let mut f = Finding::new(
                (info.id, info.name),
                info.severity,
                format!("suppression of {names} matches no finding: remove it"),
                s.at.clone(),
            );
            f.headline("suppression that suppresses nothing")
                .label("matches no finding")
                .help("remove it");
            out.push(f);
        }
    }
}
