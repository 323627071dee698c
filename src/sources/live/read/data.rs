//! The data stores: DynamoDB tables, RDS instances and clusters, S3 buckets.

use std::collections::BTreeMap;

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::types::ReplicationConfiguration;

use crate::sources::live::call::{each_tallied, pages, token_pages, Tally};

/// A table with its continuous-backup state and tags.
#[derive(Debug, Clone, Default)]
pub struct TableData {
    /// Table name.
    pub name: String,
    /// Table ARN.
    pub arn: String,
    /// Deletion protection.
    pub deletion_protection: Option<bool>,
    /// PITR enabled; None when it could not be read.
    pub pitr: Option<bool>,
    /// PITR recovery period.
    pub pitr_days: Option<i32>,
    /// Tags; None when they could not be read.
    pub tags: Option<BTreeMap<String, String>>,
}

/// A bucket with what the rules need; `None` in a field means it could not be read.
#[derive(Debug, Clone, Default)]
pub struct BucketData {
    /// Bucket name.
    pub name: String,
    /// Versioning status (`Some(None)`: never enabled).
    pub versioning: Option<Option<String>>,
    /// Replication configuration (`Some(None)`: none).
    pub replication: Option<Option<ReplicationConfiguration>>,
    /// Object lock enabled.
    pub object_lock: Option<bool>,
    /// Default encryption algorithm (`Some(None)`: none configured, S3's SSE-S3).
    pub encryption: Option<Option<String>>,
    /// Tags.
    pub tags: Option<BTreeMap<String, String>>,
}

/// DynamoDB tables: listed, then described a few at a time.
pub async fn tables(client: &aws_sdk_dynamodb::Client, region: &str) -> (Vec<TableData>, Tally) {
    let mut tally = Tally::default();
    let mut names = Vec::new();
    pages!(
        tally,
        region,
        "dynamodb:ListTables",
        client.list_tables(),
        |page| names.extend(page.table_names().iter().cloned())
    );
    let tables = each_tallied(&mut tally, names, |name| table(client, region, name)).await;
    (tables.into_iter().flatten().collect(), tally)
}

async fn table(
    client: &aws_sdk_dynamodb::Client,
    region: &str,
    name: String,
) -> (Option<TableData>, Tally) {
    let mut tally = Tally::default();
    let table = describe(client, region, name, &mut tally).await;
    (table, tally)
}

async fn describe(
    client: &aws_sdk_dynamodb::Client,
    region: &str,
    name: String,
    tally: &mut Tally,
) -> Option<TableData> {
    tally.calls += 2;
    let (table, backups) = tokio::join!(
        client.describe_table().table_name(&name).send(),
        client
            .describe_continuous_backups()
            .table_name(&name)
            .send(),
    );
    let table = match table {
        Ok(t) => t.table?.clone(),
        Err(e) => {
            tally.failed(region, "dynamodb:DescribeTable", &e);
            return None;
        }
    };
    let arn = table.table_arn()?.to_string();
    let pitr = match backups {
        Ok(b) => b
            .continuous_backups_description()
            .and_then(|d| d.point_in_time_recovery_description())
            .map(|p| {
                (
                    p.point_in_time_recovery_status()
                        .map(|s| s.as_str() == "ENABLED"),
                    p.recovery_period_in_days(),
                )
            }),
        Err(e) => {
            tally.failed(region, "dynamodb:DescribeContinuousBackups", &e);
            None
        }
    };
    // Tags decide which tag-based selections cover the table.
    let mut tags = BTreeMap::new();
    let tags_read = token_pages!(
        tally,
        region,
        "dynamodb:ListTagsOfResource",
        |token| client
            .list_tags_of_resource()
            .resource_arn(&arn)
            .set_next_token(token.clone()),
        |page| tags.extend(
            page.tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
        )
    );
    Some(TableData {
        name,
        arn,
        deletion_protection: table.deletion_protection_enabled(),
        pitr: pitr.and_then(|p| p.0),
        pitr_days: pitr.and_then(|p| p.1),
        tags: tags_read.then_some(tags),
    })
}

