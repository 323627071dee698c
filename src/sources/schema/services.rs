//! How CloudFormation writes DocumentDB, Neptune, Redshift, ElastiCache and FSx backup
//! settings. Final snapshots are the stack's `DeletionPolicy` (LB409), not a property.

use crate::model::{DbService, Setting};
use crate::sources::lowering::services::ServiceSpec;

use super::names::cloudformation;

fn redshift_names(s: Setting) -> &'static str {
    match s {
        Setting::BackupRetentionPeriod => "AutomatedSnapshotRetentionPeriod",
        Setting::StorageEncrypted => "Encrypted",
        s => cloudformation(s),
    }
}

fn elasticache_names(s: Setting) -> &'static str {
    match s {
        Setting::BackupRetentionPeriod => "SnapshotRetentionLimit",
        s => cloudformation(s),
    }
}

fn fsx_names(s: Setting) -> &'static str {
    match s {
        Setting::BackupRetentionPeriod => "AutomaticBackupRetentionDays",
        s => cloudformation(s),
    }
}

const DOCDB: ServiceSpec = ServiceSpec {
    identifier: "DBClusterIdentifier",
    retention: "BackupRetentionPeriod",
    backup_window: "PreferredBackupWindow",
    maintenance_window: "PreferredMaintenanceWindow",
    deletion_protection: "DeletionProtection",
    encrypted: "StorageEncrypted",
    kms_key: "KmsKeyId",
    restored_from: &["SnapshotIdentifier", "SourceDBClusterIdentifier"],
    ..ServiceSpec::new("AWS::DocDB::DBCluster", DbService::DocumentDb)
};

const FSX_RETENTION: &str = "AutomaticBackupRetentionDays";

/// The specs, one per resource type (FSx once per configuration block).
pub const SPECS: &[ServiceSpec] = &[
    DOCDB,
    ServiceSpec {
        kind: "AWS::Neptune::DBCluster",
        service: DbService::Neptune,
        restored_from: &["SnapshotIdentifier", "SourceDBClusterIdentifier"],
        replica_of: &[],
        ..DOCDB
    },
    ServiceSpec {
        identifier: "ClusterIdentifier",
        retention: "AutomatedSnapshotRetentionPeriod",
        encrypted: "Encrypted",
        kms_key: "KmsKeyId",
        restored_from: &["SnapshotIdentifier", "SnapshotArn"],
        names: Some(redshift_names),
        ..ServiceSpec::new("AWS::Redshift::Cluster", DbService::Redshift)
    },
    ServiceSpec {
        identifier: "ReplicationGroupId",
        engine: "Engine",
        retention: "SnapshotRetentionLimit",
        names: Some(elasticache_names),
        replica_of: &["GlobalReplicationGroupId"],
        ..ServiceSpec::new("AWS::ElastiCache::ReplicationGroup", DbService::ElastiCache)
    },
    ServiceSpec {
        identifier: "ClusterName",
        engine: "Engine",
        retention: "SnapshotRetentionLimit",
        names: Some(elasticache_names),
        ..ServiceSpec::new("AWS::ElastiCache::CacheCluster", DbService::ElastiCache)
    },
];

/// FSx file systems: the retention sits in the configuration block of the file system type.
pub const FSX: &[(&str, &str)] = &[
    ("WINDOWS", "WindowsConfiguration"),
    ("LUSTRE", "LustreConfiguration"),
    ("ONTAP", "OntapConfiguration"),
    ("OPENZFS", "OpenZFSConfiguration"),
];

/// The spec of an FSx file system whose configuration block is `block`.
pub const fn fsx(block: &'static str) -> ServiceSpec {
    ServiceSpec {
        retention: FSX_RETENTION,
        retention_block: block,
        names: Some(fsx_names),
        ..ServiceSpec::new("AWS::FSx::FileSystem", DbService::Fsx)
    }
}
