//! DynamoDB tables, RDS instances and clusters, S3 buckets.

use std::collections::BTreeMap;

use super::{opt, unread};
use crate::model::{
    Bucket, Database, DatabaseKind, DynamoTable, Estate, Field, Items, Location, ReplicationRule,
    Versioning,
};
use crate::sources::live::read::{BucketData, RegionData};
use crate::sources::live::{known, meta};
use crate::sources::lowering::Resolver;
use crate::sources::value::Value;

/// Lowers tables, databases and buckets (buckets last, so replication destinations resolve).
pub fn lower(regions: &[RegionData], estate: &mut Estate) {
    for r in regions {
        // Automated backups replicated to another region (DescribeDBInstances lists them).
        estate.has_automated_backups_replication |= r
            .instances
            .iter()
            .any(|i| !i.db_instance_automated_backups_replications().is_empty());
        for t in &r.tables {
            let m = meta(&t.arn, &r.region, t.tags.clone());
            let at = m.location.clone();
            estate.tables.push(DynamoTable {
                meta: m,
                name: known(t.name.clone(), &at),
                pitr_enabled: t.pitr.map_or_else(
                    || unread(&at, "dynamodb:DescribeContinuousBackups"),
                    |p| known(p, &at),
                ),
                pitr_days: opt(t.pitr_days.map(i64::from), &at),
                deletion_protection: known(t.deletion_protection.unwrap_or(false), &at),
                global_table: None,
            });
        }
        for c in &r.clusters {
            if let Some(arn) = c.db_cluster_arn() {
                estate.databases.push(cluster(c, arn, &r.region));
            }
        }
        for i in &r.instances {
            if let Some(arn) = i.db_instance_arn() {
                estate.databases.push(instance(i, arn, &r.region));
            }
        }
    }
    // Buckets after all regions, so replication destinations in other regions resolve.
    let mut names = Resolver::default();
    let mut index = estate.buckets.len();
    for r in regions {
        for b in &r.buckets {
            let m = meta(&bucket_arn(&b.name, &r.region), &r.region, None);
            names.add(index, &m.address, Some(b.name.clone()), &m.region);
            index += 1;
        }
    }
    for r in regions {
        for b in &r.buckets {
            estate
                .buckets
                .push(bucket(b, &r.region, r.account.as_deref(), &names));
        }
    }
}

fn tags(list: &[aws_sdk_rds::types::Tag]) -> BTreeMap<String, String> {
    list.iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

/// The settings an instance and a cluster share, in the model's shape.
struct Common<'a> {
    kind: DatabaseKind,
    identifier: Option<&'a str>,
    engine: Option<&'a str>,
    retention: Option<i32>,
    backup_window: Option<&'a str>,
    maintenance_window: Option<&'a str>,
    deletion_protection: Option<bool>,
    encrypted: Option<bool>,
    copy_tags: Option<bool>,
    kms_key: Option<&'a str>,
    is_replica: bool,
    global_cluster: bool,
}

fn database(
    c: Common,
    m: crate::model::Meta,
    cluster: Field<crate::model::Target>,
    mode: Field<String>,
) -> Database {
    let at = m.location.clone();
    let s = |v: Option<&str>| opt(v.map(str::to_string), &at);
    Database {
        kind: c.kind,
        // DescribeDBClusters and DescribeDBInstances list DocumentDB and Neptune too.
        service: match c.engine {
            Some("docdb") => crate::model::DbService::DocumentDb,
            Some("neptune") => crate::model::DbService::Neptune,
            _ => crate::model::DbService::Rds,
        },
        identifier: s(c.identifier),
        engine: s(c.engine),
        backup_retention_period: opt(c.retention.map(i64::from), &at),
        backup_window: s(c.backup_window),
        maintenance_window: s(c.maintenance_window),
        // Chosen when deleting, not a setting of a running database.
        delete_automated_backups: unread(&at, "set only when deleting"),
        deletion_protection: opt(c.deletion_protection, &at),
        skip_final_snapshot: unread(&at, "set only when deleting"),
        final_snapshot_identifier: unread(&at, "set only when deleting"),
        storage_encrypted: opt(c.encrypted, &at),
        copy_tags_to_snapshot: opt(c.copy_tags, &at),
        cluster,
        is_replica: c.is_replica,
        from_snapshot: false,
        kms_key: s(c.kms_key),
        engine_mode: mode,
        global_cluster: c.global_cluster,
        meta: m,
    }
}

fn cluster(c: &aws_sdk_rds::types::DbCluster, arn: &str, region: &str) -> Database {
    let m = meta(arn, region, Some(tags(c.tag_list())));
    let at = m.location.clone();
    let common = Common {
        kind: DatabaseKind::Cluster,
        identifier: c.db_cluster_identifier(),
        engine: c.engine(),
        retention: c.backup_retention_period(),
        backup_window: c.preferred_backup_window(),
        maintenance_window: c.preferred_maintenance_window(),
        deletion_protection: c.deletion_protection(),
        encrypted: c.storage_encrypted(),
        copy_tags: c.copy_tags_to_snapshot(),
        kms_key: c.kms_key_id(),
        is_replica: c.replication_source_identifier().is_some(),
        global_cluster: c.global_cluster_identifier().is_some(),
    };
    let mode = opt(c.engine_mode().map(str::to_string), &at);
    database(common, m, Field::Absent { owner: at }, mode)
}

