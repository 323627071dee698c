//! The read-only API calls of a region and the lowering of what they return.

use std::collections::BTreeMap;

use aws_config::{BehaviorVersion, Region};

use super::{known, meta, AuditOptions};
use crate::model::{
    CopyAction, Database, DatabaseKind, DynamoTable, Estate, Field, Items, Lifecycle, Plan,
    PlanRule, Selection, TagCondition, Target, Vault, VaultLock,
};

/// Every API action the audit calls (the README's IAM policy lists exactly these).
pub const ACTIONS: &[&str] = &[
    "backup:GetBackupPlan",
    "backup:GetBackupSelection",
    "backup:ListBackupPlans",
    "backup:ListBackupSelections",
    "backup:ListBackupVaults",
    "dynamodb:DescribeContinuousBackups",
    "dynamodb:DescribeTable",
    "dynamodb:ListTables",
    "rds:DescribeDBClusters",
    "rds:DescribeDBInstances",
];

/// A vault as listed.
pub struct VaultData {
    name: String,
    arn: String,
    key: Option<String>,
    locked: bool,
    min: Option<i64>,
    max: Option<i64>,
    compliance: bool,
}

/// A plan with its rules (as `GetBackupPlan` returns them).
pub struct PlanData {
    arn: String,
    plan: aws_sdk_backup::types::BackupPlan,
    selections: Vec<aws_sdk_backup::types::BackupSelection>,
}

/// A table with its continuous-backup state.
pub struct TableData {
    name: String,
    arn: String,
    deletion_protection: Option<bool>,
    pitr: Option<bool>,
    pitr_days: Option<i32>,
}

/// Everything read from one region.
pub struct RegionData {
    /// The region.
    pub region: String,
    vaults: Vec<VaultData>,
    plans: Vec<PlanData>,
    tables: Vec<TableData>,
    instances: Vec<aws_sdk_rds::types::DbInstance>,
    clusters: Vec<aws_sdk_rds::types::DbCluster>,
    selections_read: bool,
    /// Calls that failed.
    pub problems: Vec<String>,
    /// Calls made.
    pub calls: usize,
}

/// Names the failed call and its error, never credentials.
fn failed(region: &str, action: &str, e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    format!("{region}: {action} failed ({text}); the audit goes on without it (check the IAM policy in the README)")
}

/// Reads one region.
pub async fn region(region: &str, options: &AuditOptions) -> RegionData {
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.to_string()));
    if let Some(p) = &options.profile {
        loader = loader.profile_name(p);
    }
    if let Some(e) = &options.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    let config = loader.load().await;
    let backup = aws_sdk_backup::Client::new(&config);
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let rds = aws_sdk_rds::Client::new(&config);
    let mut out = RegionData {
        region: region.to_string(),
        vaults: Vec::new(),
        plans: Vec::new(),
        tables: Vec::new(),
        instances: Vec::new(),
        clusters: Vec::new(),
        selections_read: true,
        problems: Vec::new(),
        calls: 0,
    };
    // The services are independent: read them concurrently.
    let (vaults, plans, tables, dbs) = tokio::join!(
        read_vaults(&backup, region),
        read_plans(&backup, region),
        read_tables(&dynamodb, region),
        read_databases(&rds, region),
    );
    for (calls, problems) in [
        (vaults.1, vaults.2),
        (plans.1, plans.2),
        (tables.1, tables.2),
        (dbs.2, dbs.3),
    ] {
        out.calls += calls;
        out.problems.extend(problems);
    }
    out.vaults = vaults.0;
    out.selections_read = plans.3;
    out.plans = plans.0;
    out.tables = tables.0;
    (out.instances, out.clusters) = (dbs.0, dbs.1);
    out
}

