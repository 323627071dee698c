//! How the Terraform AWS provider writes DocumentDB, Neptune, Redshift, ElastiCache and
//! FSx backup settings.

use crate::model::{DbService, Setting};
use crate::sources::lowering::services::ServiceSpec;
use crate::sources::terraform::names::terraform;

fn redshift_names(s: Setting) -> &'static str {
    match s {
        Setting::BackupRetentionPeriod => "automated_snapshot_retention_period",
        Setting::StorageEncrypted => "encrypted",
        s => terraform(s),
    }
}

fn elasticache_names(s: Setting) -> &'static str {
    match s {
        Setting::BackupRetentionPeriod => "snapshot_retention_limit",
        s => terraform(s),
    }
}

fn fsx_names(s: Setting) -> &'static str {
    match s {
        Setting::BackupRetentionPeriod => "automatic_backup_retention_days",
        s => terraform(s),
    }
}

const DOCDB: ServiceSpec = ServiceSpec {
    identifier: "cluster_identifier",
    engine: "engine",
    retention: "backup_retention_period",
    backup_window: "preferred_backup_window",
    maintenance_window: "preferred_maintenance_window",
    deletion_protection: "deletion_protection",
    skip_final_snapshot: "skip_final_snapshot",
    final_snapshot_identifier: "final_snapshot_identifier",
    encrypted: "storage_encrypted",
    kms_key: "kms_key_id",
    restored_from: &["snapshot_identifier", "restore_to_point_in_time"],
    ..ServiceSpec::new("aws_docdb_cluster", DbService::DocumentDb)
};

const NEPTUNE: ServiceSpec = ServiceSpec {
    replica_of: &["replication_source_identifier"],
    ..ServiceSpec {
        kind: "aws_neptune_cluster",
        service: DbService::Neptune,
        ..DOCDB
    }
};

const REDSHIFT: ServiceSpec = ServiceSpec {
    identifier: "cluster_identifier",
    retention: "automated_snapshot_retention_period",
    skip_final_snapshot: "skip_final_snapshot",
    final_snapshot_identifier: "final_snapshot_identifier",
    encrypted: "encrypted",
    kms_key: "kms_key_id",
    restored_from: &["snapshot_identifier", "snapshot_arn"],
    names: Some(redshift_names),
    ..ServiceSpec::new("aws_redshift_cluster", DbService::Redshift)
};

const FSX_RETENTION: &str = "automatic_backup_retention_days";

/// The specs, one per resource type.
pub const SPECS: &[ServiceSpec] = &[
    DOCDB,
    NEPTUNE,
    REDSHIFT,
    ServiceSpec {
        identifier: "replication_group_id",
        engine: "engine",
        retention: "snapshot_retention_limit",
        names: Some(elasticache_names),
        // A secondary of a global datastore takes its data from the primary.
        replica_of: &["global_replication_group_id"],
        ..ServiceSpec::new("aws_elasticache_replication_group", DbService::ElastiCache)
    },
    ServiceSpec {
        identifier: "cluster_id",
        engine: "engine",
        retention: "snapshot_retention_limit",
        names: Some(elasticache_names),
        // A node of a replication group: the group owns the snapshot settings.
        member_of: &["replication_group_id"],
        ..ServiceSpec::new("aws_elasticache_cluster", DbService::ElastiCache)
    },
    ServiceSpec {
        retention: FSX_RETENTION,
        names: Some(fsx_names),
        ..ServiceSpec::new("aws_fsx_windows_file_system", DbService::Fsx)
    },
    ServiceSpec {
        retention: FSX_RETENTION,
        names: Some(fsx_names),
        ..ServiceSpec::new("aws_fsx_lustre_file_system", DbService::Fsx)
    },
    ServiceSpec {
        retention: FSX_RETENTION,
        names: Some(fsx_names),
        ..ServiceSpec::new("aws_fsx_ontap_file_system", DbService::Fsx)
    },
    ServiceSpec {
        retention: FSX_RETENTION,
        names: Some(fsx_names),
        ..ServiceSpec::new("aws_fsx_openzfs_file_system", DbService::Fsx)
    },
];
