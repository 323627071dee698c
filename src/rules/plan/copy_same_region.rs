//! LB204 copy-action-same-region: a "DR" copy that lands in the source's region and account.

use crate::model::{Estate, Meta, Target};
use crate::rules::helpers::{plan_rules, vault};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB204.
pub struct CopySameRegion;

/// Same account when both accounts are known and equal, or both come from one provider.
fn same_account(a: &Meta, b: &Meta) -> bool {
    match (a.account.known(), b.account.known()) {
        (Some(x), Some(y)) => x == y,
        _ => a.provider == b.provider,
    }
}

impl Rule for CopySameRegion {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB204
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            // The source is the rule's vault; failing that, the plan itself (same region and account).
            let source = vault(estate, &rule.target_vault).map_or(&plan.meta, |v| &v.meta);
            for copy in rule.copy_actions.iter() {
                let Some(Target::Entity(i)) = copy.destination.known() else {
                    ctx.unknown(&plan.meta.address, &copy.destination);
                    continue;
                };
                let Some(dest) = estate.vaults.get(*i) else {
                    continue;
                };
                // Same provider (or template): same region even when its value is unknown.
                match source.same_region(&dest.meta) {
                    Some(true) if same_account(source, &dest.meta) => {
                        let region = dest.meta.region_name();
                        ctx.report(
                            &plan.meta.address,
                            copy.destination.location(),
                            format!(
                                "this copy action copies to {} in {region}, the same region and account as the source: it does not protect against a regional outage or a compromised account",
                                dest.meta.address
                            ),
                        )
                        .with_related(format!("{} is defined here", dest.meta.address), &dest.meta.location).headline("disaster-recovery copy stays in the source region")
                        .label(format!("copies within {region}"))
                        .help("point the copy action at a vault in another region (a provider alias with another region), ideally in another account");
                    }
                    Some(_) => {}
                    None => ctx.unknown(&plan.meta.address, &dest.meta.region),
                }
            }
        }
    }
}
