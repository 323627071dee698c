//! LB208 selection-matches-nothing: a tag selection matches no scanned resource.

use crate::model::Estate;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::Tri;

/// LB208.
pub struct SelectionMatchesNothing;

impl Rule for SelectionMatchesNothing {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB208
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        if ctx.scan.selections_unknown() {
            return; // resources matched by unread selections are unknown too
        }
        let mut tag_selections = estate
            .selections
            .iter()
            .filter(|s| !s.tags.items.is_empty() || !s.conditions.items.is_empty())
            .peekable();
        // The scan's resource index is large (every protectable resource): not built for
        // a unit without a tag selection to check.
        if tag_selections.peek().is_none() {
            return;
        }
        // Resources anywhere in the scan count: a central backup module selects by tag.
        let resources = ctx.scan.resources();
        if resources.is_empty() {
            return; // the scan saw nothing a selection could match
        }
        for s in tag_selections {
            if resources.selected_by(s) != Tri::No {
                continue;
            }
            let at = s
                .tags
                .items
                .first()
                .or(s.conditions.items.first())
                .map_or(&s.meta.location, |c| &c.location);
            let name = &s.meta.address;
            let total = resources.len();
            ctx.report(
                name,
                at,
                format!("{name} selects by tag but matches none of the {total} backupable resources in the scan: check the tag key and value (they are case-sensitive)"),
            ).headline("tag selection matches no scanned resource")
            .label("matches nothing")
            .help("check the tag key and value against the resources' tags (both are case-sensitive)");
        }
    }
}
