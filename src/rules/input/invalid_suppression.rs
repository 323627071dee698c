//! LB003 suppression-invalid: a suppression without a reason (it suppresses nothing).

use crate::model::Estate;

use super::super::{Ctx, Rule, RuleInfo};

/// LB003: reported by the suppression pass, not by checking an estate.
pub struct InvalidSuppression;

/// LB003's identity.
pub fn invalid_suppression() -> &'static RuleInfo {
    &crate::rules::meta::LB003
}

impl Rule for InvalidSuppression {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB003
    }

    fn check(&self, _: &Estate, _: &mut Ctx) {}
}
