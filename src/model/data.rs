//! Stateful resources whose data backups protect: databases, tables, buckets, others.

use super::{DbService, Field, Items, Location, Meta, Target};

/// Whether a database is a single instance or an Aurora cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    /// `aws_db_instance` / `AWS::RDS::DBInstance`.
    Instance,
    /// `aws_rds_cluster` / `AWS::RDS::DBCluster`.
    Cluster,
}

/// A database (RDS DB instance or cluster, DocumentDB, Neptune or Redshift cluster), or a
/// cache or file system with automated backups of its own (ElastiCache, FSx).
#[derive(Debug, Clone)]
pub struct Database {
    /// Identity and placement.
    pub meta: Meta,
    /// Instance or cluster.
    pub kind: DatabaseKind,
    /// The service: RDS (and Aurora), DocumentDB, Neptune, Redshift, ElastiCache, FSx.
    /// Settings a service does not have are absent and its rules skip them.
    pub service: DbService,
    /// Identifier.
    pub identifier: Field<String>,
    /// Engine name.
    pub engine: Field<String>,
    /// Automated backup retention in days.
    pub backup_retention_period: Field<i64>,
    /// Daily backup window `hh24:mi-hh24:mi`.
    pub backup_window: Field<String>,
    /// Weekly maintenance window `ddd:hh24:mi-ddd:hh24:mi`.
    pub maintenance_window: Field<String>,
    /// Delete automated backups when the database is deleted.
    pub delete_automated_backups: Field<bool>,
    /// Deletion protection.
    pub deletion_protection: Field<bool>,
    /// Skip the final snapshot on deletion.
    pub skip_final_snapshot: Field<bool>,
    /// The name of the final snapshot (Terraform requires one unless it is skipped).
    pub final_snapshot_identifier: Field<String>,
    /// Storage encryption.
    pub storage_encrypted: Field<bool>,
    /// Copy tags to snapshots.
    pub copy_tags_to_snapshot: Field<bool>,
    /// Member of a cluster (instances of an Aurora cluster take backup settings from it).
    pub cluster: Field<Target>,
    /// A read replica of another database (backups and encryption follow the source).
    pub is_replica: bool,
    /// Restored from a snapshot (encryption follows the snapshot).
    pub from_snapshot: bool,
    /// The KMS key storage is encrypted with, when one is named.
    pub kms_key: Field<String>,
    /// Aurora engine mode (`provisioned`, `serverless`...).
    pub engine_mode: Field<String>,
    /// A member of an Aurora global database (clusters in other regions hold the data).
    pub global_cluster: bool,
}

/// A DynamoDB table.
#[derive(Debug, Clone)]
pub struct DynamoTable {
    /// Identity and placement.
    pub meta: Meta,
    /// Table name.
    pub name: Field<String>,
    /// Point-in-time recovery enabled.
    pub pitr_enabled: Field<bool>,
    /// PITR recovery period in days.
    pub pitr_days: Field<i64>,
    /// Deletion protection.
    pub deletion_protection: Field<bool>,
    /// For a replica of a global table: the global table it belongs to (replicas hold the
    /// same data, so backing up one protects all).
    pub global_table: Option<String>,
}

/// Versioning state of a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versioning {
    /// Versioning is on.
    Enabled,
    /// Versioning was on and has been suspended.
    Suspended,
    /// Never enabled.
    Disabled,
}

/// One replication rule of a bucket.
#[derive(Debug, Clone)]
pub struct ReplicationRule {
    /// Where the rule is written.
    pub location: Location,
    /// Rule id.
    pub id: Field<String>,
    /// Enabled or not.
    pub enabled: Field<bool>,
    /// Priority (V2 schema).
    pub priority: Field<i64>,
    /// Whether the rule has a `filter` (V2 schema) rather than a `prefix` (V1).
    pub has_filter: bool,
    /// Whether the filter selects by tag (delete markers cannot be replicated then).
    pub filter_has_tag: bool,
    /// Delete marker replication enabled.
    pub delete_marker_replication: Field<bool>,
    /// Destination bucket.
    pub destination: Field<Target>,
    /// Replica KMS key for SSE-KMS objects.
    pub replica_kms_key: Field<String>,
    /// Whether SSE-KMS encrypted objects are selected for replication.
    pub sse_kms_objects: Field<bool>,
}

/// An S3 bucket with its versioning and replication (wherever they were configured).
#[derive(Debug, Clone)]
pub struct Bucket {
    /// Identity and placement.
    pub meta: Meta,
    /// Bucket name.
    pub name: Field<String>,
    /// Versioning state.
    pub versioning: Field<Versioning>,
    /// Replication rules (empty and complete: no replication).
    pub replication: Items<ReplicationRule>,
    /// Where replication is configured, when it is.
    pub replication_location: Option<Location>,
    /// Object lock enabled (it turns versioning on for good).
    pub object_lock: Field<bool>,
    /// The default encryption of new objects (`AES256`, `aws:kms`, `aws:kms:dsse`); absent
    /// means S3's default, SSE-S3.
    pub default_encryption: Field<String>,
}

/// Another resource type AWS Backup can protect (EFS file system, EBS volume...).
#[derive(Debug, Clone)]
pub struct Backupable {
    /// Identity and placement.
    pub meta: Meta,
    /// The resource type as the source names it.
    pub resource_type: String,
    /// EFS automatic backups (a backup policy with status ENABLED): AWS Backup's default
    /// plan backs the file system up daily. Absent where the type has none, or none is set
    /// (off unless created in the console).
    pub automatic_backups: Field<bool>,
}

/// A KMS key.
#[derive(Debug, Clone)]
pub struct KmsKey {
    /// Identity and placement.
    pub meta: Meta,
    /// Multi-region key.
    pub multi_region: Field<bool>,
}

/// An AWS Backup restore testing plan.
#[derive(Debug, Clone)]
pub struct RestoreTestingPlan {
    /// Identity and placement.
    pub meta: Meta,
    /// Plan name.
    pub name: Field<String>,
    /// Schedule expression.
    pub schedule: Field<String>,
}

/// A selection of a restore testing plan.
#[derive(Debug, Clone)]
pub struct RestoreTestingSelection {
    /// Identity and placement.
    pub meta: Meta,
    /// The restore testing plan it belongs to.
    pub plan: Field<Target>,
    /// Protected resource type (e.g. `RDS`, `DynamoDB`).
    pub resource_type: Field<String>,
}

impl Database {
    /// A database of `service` with every setting absent, for sources to fill in the
    /// settings the service has.
    pub fn blank(meta: Meta, kind: DatabaseKind, service: DbService) -> Database {
        let owner = meta.location.clone();
        macro_rules! absent {
            () => {
                Field::Absent {
                    owner: owner.clone(),
                }
            };
        }
        Database {
            kind,
            service,
            identifier: absent!(),
            engine: absent!(),
            backup_retention_period: absent!(),
            backup_window: absent!(),
            maintenance_window: absent!(),
            delete_automated_backups: absent!(),
            deletion_protection: absent!(),
            skip_final_snapshot: absent!(),
            final_snapshot_identifier: absent!(),
            storage_encrypted: absent!(),
            copy_tags_to_snapshot: absent!(),
            cluster: absent!(),
            is_replica: false,
            from_snapshot: false,
            kms_key: absent!(),
            engine_mode: absent!(),
            global_cluster: false,
            meta,
        }
    }
}
