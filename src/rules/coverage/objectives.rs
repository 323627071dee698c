//! What the objectives rules share: each stateful resource's tier (from its tier tag or the
//! default tier) and its recovery paths.

use crate::config::{duration_text, Tier};
use crate::model::{Estate, Field, Location};
use crate::rules::Ctx;
use crate::semantics::recovery::{recovery, Recovery};
use crate::semantics::selection::{protectable, selects, Entity, Protected, Tri};
use crate::semantics::selection_index::SelectionIndex;

/// A resource with a tier.
pub struct Tiered<'e> {
    /// The resource.
    pub resource: Protected<'e>,
    /// The tier's name.
    pub tier: String,
    /// What it requires.
    pub objectives: Tier,
    /// Where the tier is set (the tag), or the resource's header for the default tier.
    pub at: Location,
    /// Its recovery paths.
    pub recovery: Recovery,
}

/// A tier tag naming a tier the configuration lacks.
pub struct UnknownTier<'e> {
    /// The resource.
    pub resource: Protected<'e>,
    /// The name written.
    pub tier: String,
    /// Where.
    pub at: Location,
}

/// A copy of data held elsewhere: the source carries the objectives.
fn is_copy(estate: &Estate, ctx: &Ctx, p: &Protected) -> bool {
    match p.entity {
        Entity::Database(i) => estate
            .databases
            .get(i)
            .is_some_and(|d| d.is_replica || !d.cluster.is_absent()),
        Entity::Bucket(i) => ctx.scan.replica_of(estate, i) != Tri::No,
        _ => false,
    }
}

/// Every stateful resource with a tier, and every tier tag that names no tier. Nothing
/// when the configuration defines no tier.
pub fn tiered<'e>(estate: &'e Estate, ctx: &Ctx) -> (Vec<Tiered<'e>>, Vec<UnknownTier<'e>>) {
    let objectives = &ctx.config.objectives;
    let (mut out, mut unknown) = (Vec::new(), Vec::new());
    if objectives.tiers.is_empty() {
        return (out, unknown);
    }
    let selections = SelectionIndex::new(&estate.selections);
    let own: std::collections::HashSet<*const crate::model::Selection> =
        estate.selections.iter().map(std::ptr::from_ref).collect();
    for p in protectable(estate) {
        if is_copy(estate, ctx, &p) {
            continue;
        }
        let (name, at) = match &p.meta.tags {
            Field::Known { value, at } => match value.get(&objectives.tier_tag) {
                Some(t) => (t.clone(), at.clone()),
                None => match &objectives.default_tier {
                    Some(d) => (d.clone(), p.meta.location.clone()),
                    None => continue,
                },
            },
            // Tags that cannot be read may name any tier.
            _ => continue,
        };
        let Some(tier) = objectives.tiers.get(&name) else {
            unknown.push(UnknownTier {
                resource: p,
                tier: name,
                at,
            });
            continue;
        };
        // A selection of another scan unit that may select the resource (a central backup
        // module), or selections that could not be read: its plans are not this unit's, so
        // the paths they give are not worked out, and nothing is said.
        let elsewhere = ctx
            .scan
            .selections()
            .candidates(&p)
            .any(|s| !own.contains(&std::ptr::from_ref(s)) && selects(s, &p) != Tri::No);
        let recovery = if estate.selections_unknown || ctx.scan.selections_unknown() || elsewhere {
            // Some selections could not be read: any rule may protect the resource.
            let mut r = recovery(estate, &selections, &p);
            for b in &mut r.best {
                b.doubt = true;
            }
            r.retention_doubt = true;
            r
        } else {
            recovery(estate, &selections, &p)
        };
        out.push(Tiered {
            objectives: tier.clone(),
            tier: name,
            at,
            recovery,
            resource: p,
        });
    }
    (out, unknown)
}

/// A duration for messages.
pub fn text(minutes: u64) -> String {
    duration_text(minutes)
}