async fn read_vaults(
    client: &aws_sdk_backup::Client,
    region: &str,
) -> (Vec<VaultData>, usize, Vec<String>) {
    let (mut out, mut calls, mut problems) = (Vec::new(), 0, Vec::new());
    let mut token = None;
    loop {
        calls += 1;
        match client
            .list_backup_vaults()
            .set_next_token(token)
            .send()
            .await
        {
            Ok(page) => {
                for v in page.backup_vault_list() {
                    let (Some(name), Some(arn)) = (v.backup_vault_name(), v.backup_vault_arn())
                    else {
                        continue;
                    };
                    out.push(VaultData {
                        name: name.to_string(),
                        arn: arn.to_string(),
                        key: v.encryption_key_arn().map(str::to_string),
                        locked: v.locked().unwrap_or(false),
                        min: v.min_retention_days(),
                        max: v.max_retention_days(),
                        // A lock date makes the lock immutable from then on (compliance mode).
                        compliance: v.lock_date().is_some(),
                    });
                }
                token = page.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(e) => {
                problems.push(failed(region, "backup:ListBackupVaults", &e));
                break;
            }
        }
    }
    (out, calls, problems)
}

async fn read_plans(
    client: &aws_sdk_backup::Client,
    region: &str,
) -> (Vec<PlanData>, usize, Vec<String>, bool) {
    let (mut ids, mut calls, mut problems) = (Vec::new(), 0, Vec::new());
    let mut token = None;
    loop {
        calls += 1;
        match client
            .list_backup_plans()
            .set_next_token(token)
            .send()
            .await
        {
            Ok(page) => {
                for p in page.backup_plans_list() {
                    if let (Some(id), Some(arn)) = (p.backup_plan_id(), p.backup_plan_arn()) {
                        ids.push((id.to_string(), arn.to_string()));
                    }
                }
                token = page.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(e) => {
                problems.push(failed(region, "backup:ListBackupPlans", &e));
                return (Vec::new(), calls, problems, false);
            }
        }
    }
    let mut out = Vec::new();
    let mut selections_read = true;
    for (id, arn) in ids {
        calls += 1;
        let plan = match client.get_backup_plan().backup_plan_id(&id).send().await {
            Ok(r) => match r.backup_plan() {
                Some(p) => p.clone(),
                None => continue,
            },
            Err(e) => {
                problems.push(failed(region, "backup:GetBackupPlan", &e));
                continue;
            }
        };
        let mut selections = Vec::new();
        calls += 1;
        match client
            .list_backup_selections()
            .backup_plan_id(&id)
            .send()
            .await
        {
            Ok(list) => {
                for s in list.backup_selections_list() {
                    let Some(sid) = s.selection_id() else {
                        continue;
                    };
                    calls += 1;
                    match client
                        .get_backup_selection()
                        .backup_plan_id(&id)
                        .selection_id(sid)
                        .send()
                        .await
                    {
                        Ok(r) => selections.extend(r.backup_selection().cloned()),
                        Err(e) => {
                            problems.push(failed(region, "backup:GetBackupSelection", &e));
                            selections_read = false;
                        }
                    }
                }
            }
            Err(e) => {
                problems.push(failed(region, "backup:ListBackupSelections", &e));
                selections_read = false;
            }
        }
        out.push(PlanData {
            arn,
            plan,
            selections,
        });
    }
    (out, calls, problems, selections_read)
}

async fn read_tables(
    client: &aws_sdk_dynamodb::Client,
    region: &str,
) -> (Vec<TableData>, usize, Vec<String>) {
    let (mut names, mut calls, mut problems) = (Vec::new(), 0, Vec::new());
    let mut start = None;
    loop {
        calls += 1;
        match client
            .list_tables()
            .set_exclusive_start_table_name(start)
            .send()
            .await
        {
            Ok(page) => {
                names.extend(page.table_names().iter().cloned());
                start = page.last_evaluated_table_name().map(str::to_string);
                if start.is_none() {
                    break;
                }
            }
            Err(e) => {
                problems.push(failed(region, "dynamodb:ListTables", &e));
                break;
            }
        }
    }
    let mut out = Vec::new();
    for name in names {
        calls += 2;
        let (table, backups) = tokio::join!(
            client.describe_table().table_name(&name).send(),
            client
                .describe_continuous_backups()
                .table_name(&name)
                .send(),
        );
        let table = match table {
            Ok(t) => t,
            Err(e) => {
                problems.push(failed(region, "dynamodb:DescribeTable", &e));
                continue;
            }
        };
        let Some(arn) = table.table().and_then(|t| t.table_arn()) else {
            continue;
        };
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
                problems.push(failed(region, "dynamodb:DescribeContinuousBackups", &e));
                None
            }
        };
        out.push(TableData {
            name: name.clone(),
            arn: arn.to_string(),
            deletion_protection: table.table().and_then(|t| t.deletion_protection_enabled()),
            pitr: pitr.and_then(|p| p.0),
            pitr_days: pitr.and_then(|p| p.1),
        });
    }
    (out, calls, problems)
}

