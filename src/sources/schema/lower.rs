//! Lowering CloudFormation resources into the model. This is the only place that knows
//! CloudFormation's property names.

use std::collections::BTreeMap;

use crate::model::{
    Alarm, Backupable, Bucket, CopyAction, Database, DatabaseKind, DynamoTable, Estate, EventRule,
    Field, Items, KmsKey, Lifecycle, Plan, PlanRule, ReplicationRule, RestoreTestingPlan,
    RestoreTestingSelection, Selection, TagCondition, Target, Vault, VaultLock, VaultNotification,
    Versioning,
};
use crate::sources::lowering::{org_policy, resource_patterns, At, Res, Resolver};
use crate::sources::value::{value_block, Value};

/// Other CloudFormation types AWS Backup protects, with the model's resource-type names.
const OTHER_BACKUPABLE: &[(&str, &str)] = &[
    ("AWS::EFS::FileSystem", "aws_efs_file_system"),
    ("AWS::EC2::Volume", "aws_ebs_volume"),
    ("AWS::EC2::Instance", "aws_instance"),
];

/// `Tags: [{Key, Value}]` (or a map, as some types use) as a map.
pub fn tags(at: &At, key: &str) -> Field<BTreeMap<String, String>> {
    at.field(key, |v| match v {
        Value::List(items) => items
            .iter()
            .map(|t| match t {
                Value::Object(m) => {
                    Some((m.get("Key")?.as_string()?, m.get("Value")?.as_string()?))
                }
                _ => None,
            })
            .collect(),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| Some((k.to_string(), v.as_string()?)))
            .collect(),
        _ => None,
    })
    .absent_as(BTreeMap::new())
}

fn of<'r, 'b>(resources: &'r [Res<'b>], kind: &'static str) -> impl Iterator<Item = &'r Res<'b>> {
    resources.iter().filter(move |r| r.kind == kind)
}

fn lifecycle(at: At) -> Field<Lifecycle> {
    at.block("Lifecycle").map(|b| {
        let lc = at.with(b);
        Lifecycle {
            location: lc.whole(),
            cold_storage_after: lc.days("MoveToColdStorageAfterDays", false),
            delete_after: lc.days("DeleteAfterDays", false),
        }
    })
}

