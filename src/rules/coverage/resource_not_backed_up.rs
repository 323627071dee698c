//! LB301 resource-not-backed-up: a stateful resource no backup selection selects.

use crate::finding::Severity;
use crate::model::Estate;
use crate::rules::selection::{any, protectable, selects, Protected, Tri};
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB301.
pub struct ResourceNotBackedUp;

static INFO: RuleInfo = RuleInfo {
    id: "LB301",
    name: "resource-not-backed-up",
    severity: Severity::Warning,
};

/// Buckets another scanned bucket replicates into are the copy, not data to back up;
/// when that cannot be ruled out, the bucket is not reported either.
fn may_be_replica(estate: &Estate, scan: &[Estate], meta: &crate::model::Meta) -> bool {
    estate
        .buckets
        .iter()
        .position(|b| std::ptr::eq(&b.meta, meta))
        .is_some_and(|i| crate::rules::s3::replica_of(estate, scan, i) != Tri::No)
}

/// Is the resource in the configured scope (`[coverage] kinds` and `tags`)? Unknown tags
/// keep it out: the rule does not fire on what it cannot see.
fn in_scope(ctx: &Ctx, p: &Protected) -> bool {
    let c = &ctx.config.coverage;
    let kind = c.kinds.is_empty() || c.kinds.iter().any(|k| k == p.short);
    let tags = c.tags.is_empty()
        || p.meta
            .tags
            .known()
            .is_some_and(|t| c.tags.iter().all(|(k, v)| t.get(k) == Some(v)));
    kind && tags
}

/// The global table a table replica belongs to.
fn global_table<'e>(estate: &'e Estate, meta: &crate::model::Meta) -> Option<&'e String> {
    estate
        .tables
        .iter()
        .find(|t| std::ptr::eq(&t.meta, meta))
        .and_then(|t| t.global_table.as_ref())
}

impl Rule for ResourceNotBackedUp {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        if ctx.scan.iter().any(|e| e.selections_unknown) {
            return; // some selections could not be read: any resource may be covered
        }
        // Selections anywhere in the scan count: a central backup module may select by tag.
        // The unit's own come first, as they are the likeliest to match.
        let selections: Vec<_> = estate
            .selections
            .iter()
            .chain(
                ctx.scan
                    .iter()
                    .filter(|e| !std::ptr::eq(*e, estate))
                    .flat_map(|e| e.selections.iter()),
            )
            .collect();
        let replicas: Vec<&crate::model::Meta> = estate
            .databases
            .iter()
            .filter(|d| d.is_replica || !d.cluster.is_absent())
            .map(|d| &d.meta)
            .collect();
        let resources = protectable(estate);
        let covered_by = |p: &Protected| any(selections.iter().map(|s| selects(s, p)));
        for p in &resources {
            if replicas.iter().any(|m| std::ptr::eq(*m, p.meta))
                || may_be_replica(estate, ctx.scan, p.meta)
                || !in_scope(ctx, p)
            {
                continue;
            }
            // Replicas of one global table hold the same data: one covered replica is enough.
            let group = global_table(estate, p.meta);
            let siblings = resources
                .iter()
                .filter(|q| group.is_some() && global_table(estate, q.meta) == group);
            let covered = any(std::iter::once(p).chain(siblings).map(covered_by));
            if covered == Tri::No {
                let name = &p.meta.address;
                let hint = if selections.is_empty() {
                    "there is no backup selection in the scan".to_string()
                } else {
                    format!("none of the {} backup selections in the scan matches its tags, ARN or region", selections.len())
                };
                ctx.report(
                    name,
                    &p.meta.location,
                    format!("{} {name} is not backed up by AWS Backup: {hint}", p.kind),
                );
            }
        }
    }
}
