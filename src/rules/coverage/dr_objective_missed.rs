//! LB304 dr-objective-missed: the tier sets `region_rpo` or `account_rpo`, and no recovery
//! path survives that scenario within it.

use super::objectives::{text, tiered};
use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::recovery::Scenario;

/// LB304.
pub struct DrObjectiveMissed;

impl Rule for DrObjectiveMissed {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB304
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let (tiered, _) = tiered(estate, ctx);
        for t in tiered {
            let name = &t.resource.meta.address;
            let tier = &t.tier;
            for (scenario, want, key) in [
                (Scenario::Region, t.objectives.region_rpo, "region_rpo"),
                (Scenario::Account, t.objectives.account_rpo, "account_rpo"),
            ] {
                let Some(want) = want else { continue };
                let best = &t.recovery.best[scenario as usize];
                if best.doubt {
                    continue;
                }
                let how = match scenario {
                    Scenario::Region => {
                        "a copy in another region (a copy action to a vault there, S3 replication)"
                    }
                    _ => "a copy in another account or a logically air-gapped vault",
                };
                match &best.rpo {
                    Some((got, _, _)) if *got <= want => {}
                    Some((got, what, at)) => {
                        let f = ctx
                            .report(
                                name,
                                &t.at,
                                format!(
                                    "{name} is in tier {tier}, whose {key} wants a copy that survives {} no older than {}; the best is {what}: up to {}",
                                    scenario.with_article(),
                                    text(want),
                                    text(*got)
                                ),
                            )
                            .headline(format!("{} objective missed", scenario.label()))
                            .label(format!("{tier}: {key} {}", text(want)))
                            .help("copy more often to the other region or account");
                        f.with_related(format!("{what}: up to {}", text(*got)), at);
                    }
                    None => {
                        ctx.report(
                            name,
                            &t.at,
                            format!(
                                "{name} is in tier {tier}, whose {key} is {}, but nothing of it survives {}: it needs {how}",
                                text(want),
                                scenario.with_article()
                            ),
                        )
                        .headline(format!("{} objective missed: no copy", scenario.label()))
                        .label(format!("{tier}: {key} {}", text(want)))
                        .help(format!("add {how}"));
                    }
                }
            }
        }
    }
}
