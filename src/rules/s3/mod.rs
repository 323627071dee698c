//! LB6xx: S3 buckets: versioning and replication.

mod delete_markers_not_replicated;
mod no_replication;
mod replica_not_encrypted;
mod replication_invalid;
mod replication_same_region;
mod versioning_disabled;

pub use delete_markers_not_replicated::DeleteMarkersNotReplicated;
pub use no_replication::NoReplication;
pub use replica_not_encrypted::ReplicaNotEncrypted;
pub use replication_invalid::ReplicationInvalid;
pub use replication_same_region::ReplicationSameRegion;
pub use versioning_disabled::VersioningDisabled;

use crate::model::{Bucket, Estate, ReplicationRule, Target};
use crate::rules::selection::Tri;

/// A replication rule that replicates: not `Disabled` (an unknown status may).
pub(crate) fn replicates(r: &ReplicationRule) -> bool {
    r.enabled.known() != Some(&false)
}

/// Is the bucket at `idx` a replica (some bucket replicates into it)? `Maybe` when a
/// replication in the unit points somewhere that could not be resolved: then no bucket
/// of the unit is claimed to be no destination. A destination named by a literal in
/// another scan unit counts too.
pub(crate) fn replica_of(estate: &Estate, scan: &[Estate], idx: usize) -> Tri {
    let mut doubt = false;
    for b in &estate.buckets {
        doubt |= !b.replication.complete;
        for r in b.replication.iter().filter(|r| replicates(r)) {
            match r.destination.known() {
                Some(Target::Entity(i)) if *i == idx => return Tri::Yes,
                Some(_) => {}
                None => doubt |= !r.destination.is_absent(),
            }
        }
    }
    let name = estate.buckets.get(idx).and_then(|b| b.name.known());
    let named_elsewhere = name.is_some_and(|name| {
        scan.iter()
            .filter(|e| !std::ptr::eq(*e, estate))
            .flat_map(|e| e.buckets.iter())
            .flat_map(|b| b.replication.iter())
            .any(|r| {
                matches!(r.destination.known(), Some(Target::External { name: Some(n), .. }) if n == name)
            })
    });
    if named_elsewhere {
        Tri::Yes
    } else if doubt {
        Tri::Maybe
    } else {
        Tri::No
    }
}

/// The bucket a replication destination points at, when it is in the scan.
fn destination<'e>(estate: &'e Estate, target: &crate::model::Field<Target>) -> Option<&'e Bucket> {
    match target.known()? {
        Target::Entity(i) => estate.buckets.get(*i),
        Target::External { .. } => None,
    }
}