type Databases = (
    Vec<aws_sdk_rds::types::DbInstance>,
    Vec<aws_sdk_rds::types::DbCluster>,
);

/// RDS instances and clusters (their tags come with them).
pub async fn databases(client: &aws_sdk_rds::Client, region: &str) -> (Databases, Tally) {
    let mut tally = Tally::default();
    let (mut instances, mut clusters) = (Vec::new(), Vec::new());
    pages!(
        tally,
        region,
        "rds:DescribeDBInstances",
        client.describe_db_instances(),
        |page| instances.extend(page.db_instances().iter().cloned())
    );
    pages!(
        tally,
        region,
        "rds:DescribeDBClusters",
        client.describe_db_clusters(),
        |page| clusters.extend(page.db_clusters().iter().cloned())
    );
    ((instances, clusters), tally)
}

/// The buckets located in the region, with versioning, replication, object lock and tags.
pub async fn buckets(client: &aws_sdk_s3::Client, region: &str) -> (Vec<BucketData>, Tally) {
    let mut tally = Tally::default();
    let mut names = Vec::new();
    // Filtering by region on the server sends each bucket's calls to its own region.
    pages!(
        tally,
        region,
        "s3:ListAllMyBuckets",
        client.list_buckets().bucket_region(region),
        |page| {
            names.extend(
                page.buckets()
                    .iter()
                    .filter(|b| b.bucket_region().is_none_or(|r| r == region))
                    .filter_map(|b| b.name().map(str::to_string)),
            )
        }
    );
    let buckets = each_tallied(&mut tally, names, |name| bucket(client, region, name)).await;
    (buckets, tally)
}

async fn bucket(client: &aws_sdk_s3::Client, region: &str, name: String) -> (BucketData, Tally) {
    let mut tally = Tally::default();
    tally.calls += 5;
    let (versioning, replication, lock, tagging, encryption) = tokio::join!(
        client.get_bucket_versioning().bucket(&name).send(),
        client.get_bucket_replication().bucket(&name).send(),
        client.get_object_lock_configuration().bucket(&name).send(),
        client.get_bucket_tagging().bucket(&name).send(),
        client.get_bucket_encryption().bucket(&name).send(),
    );
    let mut out = BucketData {
        name,
        ..BucketData::default()
    };
    match versioning {
        Ok(v) => out.versioning = Some(v.status().map(|s| s.as_str().to_string())),
        Err(e) => tally.failed(region, "s3:GetBucketVersioning", &e),
    }
    match replication {
        Ok(r) => out.replication = Some(r.replication_configuration().cloned()),
        Err(e) if e.code() == Some("ReplicationConfigurationNotFoundError") => {
            out.replication = Some(None)
        }
        Err(e) => tally.failed(region, "s3:GetReplicationConfiguration", &e),
    }
    match lock {
        Ok(l) => {
            out.object_lock = Some(
                l.object_lock_configuration()
                    .and_then(|c| c.object_lock_enabled())
                    .is_some_and(|e| e.as_str() == "Enabled"),
            )
        }
        Err(e) if e.code() == Some("ObjectLockConfigurationNotFoundError") => {
            out.object_lock = Some(false)
        }
        Err(e) => tally.failed(region, "s3:GetBucketObjectLockConfiguration", &e),
    }
    match encryption {
        Ok(e) => {
            out.encryption = Some(
                e.server_side_encryption_configuration()
                    .and_then(|c| c.rules().first())
                    .and_then(|r| r.apply_server_side_encryption_by_default())
                    .map(|d| d.sse_algorithm().as_str().to_string()),
            )
        }
        Err(e) if e.code() == Some("ServerSideEncryptionConfigurationNotFoundError") => {
            out.encryption = Some(None)
        }
        Err(e) => tally.failed(region, "s3:GetEncryptionConfiguration", &e),
    }
    match tagging {
        Ok(t) => {
            out.tags = Some(
                t.tag_set()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string()))
                    .collect(),
            )
        }
        Err(e) if e.code() == Some("NoSuchTagSet") => out.tags = Some(BTreeMap::new()),
        Err(e) => tally.failed(region, "s3:GetBucketTagging", &e),
    }
    (out, tally)
}