/// Lowers every resource of a template.
pub fn lower(resources: &[Res], estate: &mut Estate) {
    let mut vaults = Resolver::default();
    for r in resources.iter().filter(|r| {
        r.kind == "AWS::Backup::BackupVault"
            || r.kind == "AWS::Backup::LogicallyAirGappedBackupVault"
    }) {
        let at = r.at;
        let air_gapped = r.kind == "AWS::Backup::LogicallyAirGappedBackupVault";
        // `!Ref` of a vault is its name, so the logical id resolves too.
        let name = at.string("BackupVaultName");
        vaults.add(
            estate.vaults.len(),
            &r.meta.address,
            at.name_key("BackupVaultName"),
            &r.meta.region,
        );
        // An air-gapped vault is always locked in compliance mode, with its retention
        // bounds on the vault itself.
        let lock = if air_gapped {
            VaultLock::air_gapped(
                &at.header(),
                at.int("MinRetentionDays"),
                at.int("MaxRetentionDays"),
            )
        } else {
            at.block("LockConfiguration").map(|b| {
                let l = at.with(b);
                VaultLock {
                    location: l.whole(),
                    min_retention_days: l.int("MinRetentionDays"),
                    max_retention_days: l.int("MaxRetentionDays"),
                    changeable_for_days: l.int("ChangeableForDays"),
                    immutable_from: None,
                }
            })
        };
        if let Field::Known { value: n, .. } = at.block("Notifications") {
            let n = at.with(n);
            estate.vault_notifications.push(VaultNotification {
                meta: r.meta.clone(),
                vault: Field::Known {
                    value: Target::Entity(estate.vaults.len()),
                    at: n.header(),
                },
                events: n.strings("BackupVaultEvents"),
                topic: n.string("SNSTopicArn"),
            });
        }
        estate.vaults.push(Vault {
            meta: r.meta.clone(),
            name,
            kms_key: if air_gapped {
                at.string("EncryptionKeyArn")
                    .absent_as("AWS owned key".into())
            } else {
                at.string("EncryptionKeyArn")
            },
            force_destroy: Field::Absent { owner: at.header() },
            lock,
            air_gapped,
            access_policy: match at.value("AccessPolicy") {
                Field::Known { value, at: loc } => {
                    crate::sources::lowering::policy::from_value(&value, loc)
                }
                Field::Unknown { at, expr } => Field::Unknown { at, expr },
                Field::Absent { owner } => Field::Absent { owner },
            },
        });
    }
    let mut plans = Resolver::default();
    for r in of(resources, "AWS::Backup::BackupPlan") {
        let Field::Known { value: bp, .. } = r.at.block("BackupPlan") else {
            continue;
        };
        let at = r.at.with(bp);
        let region = r.meta.region.known().map(String::as_str);
        let rules = at
            .block
            .blocks_of("BackupPlanRule")
            .map(|b| {
                let rule = at.with(b);
                PlanRule {
                    location: rule.whole(),
                    name: rule.string("RuleName"),
                    target_vault: vaults.field(&rule, "TargetBackupVault", region),
                    schedule: rule.string("ScheduleExpression"),
                    schedule_timezone: rule.string("ScheduleExpressionTimezone"),
                    start_window: rule.int("StartWindowMinutes"),
                    completion_window: rule.int("CompletionWindowMinutes"),
                    continuous_backup: rule.bool("EnableContinuousBackup"),
                    lifecycle: lifecycle(rule),
                    copy_actions: Items::new(
                        b.blocks_of("CopyActions")
                            .map(|c| {
                                let ca = at.with(c);
                                CopyAction {
                                    location: ca.whole(),
                                    destination: vaults.field(
                                        &ca,
                                        "DestinationBackupVaultArn",
                                        None,
                                    ),
                                    lifecycle: lifecycle(ca),
                                }
                            })
                            .collect(),
                        !b.has_unknown_blocks("CopyActions"),
                    ),
                    air_gapped_target: vaults.field(
                        &rule,
                        "TargetLogicallyAirGappedBackupVaultArn",
                        region,
                    ),
                }
            })
            .collect();
        let name = at.string("BackupPlanName");
        plans.add(
            estate.plans.len(),
            &r.meta.address,
            at.name_key("BackupPlanName"),
            &r.meta.region,
        );
        estate.plans.push(Plan {
            meta: r.meta.clone(),
            name,
            rules: Items::new(rules, !bp.has_unknown_blocks("BackupPlanRule")),
        });
    }
    let defined = crate::sources::lowering::definitions(resources.iter().map(|r| &r.meta));
    for r in of(resources, "AWS::Backup::BackupSelection") {
        let Field::Known { value: bs, .. } = r.at.block("BackupSelection") else {
            continue;
        };
        let at = r.at.with(bs);
        let condition = |b: &crate::sources::value::EvalBlock, op: Option<&str>| {
            let c = at.with(b);
            TagCondition {
                location: c.whole(),
                operator: match op {
                    Some(op) => Field::Known {
                        value: op.to_string(),
                        at: c.header(),
                    },
                    None => c.string("ConditionType").map(|s| s.to_ascii_uppercase()),
                },
                key: c.string("ConditionKey"),
                value: c.string("ConditionValue"),
            }
        };
        let mut conditions = Items::default();
        for cb in bs.blocks_of("Conditions") {
            for (kind, op) in [
                ("StringEquals", "STRINGEQUALS"),
                ("StringLike", "STRINGLIKE"),
                ("StringNotEquals", "STRINGNOTEQUALS"),
                ("StringNotLike", "STRINGNOTLIKE"),
            ] {
                conditions
                    .items
                    .extend(cb.blocks_of(kind).map(|b| condition(b, Some(op))));
                conditions.complete &= !cb.has_unknown_blocks(kind);
            }
        }
        conditions.shrink_to_fit();
        estate.selections.push(Selection {
            meta: r.meta.clone(),
            name: at.string("SelectionName"),
            plan: plans.field(&r.at, "BackupPlanId", None),
            tags: Items::new(
                bs.blocks_of("ListOfTags")
                    .map(|b| condition(b, None))
                    .collect(),
                !bs.has_unknown_blocks("ListOfTags"),
            ),
            conditions,
            resources: resource_patterns(&at, "Resources", &defined),
            not_resources: resource_patterns(&at, "NotResources", &defined),
        });
    }
    databases(resources, estate);
    crate::sources::lowering::services::lower(resources, super::services::SPECS, estate);
    for r in of(resources, "AWS::FSx::FileSystem") {
        // The retention sits in the block of the file system's type.
        let block = super::services::FSX
            .iter()
            .find(|(_, b)| r.at.attr(b).is_some() || r.at.block(b).known().is_some())
            .map_or("WindowsConfiguration", |(_, b)| *b);
        let spec = [super::services::fsx(block)];
        crate::sources::lowering::services::lower(std::slice::from_ref(r), &spec, estate);
    }
    for r in of(resources, "AWS::DynamoDB::Table") {
        let at = r.at;
        let pitr = at.block("PointInTimeRecoverySpecification");
        estate.tables.push(DynamoTable {
            meta: r.meta.clone(),
            name: at.string("TableName"),
            pitr_enabled: pitr
                .clone()
                .and_then_known(|p| at.with(p).bool("PointInTimeRecoveryEnabled")),
            pitr_days: pitr.and_then_known(|p| at.with(p).int("RecoveryPeriodInDays")),
            deletion_protection: at.bool("DeletionProtectionEnabled"),
            global_table: None,
        });
    }
    for r in of(resources, "AWS::DynamoDB::GlobalTable") {
        // Each replica is a table in its own region with its own settings.
        for rep in r.at.block.blocks_of("Replicas") {
            let at = r.at.with(rep);
            let mut meta = r.meta.clone();
            if let f @ Field::Known { .. } = at.string("Region") {
                meta.region = f;
                meta.region_from_provider = false;
            }
            meta.tags = tags(&at, "Tags").map(crate::model::tags);
            let pitr = at.block("PointInTimeRecoverySpecification");
            estate.tables.push(DynamoTable {
                meta,
                name: r.at.string("TableName"),
                pitr_enabled: pitr
                    .clone()
                    .and_then_known(|p| at.with(p).bool("PointInTimeRecoveryEnabled")),
                pitr_days: pitr.and_then_known(|p| at.with(p).int("RecoveryPeriodInDays")),
                deletion_protection: at.bool("DeletionProtectionEnabled"),
                global_table: Some(r.meta.address.to_string()),
            });
        }
    }
    buckets(resources, estate);
    for r in of(resources, "AWS::CloudWatch::Alarm") {
        let at = r.at;
        let query_metrics = at
            .block
            .blocks_of("Metrics")
            .flat_map(|m| m.blocks_of("MetricStat"))
            .flat_map(|s| s.blocks_of("Metric"))
            .filter_map(|m| {
                let m = at.with(m);
                Some((
                    m.string("Namespace").known()?.clone(),
                    m.string("MetricName").known()?.clone(),
                ))
            })
            .collect();
        estate.alarms.push(Alarm {
            meta: r.meta.clone(),
            namespace: at.string("Namespace"),
            metric_name: at.string("MetricName"),
            query_metrics,
            alarm_actions: at.len("AlarmActions"),
            actions_enabled: at.bool("ActionsEnabled"),
        });
    }
    for r in of(resources, "AWS::Events::Rule") {
        let at = r.at;
        // EventPattern is a JSON object in templates (or a JSON string).
        let pattern = at.field("EventPattern", |v| match v {
            Value::String(s) => Some(s.to_string()),
            other => other.to_json(),
        });
        let targets = at.block.blocks_of("Targets").count();
        estate.event_rules.push(EventRule {
            meta: r.meta.clone(),
            pattern,
            targets,
            targets_unknown: at.block.has_unknown_blocks("Targets"),
            enabled: at.string("State").map(|s| s == "ENABLED"),
        });
    }
    let mut testing = Resolver::default();
    for r in of(resources, "AWS::Backup::RestoreTestingPlan") {
        let name = r.at.string("RestoreTestingPlanName");
        testing.add(
            estate.restore_testing_plans.len(),
            &r.meta.address,
            r.at.name_key("RestoreTestingPlanName"),
            &r.meta.region,
        );
        estate.restore_testing_plans.push(RestoreTestingPlan {
            meta: r.meta.clone(),
            name,
            schedule: r.at.string("ScheduleExpression"),
        });
    }
    for r in of(resources, "AWS::Backup::RestoreTestingSelection") {
        estate
            .restore_testing_selections
            .push(RestoreTestingSelection {
                meta: r.meta.clone(),
                plan: testing.field(&r.at, "RestoreTestingPlanName", None),
                resource_type: r.at.string("ProtectedResourceType"),
            });
    }
    for r in of(resources, "AWS::KMS::Key") {
        estate.kms_keys.push(KmsKey {
            meta: r.meta.clone(),
            multi_region: r.at.bool("MultiRegion"),
        });
    }
    for r in resources {
        if let Some((_, canonical)) = OTHER_BACKUPABLE.iter().find(|(t, _)| *t == r.kind) {
            estate.other_backupable.push(Backupable {
                meta: r.meta.clone(),
                resource_type: canonical.to_string(),
                automatic_backups: r
                    .at
                    .nested_string("BackupPolicy", "Status")
                    .map(|s| s.eq_ignore_ascii_case("ENABLED")),
            });
        }
    }
    organization_policies(resources, estate);
    crate::sources::lowering::link_by_name(estate);
}

