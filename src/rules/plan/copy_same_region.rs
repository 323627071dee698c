//! LB204 copy-action-same-region: a "DR" copy that lands in the source's region and account.

use crate::model::{Estate, Location, Target};
use crate::rules::helpers::{plan_rules, vault};
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::reach::reach;

/// LB204.
pub struct CopySameRegion;

impl Rule for CopySameRegion {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB204
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for (plan, rule) in plan_rules(estate) {
            // The source is the rule's vault; failing that, the plan itself (same region and account).
            let source = vault(estate, &rule.target_vault).map_or(&plan.meta, |v| &v.meta);
            for copy in rule.copy_actions.iter() {
                let Some(dest) = copy.destination.known() else {
                    ctx.unknown(&plan.meta.address, &copy.destination);
                    continue;
                };
                // A copy into an air-gapped vault is isolation, not disaster recovery.
                let Some(r) = reach(estate, source, &copy.destination).filter(|r| !r.air_gapped)
                else {
                    continue;
                };
                let (name, defined): (String, Option<&Location>) = match (r.vault, dest) {
                    (Some(v), _) => (v.meta.address.to_string(), Some(&v.meta.location)),
                    (None, Target::External(e)) => {
                        (e.name.clone().unwrap_or_else(|| "a vault".into()), None)
                    }
                    (None, Target::Entity(_)) => continue,
                };
                let same_region = r.other_region.map(|o| !o);
                let same_account = r.other_account.map(|o| !o);
                match (same_region, same_account) {
                    (Some(true), Some(true)) => {
                        let region = source.region_name();
                        let f = ctx
                            .report(
                                &plan.meta.address,
                                copy.destination.location(),
                                format!(
                                    "this copy action copies to {name} in {region}, the same region and account as the source: it does not protect against a regional outage or a compromised account"
                                ),
                            )
                            .headline("disaster-recovery copy stays in the source region")
                            .label(format!("copies within {region}"))
                            .help("point the copy action at a vault in another region (a provider alias with another region), ideally in another account");
                        if let Some(at) = defined {
                            f.with_related(format!("{name} is defined here"), at);
                        }
                    }
                    (Some(false), _) | (_, Some(false)) => {}
                    _ => ctx.unknown(&plan.meta.address, &copy.destination),
                }
            }
        }
    }
}
