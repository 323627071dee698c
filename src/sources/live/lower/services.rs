//! Redshift clusters, ElastiCache replication groups and FSx file systems as databases of
//! their service; EFS file systems (with automatic backups) as protectable resources.

use aws_sdk_fsx::types::{FileSystem, FileSystemType};

use super::{opt, unread};
use crate::model::{Backupable, Database, DatabaseKind, DbService, Estate, Field};
use crate::sources::live::meta;
use crate::sources::live::read::RegionData;

/// Lowers the other services of every region.
pub fn lower(regions: &[RegionData], estate: &mut Estate) {
    for r in regions {
        let s = &r.services;
        for c in &s.redshift {
            // DescribeClusters has no cluster ARN: build it from the namespace's account.
            let account = c
                .cluster_namespace_arn()
                .and_then(|a| a.split(':').nth(4))
                .unwrap_or_default();
            let id = c.cluster_identifier().unwrap_or_default();
            let arn = format!("arn:aws:redshift:{}:{account}:cluster:{id}", r.region);
            let tags = c
                .tags()
                .iter()
                .filter_map(|t| {
                    Some((
                        t.key()?.to_string(),
                        t.value().unwrap_or_default().to_string(),
                    ))
                })
                .collect();
            let m = meta(&arn, &r.region, Some(tags));
            let at = m.location.clone();
            let mut d = Database::blank(m, DatabaseKind::Cluster, DbService::Redshift);
            d.identifier = opt(c.cluster_identifier().map(str::to_string), &at);
            d.backup_retention_period =
                opt(c.automated_snapshot_retention_period().map(i64::from), &at);
            d.storage_encrypted = opt(c.encrypted(), &at);
            d.kms_key = opt(c.kms_key_id().map(str::to_string), &at);
            estate.databases.push(d);
        }
        for g in &s.replication_groups {
            let Some(arn) = g.arn() else { continue };
            let m = meta(arn, &r.region, None);
            let at = m.location.clone();
            let mut d = Database::blank(m, DatabaseKind::Cluster, DbService::ElastiCache);
            d.identifier = opt(g.replication_group_id().map(str::to_string), &at);
            d.engine = opt(g.engine().map(str::to_string), &at);
            d.backup_retention_period = opt(g.snapshot_retention_limit().map(i64::from), &at);
            // A secondary of a global datastore takes its data from the primary.
            d.is_replica = g
                .global_replication_group_info()
                .and_then(|i| i.global_replication_group_member_role())
                .is_some_and(|role| role.eq_ignore_ascii_case("SECONDARY"));
            estate.databases.push(d);
        }
        for f in &s.fsx {
            let Some(arn) = f.resource_arn() else {
                continue;
            };
            let Some(retention) = fsx_retention(f) else {
                continue;
            };
            let tags = f
                .tags()
                .iter()
                .filter_map(|t| Some((t.key()?.to_string(), t.value()?.to_string())))
                .collect();
            let m = meta(arn, &r.region, Some(tags));
            let at = m.location.clone();
            let mut d = Database::blank(m, DatabaseKind::Cluster, DbService::Fsx);
            d.identifier = opt(f.file_system_id().map(str::to_string), &at);
            d.backup_retention_period = opt(retention, &at);
            estate.databases.push(d);
        }
        for e in &s.efs {
            let m = meta(&e.arn, &r.region, Some(e.tags.clone()));
            let at = m.location.clone();
            estate.other_backupable.push(Backupable {
                meta: m,
                resource_type: "aws_efs_file_system".into(),
                automatic_backups: match e.automatic_backups {
                    Some(on) => Field::Known { value: on, at },
                    None => unread(
                        &at,
                        "the file system's backup policy (elasticfilesystem:DescribeBackupPolicy)",
                    ),
                },
            });
        }
    }
}

/// The automatic backup retention of a file system's type; None for file systems that
/// take no backups (scratch Lustre) or types without the setting.
fn fsx_retention(f: &FileSystem) -> Option<Option<i64>> {
    let days = match f.file_system_type()? {
        FileSystemType::Windows => f.windows_configuration()?.automatic_backup_retention_days(),
        FileSystemType::Lustre => {
            let c = f.lustre_configuration()?;
            if c.deployment_type()
                .is_some_and(|d| d.as_str().starts_with("SCRATCH"))
            {
                return None;
            }
            c.automatic_backup_retention_days()
        }
        FileSystemType::Ontap => f.ontap_configuration()?.automatic_backup_retention_days(),
        FileSystemType::Openzfs => f
            .open_zfs_configuration()?
            .automatic_backup_retention_days(),
        _ => return None,
    };
    Some(days.map(i64::from))
}