/// `AWS::Organizations::Policy` of type `BACKUP_POLICY`: its plans are backup plans.
fn organization_policies(resources: &[Res], estate: &mut Estate) {
    for r in of(resources, "AWS::Organizations::Policy") {
        if r.at.string("Type").known().map(String::as_str) != Some("BACKUP_POLICY") {
            continue;
        }
        let mut meta = r.meta.clone();
        meta.dialect = crate::model::Dialect(org_policy::setting_name);
        // The document as a mapping (positions kept) or as a JSON string.
        if let Some(content) = r.at.block.blocks_of("Content").next() {
            org_policy::lower(&meta, r.at.with(content), estate);
        } else if let Some(a) = r.at.attr("Content") {
            let Value::String(text) = &a.value else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
                continue;
            };
            let block = value_block("Content", &Value::from_json(&json), &a.span.range());
            org_policy::lower(&meta, r.at.with(&block), estate);
        }
    }
}

fn databases(resources: &[Res], estate: &mut Estate) {
    let mut clusters = Resolver::default();
    let entries = of(resources, "AWS::RDS::DBCluster")
        .map(|r| (r, DatabaseKind::Cluster))
        .collect::<Vec<_>>()
        .into_iter()
        .chain(of(resources, "AWS::RDS::DBInstance").map(|r| (r, DatabaseKind::Instance)));
    for (r, kind) in entries {
        let at = r.at;
        let cluster = match kind {
            DatabaseKind::Cluster => {
                clusters.add(
                    estate.databases.len(),
                    &r.meta.address,
                    at.name_key("DBClusterIdentifier"),
                    &r.meta.region,
                );
                Field::Absent { owner: at.header() }
            }
            DatabaseKind::Instance => match clusters.field(&at, "DBClusterIdentifier", None) {
                // An Aurora instance belongs to a cluster, which owns its storage and
                // backup settings (`StorageEncrypted` does not apply to it).
                Field::Absent { owner }
                    if at
                        .string("Engine")
                        .known()
                        .is_some_and(|e| e.starts_with("aurora")) =>
                {
                    Field::Unknown {
                        at: owner,
                        expr: "the cluster of an Aurora instance".into(),
                    }
                }
                f => f,
            },
        };
        // LB404's CloudFormation face: deleting the stack with `DeletionPolicy: Delete` takes
        // no final snapshot. RDS types default to `Snapshot`.
        let skip_final_snapshot = match at.string("DeletionPolicy") {
            Field::Known { value, at } => Field::Known {
                value: value == "Delete",
                at,
            },
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Known {
                value: false,
                at: owner,
            },
        };
        let delete_automated_backups = match (kind, at.bool("DeleteAutomatedBackups")) {
            // DBCluster has no such property: its behaviour cannot be set from the template.
            (DatabaseKind::Cluster, Field::Absent { owner }) => Field::Unknown {
                at: owner,
                expr: "DeleteAutomatedBackups (not a property of AWS::RDS::DBCluster)".into(),
            },
            (_, f) => f,
        };
        let (identifier, retention_replica) = match kind {
            DatabaseKind::Cluster => (
                at.string("DBClusterIdentifier"),
                at.attr("ReplicationSourceIdentifier").is_some(),
            ),
            DatabaseKind::Instance => (
                at.string("DBInstanceIdentifier"),
                at.attr("SourceDBInstanceIdentifier").is_some(),
            ),
        };
        estate.databases.push(Database {
            meta: r.meta.clone(),
            kind,
            service: crate::model::DbService::Rds,
            identifier,
            engine: at.string("Engine"),
            backup_retention_period: at.int("BackupRetentionPeriod"),
            backup_window: at.string("PreferredBackupWindow"),
            maintenance_window: at.string("PreferredMaintenanceWindow"),
            delete_automated_backups,
            deletion_protection: at.bool("DeletionProtection"),
            skip_final_snapshot,
            // Not a template setting: the stack names the final snapshot.
            final_snapshot_identifier: Field::Absent {
                owner: r.meta.location.clone(),
            },
            storage_encrypted: at.bool("StorageEncrypted"),
            copy_tags_to_snapshot: at.bool("CopyTagsToSnapshot"),
            cluster,
            is_replica: retention_replica,
            // Restored from a snapshot or (clusters) from another cluster at a point in time.
            from_snapshot: at.attr("DBSnapshotIdentifier").is_some()
                || at.attr("SnapshotIdentifier").is_some()
                || at.attr("DBClusterSnapshotIdentifier").is_some()
                || at.attr("SourceDBClusterIdentifier").is_some()
                || at.attr("SourceDBInstanceAutomatedBackupsArn").is_some(),
            kms_key: at.nonempty_string("KmsKeyId"),
            engine_mode: at.string("EngineMode"),
            global_cluster: at.attr("GlobalClusterIdentifier").is_some(),
        });
    }
}