type Databases = (
    Vec<aws_sdk_rds::types::DbInstance>,
    Vec<aws_sdk_rds::types::DbCluster>,
    usize,
    Vec<String>,
);

async fn read_databases(client: &aws_sdk_rds::Client, region: &str) -> Databases {
    let (mut instances, mut clusters, mut calls, mut problems) =
        (Vec::new(), Vec::new(), 0, Vec::new());
    let mut marker = None;
    loop {
        calls += 1;
        match client
            .describe_db_instances()
            .set_marker(marker)
            .send()
            .await
        {
            Ok(page) => {
                instances.extend(page.db_instances().iter().cloned());
                marker = page.marker().map(str::to_string);
                if marker.is_none() {
                    break;
                }
            }
            Err(e) => {
                problems.push(failed(region, "rds:DescribeDBInstances", &e));
                break;
            }
        }
    }
    let mut marker = None;
    loop {
        calls += 1;
        match client
            .describe_db_clusters()
            .set_marker(marker)
            .send()
            .await
        {
            Ok(page) => {
                clusters.extend(page.db_clusters().iter().cloned());
                marker = page.marker().map(str::to_string);
                if marker.is_none() {
                    break;
                }
            }
            Err(e) => {
                problems.push(failed(region, "rds:DescribeDBClusters", &e));
                break;
            }
        }
    }
    (instances, clusters, calls, problems)
}

fn lifecycle(
    lc: Option<&aws_sdk_backup::types::Lifecycle>,
    at: &crate::model::Location,
) -> Field<Lifecycle> {
    match lc {
        Some(l) => known(
            Lifecycle {
                location: at.clone(),
                cold_storage_after: l
                    .move_to_cold_storage_after_days()
                    .map_or(Field::Absent { owner: at.clone() }, |d| known(d, at)),
                delete_after: l
                    .delete_after_days()
                    .map_or(Field::Absent { owner: at.clone() }, |d| known(d, at)),
            },
            at,
        ),
        None => Field::Absent { owner: at.clone() },
    }
}

