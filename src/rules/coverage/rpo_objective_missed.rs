//! LB302 rpo-objective-missed: the best worst-case RPO of a resource's paths through
//! deletion or corruption is worse than its tier's `rpo` (or it has no path at all); and a
//! tier tag that names no tier of the configuration.

use super::objectives::{text, tiered};
use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB302.
pub struct RpoObjectiveMissed;

impl Rule for RpoObjectiveMissed {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB302
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let (tiered, unknown) = tiered(estate, ctx);
        let known: Vec<String> = ctx.config.objectives.tiers.keys().cloned().collect();
        for u in unknown {
            let name = &u.resource.meta.address;
            ctx.report(
                name,
                &u.at,
                format!(
                    "{name} is in tier `{}` ({} tag), which the configuration does not define: its objectives cannot be checked (tiers: {})",
                    u.tier,
                    ctx.config.objectives.tier_tag,
                    known.join(", ")
                ),
            )
            .headline("unknown recovery tier")
            .label(format!("tier `{}`", u.tier))
            .help("fix the tag's value, or add the tier under [objectives.tiers] in lifeboat.toml");
        }
        for t in tiered {
            let Some(want) = t.objectives.rpo else {
                continue;
            };
            let best = &t.recovery.best[0];
            let name = &t.resource.meta.address;
            let tier = &t.tier;
            match &best.rpo {
                Some((got, _, _)) if *got <= want => {}
                Some((got, what, at)) if !best.doubt => {
                    let f = ctx
                        .report(
                            name,
                            &t.at,
                            format!(
                                "{name} is in tier {tier}, which wants an RPO of {}; the best path is {what}: up to {} of data lost",
                                text(want),
                                text(*got)
                            ),
                        )
                        .headline("recovery point objective missed")
                        .label(format!("{tier} wants {}", text(want)))
                        .help("back it up more often (a rule with a tighter schedule or start window, continuous backup, point-in-time recovery)");
                    f.with_related(format!("{what}: up to {}", text(*got)), at);
                }
                None if !best.doubt => {
                    ctx.report(
                        name,
                        &t.at,
                        format!(
                            "{name} is in tier {tier}, which wants an RPO of {}, but nothing backs it up: no backup rule selects it and it has no point-in-time recovery",
                            text(want)
                        ),
                    )
                    .headline("recovery point objective missed: no backup")
                    .label(format!("{tier} wants {}", text(want)))
                    .help("select it in a backup plan, or turn on the service's own backups");
                }
                _ => ctx.unknown(
                    name,
                    &crate::model::Field::<()>::Unknown {
                        at: t.at.clone(),
                        expr: "a recovery path whose RPO could not be worked out".into(),
                    },
                ),
            }
        }
    }
}
