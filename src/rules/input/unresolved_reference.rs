//! LB002 unresolved-reference: a value a rule needed could not be resolved (strict mode).

use crate::finding::Severity;
use crate::model::Estate;

use super::super::{Ctx, Rule, RuleInfo};

/// LB002: reported through [`Ctx::unknown`] by the rule that needed the value.
pub struct UnresolvedReference;

/// LB002's identity, used by [`Ctx::unknown`].
pub static UNRESOLVED: RuleInfo = RuleInfo {
    id: "LB002",
    name: "unresolved-reference",
    severity: Severity::Note,
};

impl Rule for UnresolvedReference {
    fn info(&self) -> &'static RuleInfo {
        &UNRESOLVED
    }

    fn check(&self, _: &Estate, _: &mut Ctx) {}
}
