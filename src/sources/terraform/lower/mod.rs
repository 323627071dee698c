//! Lowering evaluated Terraform resources into the model. This is the only place that
//! knows Terraform's argument names.

mod awscc;
mod backup;
mod data;
mod monitoring;
mod services;

use crate::model::Estate;
use crate::sources::lowering::org_policy;

pub use crate::sources::lowering::{parse_arn, At, Res, Resolver};

/// Lowers every resource instance of a module into the estate.
pub fn lower(resources: &[Res], estate: &mut Estate) {
    // Policy documents are data sources, not resources.
    estate.resource_count += resources
        .iter()
        .filter(|r| !r.kind.starts_with("data."))
        .count();
    reserve(resources, estate);
    let of = |kind: &'static str| resources.iter().filter(move |r| r.kind == kind);
    let vaults = backup::vaults(resources, estate);
    backup::locks(of("aws_backup_vault_lock_configuration"), &vaults, estate);
    backup::policies(resources, &vaults, estate);
    let plans = backup::plans(of("aws_backup_plan"), &vaults, estate);
    // Only selections read the definitions: none are made for a unit without one.
    if of("aws_backup_selection").next().is_some() {
        let defined = crate::sources::lowering::definitions(resources);
        backup::selections(of("aws_backup_selection"), &plans, &defined, estate);
    }
    data::databases(resources, estate);
    estate.has_automated_backups_replication |= resources
        .iter()
        .any(|r| r.kind == "aws_db_instance_automated_backups_replication");
    crate::sources::lowering::services::lower(resources, services::SPECS, estate);
    data::tables(of("aws_dynamodb_table"), estate);
    data::buckets(resources, estate);
    data::others(resources, estate);
    monitoring::alarms(of("aws_cloudwatch_metric_alarm"), estate);
    monitoring::notifications(of("aws_backup_vault_notifications"), &vaults, estate);
    monitoring::event_rules(resources, estate);
    monitoring::restore_testing(resources, estate);
    awscc::lower(resources, estate);
    for r in of("aws_organizations_policy") {
        if r.at.string("type").known().map(String::as_str) != Some("BACKUP_POLICY") {
            continue;
        }
        if let Some(content) = r.at.block.blocks_of("content").next() {
            let mut meta = r.meta.clone();
            meta.dialect = crate::model::Dialect(org_policy::setting_name);
            org_policy::lower(&meta, r.at.with(content), estate);
        }
    }
    crate::sources::lowering::link_by_name(estate);
}

/// Sizes the estate's lists of large entities from the resource kinds that fill them: a
/// list grown by doubling holds up to three times its entities' size while it moves, which
/// was a big module's peak memory. Kinds filled from several places are counted as one
/// upper bound; an entity a count leaves out is pushed as usual.
fn reserve(resources: &[Res], estate: &mut Estate) {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in resources {
        *counts.entry(r.kind).or_default() += 1;
    }
    let n = |kinds: &[&str]| -> usize {
        kinds
            .iter()
            .map(|k| counts.get(k).copied().unwrap_or(0))
            .sum()
    };
    let services: Vec<&str> = services::SPECS.iter().map(|s| s.kind).collect();
    let databases = n(&["aws_db_instance", "aws_rds_cluster"]) + n(&services);
    estate.databases.reserve(databases);
    estate.tables.reserve(n(&["aws_dynamodb_table"]));
    estate.buckets.reserve(n(&["aws_s3_bucket"]));
    estate.other_backupable.reserve(n(data::OTHER_BACKUPABLE));
    let vaults = n(&["aws_backup_vault", "aws_backup_logically_air_gapped_vault"]);
    estate.vaults.reserve(vaults);
    estate.plans.reserve(n(&["aws_backup_plan"]));
    estate.selections.reserve(n(&["aws_backup_selection"]));
}