fn instance(i: &aws_sdk_rds::types::DbInstance, arn: &str, region: &str) -> Database {
    let m = meta(arn, region, Some(tags(i.tag_list())));
    let at = m.location.clone();
    let common = Common {
        kind: DatabaseKind::Instance,
        identifier: i.db_instance_identifier(),
        engine: i.engine(),
        retention: i.backup_retention_period(),
        backup_window: i.preferred_backup_window(),
        maintenance_window: i.preferred_maintenance_window(),
        deletion_protection: i.deletion_protection(),
        encrypted: i.storage_encrypted(),
        copy_tags: i.copy_tags_to_snapshot(),
        kms_key: i.kms_key_id(),
        is_replica: i.read_replica_source_db_instance_identifier().is_some(),
        global_cluster: false,
    };
    // Cluster members take their backup settings from the cluster.
    let cluster = match i.db_cluster_identifier() {
        Some(c) => unread(&at, c),
        None => Field::Absent { owner: at.clone() },
    };
    database(common, m, cluster, Field::Absent { owner: at })
}

/// A bucket's ARN: S3 ARNs carry neither region nor account.
fn bucket_arn(name: &str, region: &str) -> String {
    let partition = if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    };
    format!("arn:{partition}:s3:::{name}")
}

fn bucket(b: &BucketData, region: &str, account: Option<&str>, names: &Resolver) -> Bucket {
    let mut m = meta(&bucket_arn(&b.name, region), region, b.tags.clone());
    // A bucket's ARN names no account: an organization audit knows whose bucket it read.
    if let Some(account) = account {
        m.location = crate::sources::live::location_in(&m.address, region, account);
        m.account = known(account.to_string(), &m.location);
        m.provider = format!("live#{account}").into();
        m.credentials = format!("account:{account}").into();
    }
    let at = m.location.clone();
    let versioning = match &b.versioning {
        Some(Some(s)) if s == "Enabled" => known(Versioning::Enabled, &at),
        Some(Some(_)) => known(Versioning::Suspended, &at),
        Some(None) => known(Versioning::Disabled, &at),
        None => unread(&at, "s3:GetBucketVersioning"),
    };
    let (replication, replication_location) = match &b.replication {
        Some(Some(config)) => (
            Items::new(
                config
                    .rules()
                    .iter()
                    .map(|rule| replication_rule(rule, &at, names))
                    .collect(),
                true,
            ),
            Some(at.clone()),
        ),
        Some(None) => (Items::default(), None),
        // Not read: some rules may exist.
        None => (Items::new(Vec::new(), false), None),
    };
    Bucket {
        name: known(b.name.clone(), &at),
        versioning,
        replication,
        replication_location,
        object_lock: b.object_lock.map_or_else(
            || unread(&at, "s3:GetBucketObjectLockConfiguration"),
            |l| known(l, &at),
        ),
        default_encryption: match &b.encryption {
            Some(Some(alg)) => known(alg.clone(), &at),
            Some(None) => Field::Absent { owner: at.clone() },
            None => unread(&at, "s3:GetEncryptionConfiguration"),
        },
        meta: m,
    }
}

fn replication_rule(
    rule: &aws_sdk_s3::types::ReplicationRule,
    at: &Location,
    names: &Resolver,
) -> ReplicationRule {
    use aws_sdk_s3::types::{
        DeleteMarkerReplicationStatus, ReplicationRuleStatus, SseKmsEncryptedObjectsStatus,
    };
    let filter = rule.filter();
    let destination = rule.destination();
    ReplicationRule {
        location: at.clone(),
        id: opt(rule.id().map(str::to_string), at),
        enabled: known(rule.status() == &ReplicationRuleStatus::Enabled, at),
        priority: opt(rule.priority().map(i64::from), at),
        has_filter: filter.is_some(),
        filter_has_tag: filter
            .is_some_and(|f| f.tag().is_some() || f.and().is_some_and(|a| !a.tags().is_empty())),
        delete_marker_replication: opt(
            rule.delete_marker_replication()
                .and_then(|d| d.status())
                .map(|s| s == &DeleteMarkerReplicationStatus::Enabled),
            at,
        ),
        destination: match destination {
            Some(d) => match names.resolve(&Value::String(d.bucket().into()), None) {
                Some(t) => known(t, at),
                None => unread(at, d.bucket()),
            },
            None => Field::Absent { owner: at.clone() },
        },
        replica_kms_key: opt(
            destination
                .and_then(|d| d.encryption_configuration())
                .and_then(|e| e.replica_kms_key_id())
                .map(str::to_string),
            at,
        ),
        sse_kms_objects: opt(
            rule.source_selection_criteria()
                .and_then(|c| c.sse_kms_encrypted_objects())
                .map(|o| o.status() == &SseKmsEncryptedObjectsStatus::Enabled),
            at,
        ),
    }
}
