//! Databases, DynamoDB tables, S3 buckets (with their separate versioning and replication
//! resources) and the other resource types AWS Backup can protect.

use crate::model::{
    Backupable, Bucket, Database, DatabaseKind, DynamoTable, Estate, Field, Items, ReplicationRule,
    Target, Versioning,
};

use super::{At, Res, Resolver};

/// Lowers `aws_db_instance` and `aws_rds_cluster`.
pub fn databases(resources: &[Res], estate: &mut Estate) {
    let mut clusters = Resolver::default();
    for r in resources.iter().filter(|r| r.kind == "aws_rds_cluster") {
        let at = r.at;
        let identifier = at.string("cluster_identifier");
        clusters.add(
            estate.databases.len(),
            &r.meta.address,
            at.name_key("cluster_identifier"),
            &r.meta.region,
        );
        estate.databases.push(database(
            r,
            DatabaseKind::Cluster,
            identifier,
            Field::Absent { owner: at.header() },
        ));
    }
    for r in resources.iter().filter(|r| r.kind == "aws_db_instance") {
        let at = r.at;
        let cluster = clusters.field(
            &at,
            "db_cluster_identifier",
            r.meta.region.known().map(String::as_str),
        );
        estate.databases.push(database(
            r,
            DatabaseKind::Instance,
            at.string("identifier"),
            cluster,
        ));
    }
}

fn database(
    r: &Res,
    kind: DatabaseKind,
    identifier: Field<String>,
    cluster: Field<Target>,
) -> Database {
    let at = r.at;
    let (backup_window, maintenance_window, delete_backups) = match kind {
        DatabaseKind::Instance => (
            "backup_window",
            "maintenance_window",
            "delete_automated_backups",
        ),
        DatabaseKind::Cluster => (
            "preferred_backup_window",
            "preferred_maintenance_window",
            "delete_automated_backups",
        ),
    };
    Database {
        meta: r.meta.clone(),
        kind,
        service: crate::model::DbService::Rds,
        identifier,
        engine: at.string("engine"),
        backup_retention_period: at.int("backup_retention_period"),
        backup_window: at.string(backup_window),
        maintenance_window: at.string(maintenance_window),
        delete_automated_backups: at.bool(delete_backups),
        deletion_protection: at.bool("deletion_protection"),
        skip_final_snapshot: at.bool("skip_final_snapshot"),
        final_snapshot_identifier: at.string("final_snapshot_identifier"),
        storage_encrypted: at.bool("storage_encrypted"),
        copy_tags_to_snapshot: at.bool("copy_tags_to_snapshot"),
        cluster,
        is_replica: at.attr("replicate_source_db").is_some()
            || at.attr("replication_source_identifier").is_some(),
        from_snapshot: at.attr("snapshot_identifier").is_some()
            || at
                .block
                .blocks_of("restore_to_point_in_time")
                .next()
                .is_some(),
        kms_key: at.nonempty_string("kms_key_id"),
        engine_mode: at.string("engine_mode"),
        global_cluster: at.attr("global_cluster_identifier").is_some(),
    }
}

/// Lowers `aws_dynamodb_table`.
pub fn tables<'b>(tables: impl Iterator<Item = &'b Res<'b>>, estate: &mut Estate) {
    for r in tables {
        let at = r.at;
        let pitr = at.block("point_in_time_recovery");
        let pitr_enabled = pitr.clone().and_then_known(|p| at.with(p).bool("enabled"));
        let pitr_days = pitr.and_then_known(|p| at.with(p).int("recovery_period_in_days"));
        estate.tables.push(DynamoTable {
            meta: r.meta.clone(),
            name: at.string("name"),
            pitr_enabled,
            pitr_days,
            deletion_protection: at.bool("deletion_protection_enabled"),
            global_table: None,
        });
    }
}

