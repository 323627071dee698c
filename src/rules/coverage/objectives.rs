//! What the objectives rules share: each stateful resource's tier and recovery paths.

use crate::config::{duration_text, Tier};
use crate::model::{Estate, Location};
use crate::rules::Ctx;
use crate::semantics::objectives::{assess, TierOf};
use crate::semantics::recovery::Recovery;
use crate::semantics::selection::Protected;

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

/// Every stateful resource with a tier, and every tier tag that names no tier. Nothing
/// when the configuration defines no tier.
pub fn tiered<'e>(estate: &'e Estate, ctx: &Ctx) -> (Vec<Tiered<'e>>, Vec<UnknownTier<'e>>) {
    let (mut out, mut unknown) = (Vec::new(), Vec::new());
    for a in assess(estate, ctx.scan, ctx.config, false) {
        match a.tier {
            TierOf::Known {
                name,
                objectives,
                at,
            } => out.push(Tiered {
                resource: a.resource,
                tier: name,
                objectives,
                at,
                recovery: a.recovery,
            }),
            TierOf::Unknown { name, at } => unknown.push(UnknownTier {
                resource: a.resource,
                tier: name,
                at,
            }),
            TierOf::None => {}
        }
    }
    (out, unknown)
}

/// A duration for messages.
pub fn text(minutes: u64) -> String {
    duration_text(minutes)
}