fn opt<T>(v: Option<T>, at: &crate::model::Location) -> Field<T> {
    v.map_or(Field::Absent { owner: at.clone() }, |v| known(v, at))
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

/// Lowers every region's data into one estate.
pub fn lower(regions: &[RegionData], estate: &mut Estate) {
    let mut vaults = crate::sources::terraform::Resolver::default();
    for r in regions {
        for v in &r.vaults {
            let m = meta(&v.arn, &r.region, Some(BTreeMap::new()));
            let at = m.location.clone();
            let name = known(v.name.clone(), &at);
            vaults.add(estate.vaults.len(), &v.arn, &name, &m.region);
            let lock = if v.locked {
                known(
                    VaultLock {
                        location: at.clone(),
                        min_retention_days: opt(v.min, &at),
                        max_retention_days: opt(v.max, &at),
                        changeable_for_days: if v.compliance {
                            known(0, &at)
                        } else {
                            Field::Absent { owner: at.clone() }
                        },
                    },
                    &at,
                )
            } else {
                Field::Absent { owner: at.clone() }
            };
            estate.vaults.push(Vault {
                meta: m,
                name,
                // The API names the key even when it is the AWS-managed one; telling them
                // apart needs kms:DescribeKey, which this audit does not call yet.
                kms_key: match &v.key {
                    Some(_) => Field::Unknown {
                        at: at.clone(),
                        expr: "the key's manager (kms:DescribeKey)".into(),
                    },
                    None => Field::Absent { owner: at.clone() },
                },
                force_destroy: known(false, &at),
                lock,
            });
        }
    }
    let mut plans = crate::sources::terraform::Resolver::default();
    for r in regions {
        for p in &r.plans {
            let m = meta(&p.arn, &r.region, Some(BTreeMap::new()));
            let at = m.location.clone();
            let name = known(p.plan.backup_plan_name().to_string(), &at);
            plans.add(estate.plans.len(), &p.arn, &name, &m.region);
            let target = |name: &str, hint: Option<&str>| -> Field<Target> {
                let value = crate::sources::terraform::Value::String(name.to_string());
                match vaults.resolve(&value, hint) {
                    Some(t) => known(t, &at),
                    None => Field::Unknown {
                        at: at.clone(),
                        expr: name.to_string(),
                    },
                }
            };
            let rules = p
                .plan
                .rules()
                .iter()
                .map(|rule| PlanRule {
                    location: at.clone(),
                    name: known(rule.rule_name().to_string(), &at),
                    target_vault: target(rule.target_backup_vault_name(), Some(&r.region)),
                    schedule: opt(rule.schedule_expression().map(str::to_string), &at),
                    start_window: opt(rule.start_window_minutes(), &at),
                    completion_window: opt(rule.completion_window_minutes(), &at),
                    continuous_backup: opt(rule.enable_continuous_backup(), &at),
                    lifecycle: lifecycle(rule.lifecycle(), &at),
                    copy_actions: Items {
                        items: rule
                            .copy_actions()
                            .iter()
                            .map(|c| CopyAction {
                                location: at.clone(),
                                destination: target(c.destination_backup_vault_arn(), None),
                                lifecycle: lifecycle(c.lifecycle(), &at),
                            })
                            .collect(),
                        complete: true,
                    },
                })
                .collect();
            estate.plans.push(Plan {
                meta: m.clone(),
                name,
                rules: Items {
                    items: rules,
                    complete: true,
                },
            });
            let plan_index = estate.plans.len() - 1;
            for s in &p.selections {
                let condition = |op: &str, key: Option<&str>, value: Option<&str>| TagCondition {
                    location: at.clone(),
                    operator: known(op.to_string(), &at),
                    key: opt(key.map(str::to_string), &at),
                    value: opt(value.map(str::to_string), &at),
                };
                let mut conditions = Items::default();
                if let Some(c) = s.conditions() {
                    for (op, list) in [
                        ("STRINGEQUALS", c.string_equals()),
                        ("STRINGLIKE", c.string_like()),
                        ("STRINGNOTEQUALS", c.string_not_equals()),
                        ("STRINGNOTLIKE", c.string_not_like()),
                    ] {
                        conditions.items.extend(
                            list.iter()
                                .map(|p| condition(op, p.condition_key(), p.condition_value())),
                        );
                    }
                }
                estate.selections.push(Selection {
                    meta: meta(
                        &format!("{}/selection/{}", p.arn, s.selection_name()),
                        &r.region,
                        Some(BTreeMap::new()),
                    ),
                    name: known(s.selection_name().to_string(), &at),
                    plan: known(Target::Entity(plan_index), &at),
                    tags: Items {
                        items: s
                            .list_of_tags()
                            .iter()
                            .map(|t| {
                                condition(
                                    t.condition_type().as_str(),
                                    Some(t.condition_key()),
                                    Some(t.condition_value()),
                                )
                            })
                            .collect(),
                        complete: true,
                    },
                    conditions,
                    resources: known(s.resources().to_vec(), &at),
                    not_resources: known(s.not_resources().to_vec(), &at),
                });
            }
        }
        estate.selections_unknown |= !r.selections_read;
    }
    for r in regions {
        for t in &r.tables {
            // Table tags need one more call per table; coverage by tag is unknown without them.
            let m = meta(&t.arn, &r.region, None);
            let at = m.location.clone();
            estate.tables.push(DynamoTable {
                meta: m,
                name: known(t.name.clone(), &at),
                pitr_enabled: known(t.pitr.unwrap_or(false), &at),
                pitr_days: opt(t.pitr_days.map(i64::from), &at),
                deletion_protection: known(t.deletion_protection.unwrap_or(false), &at),
                global_table: None,
            });
        }
        for c in &r.clusters {
            let Some(arn) = c.db_cluster_arn() else {
                continue;
            };
            let m = meta(arn, &r.region, Some(tags(c.tag_list())));
            let at = m.location.clone();
            estate.databases.push(Database {
                meta: m,
                kind: DatabaseKind::Cluster,
                identifier: opt(c.db_cluster_identifier().map(str::to_string), &at),
                engine: opt(c.engine().map(str::to_string), &at),
                backup_retention_period: opt(c.backup_retention_period().map(i64::from), &at),
                backup_window: opt(c.preferred_backup_window().map(str::to_string), &at),
                maintenance_window: opt(c.preferred_maintenance_window().map(str::to_string), &at),
                delete_automated_backups: Field::Unknown {
                    at: at.clone(),
                    expr: "set only when deleting".into(),
                },
                deletion_protection: opt(c.deletion_protection(), &at),
                skip_final_snapshot: Field::Unknown {
                    at: at.clone(),
                    expr: "set only when deleting".into(),
                },
                storage_encrypted: opt(c.storage_encrypted(), &at),
                copy_tags_to_snapshot: opt(c.copy_tags_to_snapshot(), &at),
                cluster: Field::Absent { owner: at.clone() },
                is_replica: c.replication_source_identifier().is_some(),
                from_snapshot: false,
                kms_key: opt(c.kms_key_id().map(str::to_string), &at),
                engine_mode: opt(c.engine_mode().map(str::to_string), &at),
            });
        }
        for i in &r.instances {
            let Some(arn) = i.db_instance_arn() else {
                continue;
            };
            let m = meta(arn, &r.region, Some(tags(i.tag_list())));
            let at = m.location.clone();
            estate.databases.push(Database {
                meta: m,
                kind: DatabaseKind::Instance,
                identifier: opt(i.db_instance_identifier().map(str::to_string), &at),
                engine: opt(i.engine().map(str::to_string), &at),
                backup_retention_period: opt(i.backup_retention_period().map(i64::from), &at),
                backup_window: opt(i.preferred_backup_window().map(str::to_string), &at),
                maintenance_window: opt(i.preferred_maintenance_window().map(str::to_string), &at),
                // Chosen at deletion time, not a setting of a running instance.
                delete_automated_backups: Field::Unknown {
                    at: at.clone(),
                    expr: "set only when deleting".into(),
                },
                deletion_protection: opt(i.deletion_protection(), &at),
                skip_final_snapshot: Field::Unknown {
                    at: at.clone(),
                    expr: "set only when deleting".into(),
                },
                storage_encrypted: opt(i.storage_encrypted(), &at),
                copy_tags_to_snapshot: opt(i.copy_tags_to_snapshot(), &at),
                // Cluster members take their backup settings from the cluster.
                cluster: match i.db_cluster_identifier() {
                    Some(c) => Field::Unknown {
                        at: at.clone(),
                        expr: c.to_string(),
                    },
                    None => Field::Absent { owner: at.clone() },
                },
                is_replica: i.read_replica_source_db_instance_identifier().is_some(),
                from_snapshot: false,
                kms_key: opt(i.kms_key_id().map(str::to_string), &at),
                engine_mode: Field::Absent { owner: at.clone() },
            });
        }
    }
    estate.resource_count = estate.vaults.len()
        + estate.plans.len()
        + estate.selections.len()
        + estate.tables.len()
        + estate.databases.len();
}
