//! LB6xx: S3 buckets: versioning and replication.

mod delete_markers_not_replicated;
mod no_replication;
mod replica_not_encrypted;
mod replication_invalid;
mod replication_same_region;
mod s3_replica_not_immutable;
mod versioning_disabled;

pub use delete_markers_not_replicated::DeleteMarkersNotReplicated;
pub use no_replication::NoReplication;
pub use replica_not_encrypted::ReplicaNotEncrypted;
pub use replication_invalid::ReplicationInvalid;
pub use replication_same_region::ReplicationSameRegion;
pub use s3_replica_not_immutable::S3ReplicaNotImmutable;
pub use versioning_disabled::VersioningDisabled;

use crate::model::{Bucket, Estate, Target};
pub(crate) use crate::semantics::replication::replicates;

/// The bucket a replication destination points at, when it is in the scan.
fn destination<'e>(estate: &'e Estate, target: &crate::model::Field<Target>) -> Option<&'e Bucket> {
    match target.known()? {
        Target::Entity(i) => estate.buckets.get(*i),
        Target::External(_) => None,
    }
}