fn replication_rule(at: At, buckets: &Resolver, modern: bool) -> ReplicationRule {
    let destination = at
        .block("destination")
        .and_then_known(|d| buckets.field(&at.with(d), "bucket", None));
    let replica_kms_key = at.block("destination").and_then_known(|d| {
        let d = at.with(d);
        if modern {
            d.nested_string("encryption_configuration", "replica_kms_key_id")
        } else {
            d.string("replica_kms_key_id")
        }
    });
    let sse_kms_objects = at
        .block("source_selection_criteria")
        .and_then_known(|s| at.with(s).block("sse_kms_encrypted_objects"))
        .and_then_known(|o| {
            let o = at.with(o);
            if modern {
                o.string("status").map(|v| v == "Enabled")
            } else {
                o.bool("enabled")
            }
        });
    let has_filter = at.block.blocks_of("filter").next().is_some();
    let delete_marker_replication = if modern {
        at.nested_string("delete_marker_replication", "status")
            .map(|s| s == "Enabled")
    } else {
        // The inline form: for a V2 rule (with a filter) the provider sends `Disabled`
        // when no status is written, so S3 gets a valid rule.
        match at.string("delete_marker_replication_status") {
            Field::Absent { owner } if has_filter => Field::Known {
                value: false,
                at: owner,
            },
            f => f.map(|s| s == "Enabled"),
        }
    };
    ReplicationRule {
        location: at.whole(),
        id: at.string("id"),
        enabled: at.string("status").map(|s| s == "Enabled"),
        priority: at.int("priority"),
        has_filter,
        filter_has_tag: at.block.blocks_of("filter").any(|f| {
            f.blocks_of("tag").next().is_some()
                || f.blocks_of("and").any(|a| a.attrs.contains_key("tags"))
        }),
        delete_marker_replication,
        destination,
        replica_kms_key,
        sse_kms_objects,
    }
}

/// Lowers `aws_s3_bucket` with inline or separate versioning, replication and object lock.
pub fn buckets(resources: &[Res], estate: &mut Estate) {
    // Register every bucket first: an inline replication rule may name a bucket defined later.
    let mut resolver = Resolver::default();
    let buckets: Vec<&Res> = resources
        .iter()
        .filter(|r| r.kind == "aws_s3_bucket")
        .collect();
    for (n, r) in buckets.iter().enumerate() {
        resolver.add(
            estate.buckets.len() + n,
            &r.meta.address,
            r.at.name_key("bucket"),
            &r.meta.region,
        );
    }
    for r in buckets {
        let at = r.at;
        let name = at.string("bucket");
        let versioning = at.block("versioning").and_then_known(|b| {
            at.with(b).bool("enabled").map(|on| {
                if on {
                    Versioning::Enabled
                } else {
                    Versioning::Disabled
                }
            })
        });
        let (replication, replication_location) =
            match at.block.blocks_of("replication_configuration").next() {
                Some(rc) => (
                    Items::new(
                        rc.blocks_of("rules")
                            .map(|b| replication_rule(at.with(b), &resolver, false))
                            .collect(),
                        !rc.has_unknown_blocks("rules"),
                    ),
                    Some(at.with(rc).whole()),
                ),
                None => (Items::default(), None),
            };
        let object_lock = match at.bool("object_lock_enabled") {
            Field::Absent { .. } => at
                .nested_string("object_lock_configuration", "object_lock_enabled")
                .map(|s| s == "Enabled"),
            f => f,
        };
        // The inline (deprecated) form of default encryption.
        let default_encryption = at
            .block("server_side_encryption_configuration")
            .and_then_known(|c| sse_algorithm(at.with(c)));
        estate.buckets.push(Bucket {
            meta: r.meta.clone(),
            name,
            versioning,
            replication,
            replication_location,
            object_lock,
            default_encryption,
        });
    }
    let mut versioning_unattached = false;
    let mut replication_unattached = false;
    for r in resources {
        let at = r.at;
        let target = || resolver.field(&at, "bucket", None);
        match r.kind {
            "aws_s3_bucket_versioning" => match target() {
                Field::Known {
                    value: Target::Entity(i),
                    ..
                } => {
                    estate.buckets[i].versioning = at
                        .nested_string("versioning_configuration", "status")
                        .map(|s| match s.as_str() {
                            "Enabled" => Versioning::Enabled,
                            "Suspended" => Versioning::Suspended,
                            _ => Versioning::Disabled,
                        });
                }
                Field::Known { .. } => {}
                _ => versioning_unattached = true,
            },
            "aws_s3_bucket_replication_configuration" => match target() {
                Field::Known {
                    value: Target::Entity(i),
                    ..
                } => {
                    let b = &mut estate.buckets[i];
                    b.replication = Items::new(
                        at.block
                            .blocks_of("rule")
                            .map(|rb| replication_rule(at.with(rb), &resolver, true))
                            .collect(),
                        !at.block.has_unknown_blocks("rule"),
                    );
                    b.replication_location = Some(at.header());
                }
                Field::Known { .. } => {}
                _ => replication_unattached = true,
            },
            "aws_s3_bucket_server_side_encryption_configuration" => {
                if let Field::Known {
                    value: Target::Entity(i),
                    ..
                } = target()
                {
                    estate.buckets[i].default_encryption = sse_algorithm(at);
                }
            }
            "aws_s3_bucket_object_lock_configuration" => {
                if let Field::Known {
                    value: Target::Entity(i),
                    at: loc,
                } = target()
                {
                    estate.buckets[i].object_lock = Field::Known {
                        value: true,
                        at: loc,
                    };
                }
            }
            _ => {}
        }
    }
    // A versioning or replication resource we could not attach may belong to any bucket.
    for b in &mut estate.buckets {
        if versioning_unattached && b.versioning.is_absent() {
            b.versioning = Field::Unknown {
                at: b.meta.location.clone(),
                expr: "aws_s3_bucket_versioning with an unresolved bucket".into(),
            };
        }
        if replication_unattached && b.replication_location.is_none() {
            b.replication.complete = false;
        }
    }
    crate::sources::lowering::implied_bucket_facts(&mut estate.buckets);
}

