//! LB004 suppression-unused: a suppression that matches no finding.

use crate::model::Estate;

use super::super::{Ctx, Rule, RuleInfo};

/// LB004: reported by the suppression pass, not by checking an estate.
pub struct UnusedSuppression;

/// LB004's identity.
pub fn unused_suppression() -> &'static RuleInfo {
    &crate::rules::meta::LB004
}

impl Rule for UnusedSuppression {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB004
    }

    fn check(&self, _: &Estate, _: &mut Ctx) {}
}
