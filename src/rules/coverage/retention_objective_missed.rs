//! LB303 retention-objective-missed: no recovery path of a resource keeps points as long
//! as its tier's `retention`.

use super::objectives::{text, tiered};
use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB303.
pub struct RetentionObjectiveMissed;

impl Rule for RetentionObjectiveMissed {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB303
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let (tiered, _) = tiered(estate, ctx);
        for t in tiered {
            let Some(want) = t.objectives.retention else {
                continue;
            };
            if t.recovery.retention_doubt {
                continue;
            }
            let name = &t.resource.meta.address;
            let tier = &t.tier;
            match &t.recovery.retention {
                Some((None, _, _)) => {}
                Some((Some(got), _, _)) if *got >= want => {}
                Some((Some(got), what, at)) => {
                    let f = ctx
                        .report(
                            name,
                            &t.at,
                            format!(
                                "{name} is in tier {tier}, which wants to go back {}; the longest any path keeps is {} ({what})",
                                text(want),
                                text(*got)
                            ),
                        )
                        .headline("retention objective missed")
                        .label(format!("{tier} wants {}", text(want)))
                        .help("keep recovery points longer (a rule's delete_after, or a copy with a longer lifecycle)");
                    f.with_related(format!("{what}: {}", text(*got)), at);
                }
                None => {
                    ctx.report(
                        name,
                        &t.at,
                        format!(
                            "{name} is in tier {tier}, which wants to go back {}, but nothing keeps recovery points of it",
                            text(want)
                        ),
                    )
                    .headline("retention objective missed: no backup")
                    .label(format!("{tier} wants {}", text(want)))
                    .help("select it in a backup plan whose rules keep points that long");
                }
            }
        }
    }
}
