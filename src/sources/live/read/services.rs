//! Stateful services with automated backups of their own: Redshift clusters, ElastiCache
//! replication groups, EFS file systems (with their automatic-backup policy) and FSx file
//! systems.

use std::collections::BTreeMap;

use aws_sdk_efs::error::ProvideErrorMetadata;

use crate::sources::live::call::{each, pages, Tally};

/// An EFS file system with its automatic-backup policy.
#[derive(Debug, Clone, Default)]
pub struct EfsData {
    /// File system ARN.
    pub arn: String,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Automatic backups on (`Some(false)`: no policy or disabled); None when unread.
    pub automatic_backups: Option<bool>,
}

/// What the region's other stateful services hold.
#[derive(Debug, Default)]
pub struct ServiceData {
    /// Redshift provisioned clusters.
    pub redshift: Vec<aws_sdk_redshift::types::Cluster>,
    /// ElastiCache replication groups.
    pub replication_groups: Vec<aws_sdk_elasticache::types::ReplicationGroup>,
    /// EFS file systems.
    pub efs: Vec<EfsData>,
    /// FSx file systems.
    pub fsx: Vec<aws_sdk_fsx::types::FileSystem>,
}

/// The four services' clients.
pub struct ServiceClients<'a> {
    /// Redshift.
    pub redshift: &'a aws_sdk_redshift::Client,
    /// ElastiCache.
    pub elasticache: &'a aws_sdk_elasticache::Client,
    /// EFS.
    pub efs: &'a aws_sdk_efs::Client,
    /// FSx.
    pub fsx: &'a aws_sdk_fsx::Client,
}

/// Reads the four services of a region.
pub async fn read(c: ServiceClients<'_>, region: &str) -> (ServiceData, Tally) {
    let mut tally = Tally::default();
    let mut out = ServiceData::default();
    pages!(
        tally,
        region,
        "redshift:DescribeClusters",
        c.redshift.describe_clusters(),
        |page| out.redshift.extend(page.clusters().iter().cloned())
    );
    pages!(
        tally,
        region,
        "elasticache:DescribeReplicationGroups",
        c.elasticache.describe_replication_groups(),
        |page| out
            .replication_groups
            .extend(page.replication_groups().iter().cloned())
    );
    pages!(
        tally,
        region,
        "fsx:DescribeFileSystems",
        c.fsx.describe_file_systems(),
        |page| out.fsx.extend(page.file_systems().iter().cloned())
    );
    let mut systems = Vec::new();
    pages!(
        tally,
        region,
        "elasticfilesystem:DescribeFileSystems",
        c.efs.describe_file_systems(),
        |page| systems.extend(page.file_systems().iter().cloned())
    );
    let ids: Vec<String> = systems
        .iter()
        .map(|f| f.file_system_id().to_string())
        .collect();
    let client = c.efs;
    let answers = each(ids, |id| async move {
        client
            .describe_backup_policy()
            .file_system_id(id)
            .send()
            .await
    })
    .await;
    for (fs, answer) in systems.iter().zip(answers) {
        tally.calls += 1;
        let automatic_backups = match answer {
            Ok(p) => Some(
                p.backup_policy()
                    .is_some_and(|b| b.status() == &aws_sdk_efs::types::Status::Enabled),
            ),
            // No backup policy: automatic backups are off.
            Err(e) if e.code() == Some("PolicyNotFound") => Some(false),
            Err(e) => {
                tally.failed(region, "elasticfilesystem:DescribeBackupPolicy", &e);
                None
            }
        };
        out.efs.push(EfsData {
            arn: fs.file_system_arn().unwrap_or_default().to_string(),
            tags: fs
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect(),
            automatic_backups,
        });
    }
    (out, tally)
}
