//! LB208 selection-matches-nothing: a tag selection matches no scanned resource.

use crate::finding::Severity;
use crate::model::Estate;
use crate::rules::selection::{protectable, selects, Tri};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB208.
pub struct SelectionMatchesNothing;

static INFO: RuleInfo = RuleInfo {
    id: "LB208",
    name: "selection-matches-nothing",
    severity: Severity::Note,
};

impl Rule for SelectionMatchesNothing {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        let resources: Vec<_> = ctx.scan.iter().flat_map(protectable).collect();
        if resources.is_empty() {
            return; // the scan saw nothing a selection could match
        }
        for s in &estate.selections {
            let by_tags = !s.tags.items.is_empty() || !s.conditions.items.is_empty();
            if !by_tags {
                continue;
            }
            let any = resources
                .iter()
                .fold(Tri::No, |acc, p| acc.or(selects(s, p)));
            if any == Tri::No {
                let at = s
                    .tags
                    .items
                    .first()
                    .or(s.conditions.items.first())
                    .map_or(&s.meta.location, |c| &c.location);
                let name = &s.meta.address;
                ctx.report(
                    name,
                    at,
                    format!("{name} selects by tag but matches none of the {} backupable resources in the scan: check the tag key and value (they are case-sensitive)", resources.len()),
                );
            }
        }
    }
}
