//! The services whose databases and file systems keep their own automated backups, and
//! what each one's API documents about them.

/// Which service a [`super::Database`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DbService {
    /// Amazon RDS and Aurora.
    #[default]
    Rds,
    /// Amazon DocumentDB.
    DocumentDb,
    /// Amazon Neptune.
    Neptune,
    /// Amazon Redshift (provisioned clusters).
    Redshift,
    /// Amazon ElastiCache (Redis OSS and Valkey: the engines that take snapshots).
    ElastiCache,
    /// Amazon FSx (Windows File Server, Lustre, NetApp ONTAP, OpenZFS).
    Fsx,
}

/// What a service's API documents about automated backup retention.
#[derive(Debug, Clone, Copy)]
pub struct RetentionLimits {
    /// The smallest value the API accepts (0 turns automated backups off where allowed).
    pub min: i64,
    /// The largest value the API accepts.
    pub max: i64,
    /// The retention when none is given; None where it depends on the file system type
    /// or the tool that creates it.
    pub default: Option<i64>,
    /// The AWS page that states these limits.
    pub source: &'static str,
}

impl DbService {
    /// The service's name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            DbService::Rds => "RDS",
            DbService::DocumentDb => "DocumentDB",
            DbService::Neptune => "Neptune",
            DbService::Redshift => "Redshift",
            DbService::ElastiCache => "ElastiCache",
            DbService::Fsx => "FSx",
        }
    }

    /// Automated backup retention limits (each from the service's create API reference).
    pub fn retention(self) -> RetentionLimits {
        match self {
            // CreateDBInstance / CreateDBCluster: "Must be a value from 0 to 35", default 1.
            DbService::Rds => RetentionLimits {
                min: 0,
                max: 35,
                default: Some(1),
                source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
            },
            // DocumentDB CreateDBCluster: "Default: 1. Must be a value from 1 to 35."
            DbService::DocumentDb => RetentionLimits {
                min: 1,
                max: 35,
                default: Some(1),
                source: "https://docs.aws.amazon.com/documentdb/latest/developerguide/API_CreateDBCluster.html",
            },
            // Neptune CreateDBCluster: "Default: 1. Must be a value from 1 to 35."
            DbService::Neptune => RetentionLimits {
                min: 1,
                max: 35,
                default: Some(1),
                source: "https://docs.aws.amazon.com/neptune/latest/apiref/API_CreateDBCluster.html",
            },
            // Redshift CreateCluster AutomatedSnapshotRetentionPeriod: "Default: 1.
            // Constraints: Must be a value from 0 to 35."
            DbService::Redshift => RetentionLimits {
                min: 0,
                max: 35,
                default: Some(1),
                source: "https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html",
            },
            // CreateReplicationGroup SnapshotRetentionLimit: "Default: 0 (i.e., automatic
            // backups are disabled for this cluster)"; at most 35 days.
            DbService::ElastiCache => RetentionLimits {
                min: 0,
                max: 35,
                default: Some(0),
                source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
            },
            // AutomaticBackupRetentionDays: "Setting this property to 0 disables automatic
            // backups. You can retain automatic backups for a maximum of 90 days." The
            // default differs by file system type (0 for Lustre, 30 for Windows in the
            // API, 7 in the Terraform provider): an unset value is not judged.
            DbService::Fsx => RetentionLimits {
                min: 0,
                max: 90,
                default: None,
                source: "https://docs.aws.amazon.com/fsx/latest/APIReference/API_CreateFileSystemWindowsConfiguration.html",
            },
        }
    }

    /// Has a deletion protection setting (RDS, DocumentDB, Neptune).
    pub fn has_deletion_protection(self) -> bool {
        matches!(
            self,
            DbService::Rds | DbService::DocumentDb | DbService::Neptune
        )
    }

    /// Takes a final snapshot on deletion unless told to skip it.
    pub fn has_final_snapshot(self) -> bool {
        matches!(
            self,
            DbService::Rds | DbService::DocumentDb | DbService::Neptune | DbService::Redshift
        )
    }

    /// Has a storage encryption switch LB405 judges.
    pub fn has_storage_encryption(self) -> bool {
        matches!(
            self,
            DbService::Rds | DbService::DocumentDb | DbService::Neptune | DbService::Redshift
        )
    }
}