/// `rule { apply_server_side_encryption_by_default { sse_algorithm } }`.
fn sse_algorithm(config: At) -> Field<String> {
    config.block("rule").and_then_known(|r| {
        config
            .with(r)
            .nested_string("apply_server_side_encryption_by_default", "sse_algorithm")
    })
}

/// Other resource types AWS Backup protects.
pub const OTHER_BACKUPABLE: &[&str] = &["aws_efs_file_system", "aws_ebs_volume", "aws_instance"];

/// Lowers the other backupable resources (for coverage).
pub fn others(resources: &[Res], estate: &mut Estate) {
    for r in resources
        .iter()
        .filter(|r| OTHER_BACKUPABLE.contains(&r.kind))
    {
        estate.other_backupable.push(Backupable {
            meta: r.meta.clone(),
            resource_type: r.kind.to_string(),
            automatic_backups: Field::Absent {
                owner: r.at.header(),
            },
        });
    }
    efs_backup_policies(resources, estate);
}

/// Attaches `aws_efs_backup_policy` to its file system. A policy whose file system cannot
/// be told makes every file system of the module without one unknown.
fn efs_backup_policies(resources: &[Res], estate: &mut Estate) {
    let mut unattributed = None;
    for r in resources
        .iter()
        .filter(|r| r.kind == "aws_efs_backup_policy")
    {
        let status =
            r.at.block("backup_policy")
                .and_then_known(|b| r.at.with(b).string("status"))
                .map(|s| s.eq_ignore_ascii_case("ENABLED"));
        let target = match r.at.value("file_system_id") {
            Field::Known {
                value: crate::sources::value::Value::Unknown(Some(origin)),
                ..
            } if origin.text.is_none() => Some(origin.address.clone()),
            _ => None,
        };
        let fs = target.and_then(|address| {
            estate
                .other_backupable
                .iter_mut()
                .find(|o| o.resource_type == "aws_efs_file_system" && *o.meta.address == *address)
        });
        match fs {
            Some(fs) => fs.automatic_backups = status,
            None => unattributed = Some(r.at.header()),
        }
    }
    if let Some(at) = unattributed {
        for fs in estate
            .other_backupable
            .iter_mut()
            .filter(|o| o.resource_type == "aws_efs_file_system" && o.automatic_backups.is_absent())
        {
            fs.automatic_backups = Field::Unknown {
                at: at.clone(),
                expr: "an EFS backup policy whose file system could not be resolved".into(),
            };
        }
    }
}
