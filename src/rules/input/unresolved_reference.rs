//! LB002 unresolved-reference: a value a rule needed could not be resolved (strict mode).

use crate::finding::Finding;
use crate::model::Location;

use super::super::review::Facts;
use super::super::{Rule, RuleInfo};

/// LB002: in strict mode, one note per value a rule needed and could not resolve, per
/// resource that may not exist (with the findings held back), per module call not on
/// disk, and per module tree whose evaluation budget ran out.
pub struct UnresolvedReference;

/// LB002's identity.
pub static UNRESOLVED: &RuleInfo = &crate::rules::meta::LB002;

fn note(resource: &str, at: &Location, message: String) -> Finding {
    let mut f = Finding::new(
        (UNRESOLVED.id, UNRESOLVED.name),
        UNRESOLVED.severity,
        message,
        at.clone(),
    );
    f.resource = Some(resource.into());
    f
}

impl Rule for UnresolvedReference {
    fn info(&self) -> &'static RuleInfo {
        UNRESOLVED
    }

    fn review(&self, facts: &Facts, out: &mut Vec<Finding>) {
        // Reviewed before suppressions are matched (a note may be suppressed), and only in
        // strict mode.
        if facts.suppressions.is_some() || !facts.config.strict {
            return;
        }
        for u in facts.unresolved {
            let expr = u.expr.trim();
            let mut f = note(
                &u.resource,
                &u.at,
                format!(
                    "{} ({}) could not check {}: `{expr}` could not be resolved",
                    u.rule.id, u.rule.name, u.resource
                ),
            );
            f.label(format!("`{expr}` is unknown"));
            out.push(facts.with_call_sites(u.unit, f));
        }
        for h in facts.held_back {
            let held = if h.rules.is_empty() {
                String::new()
            } else {
                format!(
                    " (held back: {})",
                    h.rules.iter().copied().collect::<Vec<_>>().join(", ")
                )
            };
            let mut f = note(
                &h.resource,
                &h.at,
                format!(
                    "{} may not exist (`{}` could not be resolved), so nothing is reported about it{held}",
                    h.resource,
                    h.expr.trim()
                ),
            );
            f.label("may not exist");
            out.push(facts.with_call_sites(h.unit, f));
        }
        for estate in facts.estates {
            if let Some((at, why)) = &estate.evaluation_stopped {
                let mut f = note(
                    &estate.name,
                    at,
                    format!(
                        "evaluating {} stopped at {why}: values past it are unknown, so the rules could not judge them",
                        estate.name
                    ),
                );
                f.headline("evaluation stopped at a budget")
                    .label("evaluation budget reached")
                    .help("the module builds very large values (nested loops, doubling locals, module fan-out): values past the budget are unknown, so rules stay silent on them");
                out.push(f);
            }
            for (at, what) in &estate.values_not_made {
                let mut f = note(
                    &estate.name,
                    at,
                    format!(
                        "evaluating {} {what}, so that value is unknown",
                        estate.name
                    ),
                );
                f.headline("value not made")
                    .label("value not made")
                    .help("lifeboat reads only files inside the repository it checks and builds no string past its size limit, so that code nobody approved cannot make it print other files or take the machine");
                out.push(f);
            }
            for m in &estate.missing_modules {
                let mut f = note(
                    &m.prefix,
                    &m.location,
                    format!(
                        "{} (source `{}`) is not on disk: run `terraform init` (or `terraform get`) so lifeboat can check the resources inside it",
                        m.prefix, m.source
                    ),
                );
                f.headline("module not downloaded")
                    .label("not on disk")
                    .help("run `terraform init` (or `terraform get`) before lifeboat, e.g. with the GitHub Action's terraform-get input");
                out.push(f);
            }
        }
    }
}
