//! LB003 suppression-invalid: a suppression without a reason (it suppresses nothing).

use crate::finding::Severity;
use crate::model::Estate;

use super::super::{Ctx, Rule, RuleInfo};

/// LB003: reported by the suppression pass, not by checking an estate.
pub struct InvalidSuppression;

static INFO: RuleInfo = RuleInfo {
    id: "LB003",
    name: "suppression-invalid",
    severity: Severity::Note,
};

/// LB003's identity.
pub fn invalid_suppression() -> &'static RuleInfo {
    &INFO
}

impl Rule for InvalidSuppression {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, _: &Estate, _: &mut Ctx) {}
}
