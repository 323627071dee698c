//! LB002 unresolved-reference: a value a rule needed could not be resolved (strict mode).

use crate::model::Estate;

use super::super::{Ctx, Rule, RuleInfo};

/// LB002: reported through [`Ctx::unknown`] by the rule that needed the value.
pub struct UnresolvedReference;

/// LB002's identity.
pub static UNRESOLVED: &RuleInfo = &crate::rules::meta::LB002;

impl Rule for UnresolvedReference {
    fn info(&self) -> &'static RuleInfo {
        UNRESOLVED
    }

    /// Module calls whose module is not on disk: in strict mode, one note per call (its
    /// resources are not checked at all).
    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        if !ctx.config.strict {
            return;
        }
        if let Some((at, why)) = &estate.evaluation_stopped {
            ctx.report(
                &estate.name,
                at,
                format!(
                    "evaluating {} stopped at {why}: values past it are unknown, so the rules could not judge them",
                    estate.name
                ),
            ).headline("evaluation stopped at a budget").label("evaluation budget reached").help("the module builds very large values (nested loops, doubling locals, module fan-out): values past the budget are unknown, so rules stay silent on them");
        }
        for m in &estate.missing_modules {
            ctx.report(
                &m.prefix,
                &m.location,
                format!(
                    "{} (source `{}`) is not on disk: run `terraform init` (or `terraform get`) so lifeboat can check the resources inside it",
                    m.prefix, m.source
                ),
            ).headline("module not downloaded").label("not on disk").help("run `terraform init` (or `terraform get`) before lifeboat, e.g. with the GitHub Action's terraform-get input");
        }
    }
}
