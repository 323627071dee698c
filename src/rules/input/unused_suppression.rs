//! LB004 suppression-unused: a suppression that matches no finding.

use crate::finding::Severity;
use crate::model::Estate;

use super::super::{Ctx, Rule, RuleInfo};

/// LB004: reported by the suppression pass, not by checking an estate.
pub struct UnusedSuppression;

static INFO: RuleInfo = RuleInfo {
    id: "LB004",
    name: "suppression-unused",
    severity: Severity::Note,
};

/// LB004's identity.
pub fn unused_suppression() -> &'static RuleInfo {
    &INFO
}

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, _: &Estate, _: &mut Ctx) {}
}