fn buckets(resources: &[Res], estate: &mut Estate) {
    let mut resolver = Resolver::default();
    let list: Vec<&Res> = of(resources, "AWS::S3::Bucket").collect();
    for (n, r) in list.iter().enumerate() {
        resolver.add(
            estate.buckets.len() + n,
            &r.meta.address,
            r.at.name_key("BucketName"),
            &r.meta.region,
        );
    }
    for r in list {
        let at = r.at;
        let versioning = at.block("VersioningConfiguration").and_then_known(|v| {
            at.with(v).string("Status").map(|s| match s.as_str() {
                "Enabled" => Versioning::Enabled,
                "Suspended" => Versioning::Suspended,
                _ => Versioning::Disabled,
            })
        });
        let rc = at
            .block
            .blocks
            .iter()
            .find(|b| b.kind == "ReplicationConfiguration");
        let replication = rc.map_or_else(Items::default, |rc| {
            Items::new(
                rc.blocks_of("Rules")
                    .map(|b| {
                        let rule = at.with(b);
                        let filter = b.blocks_of("Filter").next();
                        ReplicationRule {
                            location: rule.whole(),
                            id: rule.string("Id"),
                            enabled: rule.string("Status").map(|s| s == "Enabled"),
                            priority: rule.int("Priority"),
                            has_filter: filter.is_some(),
                            filter_has_tag: filter.is_some_and(|f| {
                                f.blocks_of("TagFilter").next().is_some()
                                    || f.blocks_of("And")
                                        .any(|a| a.blocks_of("TagFilters").next().is_some())
                            }),
                            delete_marker_replication: rule
                                .nested_string("DeleteMarkerReplication", "Status")
                                .map(|s| s == "Enabled"),
                            destination: rule
                                .block("Destination")
                                .and_then_known(|d| resolver.field(&at.with(d), "Bucket", None)),
                            replica_kms_key: rule.block("Destination").and_then_known(|d| {
                                at.with(d)
                                    .nested_string("EncryptionConfiguration", "ReplicaKmsKeyID")
                            }),
                            sse_kms_objects: rule
                                .block("SourceSelectionCriteria")
                                .and_then_known(|s| at.with(s).block("SseKmsEncryptedObjects"))
                                .and_then_known(|o| {
                                    at.with(o).string("Status").map(|s| s == "Enabled")
                                }),
                        }
                    })
                    .collect(),
                !rc.has_unknown_blocks("Rules"),
            )
        });
        estate.buckets.push(Bucket {
            meta: r.meta.clone(),
            name: at.string("BucketName"),
            versioning,
            replication,
            replication_location: rc.map(|b| at.with(b).whole()),
            object_lock: at.bool("ObjectLockEnabled"),
            default_encryption: at.block("BucketEncryption").and_then_known(|e| {
                at.with(e)
                    .block("ServerSideEncryptionConfiguration")
                    .and_then_known(|c| {
                        at.with(c)
                            .nested_string("ServerSideEncryptionByDefault", "SSEAlgorithm")
                    })
            }),
        });
    }
    crate::sources::lowering::implied_bucket_facts(&mut estate.buckets);
}
