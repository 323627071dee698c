//! Each stateful resource with its tier (from its tier tag, or the default tier) and its
//! recovery paths: what the objectives rules judge and the coverage map shows.

use std::collections::HashSet;

use crate::config::{Config, Tier};
use crate::model::{Estate, Field, Location, Selection};
use crate::semantics::recovery::{recovery, Recovery};
use crate::semantics::scan::Scan;
use crate::semantics::selection::{protectable, selects, Entity, Protected, Tri};
use crate::semantics::selection_index::SelectionIndex;

/// A resource's tier.
#[derive(Debug, Clone)]
pub enum TierOf {
    /// A configured tier.
    Known {
        /// Its name.
        name: String,
        /// What it requires.
        objectives: Tier,
        /// Where it is set (the tag), or the resource's header for the default tier.
        at: Location,
    },
    /// A tier tag naming no configured tier.
    Unknown {
        /// The name written.
        name: String,
        /// Where.
        at: Location,
    },
    /// No tier tag and no default tier (or tags that cannot be read).
    None,
}

/// One stateful resource, assessed.
pub struct Assessed<'e> {
    /// The resource.
    pub resource: Protected<'e>,
    /// Its tier.
    pub tier: TierOf,
    /// Its recovery paths and the best per scenario.
    pub recovery: Recovery,
}

/// Is the resource a copy of data held elsewhere: a read replica or cluster member (the
/// cluster is what is backed up), or a bucket another scanned bucket replicates into (when
/// that cannot be ruled out, it counts as one)? Coverage and objectives judge the source.
pub fn is_copy(estate: &Estate, scan: &Scan, p: &Protected) -> bool {
    match p.entity {
        Entity::Database(i) => estate
            .databases
            .get(i)
            .is_some_and(|d| d.is_replica || !d.cluster.is_absent()),
        Entity::Bucket(i) => scan.replica_of(estate, i) != Tri::No,
        _ => false,
    }
}

/// A resource's tier: its tier tag's value, or the default tier.
pub fn tier_of(p: &Protected, config: &Config) -> TierOf {
    let objectives = &config.objectives;
    let (name, at) = match &p.meta.tags {
        Field::Known { value, at } => match value.get(&objectives.tier_tag) {
            Some(t) => (t.to_string(), at.clone()),
            None => match &objectives.default_tier {
                Some(d) => (d.clone(), p.meta.location.clone()),
                None => return TierOf::None,
            },
        },
        _ => return TierOf::None,
    };
    match objectives.tiers.get(&name) {
        Some(t) => TierOf::Known {
            name,
            objectives: t.clone(),
            at,
        },
        None => TierOf::Unknown { name, at },
    }
}

/// The stateful resources of a unit (copies left out), with their tiers and paths; only
/// those with a tier unless `all`.
pub fn assess<'e>(
    estate: &'e Estate,
    scan: &Scan,
    config: &Config,
    all: bool,
) -> Vec<Assessed<'e>> {
    let mut out = Vec::new();
    if !all && config.objectives.tiers.is_empty() {
        return out;
    }
    let selections = SelectionIndex::new(&estate.selections);
    let own: HashSet<*const Selection> = estate.selections.iter().map(std::ptr::from_ref).collect();
    for p in protectable(estate) {
        if is_copy(estate, scan, &p) {
            continue;
        }
        let tier = tier_of(&p, config);
        if !all && matches!(tier, TierOf::None) {
            continue;
        }
        let mut recovery = recovery(estate, &selections, &p);
        // A selection of another scan unit that may select the resource (a central backup
        // module), or selections that could not be read: the paths they give are not
        // worked out here, so nothing is concluded.
        let elsewhere = scan
            .selections()
            .candidates(&p)
            .any(|s| !own.contains(&std::ptr::from_ref(s)) && selects(s, &p) != Tri::No);
        if estate.selections_unknown || scan.selections_unknown() || elsewhere {
            for b in &mut recovery.best {
                b.doubt = true;
            }
            recovery.retention_doubt = true;
        }
        out.push(Assessed {
            resource: p,
            tier,
            recovery,
        });
    }
    out
}
