//! Lowers what the regions returned into one estate: the same model the files fill.

mod backup;
mod data;
mod evidence;
mod org;
mod services;
mod watch;

use super::known;
use super::read::{RegionData, Windows};
use crate::model::{Estate, Field, Location};

/// A value the API may leave out: absent when it did.
fn opt<T>(v: Option<T>, at: &Location) -> Field<T> {
    v.map_or(Field::Absent { owner: at.clone() }, |v| known(v, at))
}

/// A value that could not be read: unknown, so no rule fires on it.
fn unread<T>(at: &Location, what: &str) -> Field<T> {
    Field::Unknown {
        at: at.clone(),
        expr: what.into(),
    }
}

/// Lowers every region's data into one estate (all regions together, so cross-region
/// copies resolve).
pub fn lower(regions: &[RegionData], windows: Windows, estate: &mut Estate) {
    backup::lower(regions, estate);
    data::lower(regions, estate);
    services::lower(regions, estate);
    watch::lower(regions, estate);
    evidence::lower(regions, windows, estate);
    org::lower(regions, estate);
    crate::sources::lowering::link_by_name(estate);
    estate.resource_count = estate.vaults.len()
        + estate.plans.len()
        + estate.selections.len()
        + estate.tables.len()
        + estate.databases.len()
        + estate.other_backupable.len()
        + estate.buckets.len()
        + estate.alarms.len()
        + estate.event_rules.len()
        + estate.restore_testing_plans.len();
}

/// The region a resource known only by its ARN lives in: the ARN's, or the reading
/// region's for ARNs without one (S3).
fn arn_region<'a>(arn: &'a str, reading: &'a str) -> &'a str {
    arn.split(':')
        .nth(3)
        .filter(|r| !r.is_empty())
        .unwrap_or(reading)
}
