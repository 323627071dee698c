//! LB208 selection-matches-nothing: a tag selection matches no scanned resource.

use crate::finding::Severity;
use crate::model::Estate;
use crate::rules::selection::{any, protectable, selects, Tri};
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
        if ctx.scan.iter().any(|e| e.selections_unknown) {
            return; // resources matched by unread selections are unknown too
        }
        let tag_selections: Vec<_> = estate
            .selections
            .iter()
            .filter(|s| !s.tags.items.is_empty() || !s.conditions.items.is_empty())
            .collect();
        if tag_selections.is_empty() {
            return;
        }
        // The unit's own resources first: the likeliest to match. Other units' are read
        // only for a selection that matches nothing here.
        let own = protectable(estate);
        let others = || {
            ctx.scan
                .iter()
                .filter(|e| !std::ptr::eq(*e, estate))
                .flat_map(protectable)
        };
        if own.is_empty() && others().next().is_none() {
            return; // the scan saw nothing a selection could match
        }
        for s in tag_selections {
            let here = any(own.iter().map(|p| selects(s, p)));
            if here == Tri::Yes || here.or(any(others().map(|p| selects(s, &p)))) != Tri::No {
                continue;
            }
            {
                let at = s
                    .tags
                    .items
                    .first()
                    .or(s.conditions.items.first())
                    .map_or(&s.meta.location, |c| &c.location);
                let name = &s.meta.address;
                let total = own.len() + others().count();
                ctx.report(
                    name,
                    at,
                    format!("{name} selects by tag but matches none of the {total} backupable resources in the scan: check the tag key and value (they are case-sensitive)"),
                );
            }
        }
    }
}
