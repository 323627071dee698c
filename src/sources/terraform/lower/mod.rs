//! Lowering evaluated Terraform resources into the model. This is the only place that
//! knows Terraform's argument names.

mod awscc;
mod backup;
mod data;
mod monitoring;
mod services;

use std::rc::Rc;
use std::sync::Arc;

use crate::model::{Estate, SourceFile};
use crate::sources::lowering::org_policy;
use crate::sources::value::EvalBlock;

pub use crate::sources::lowering::{parse_arn, At, Res, Resolver};

/// A resource instance ready to lower: its evaluated body and its identity. The rest of
/// its evaluation (the block's bookkeeping, values made for references) is freed.
pub struct Ready {
    /// Resource type, one copy per type.
    pub kind: Rc<str>,
    /// The file it is written in.
    pub file: Arc<SourceFile>,
    /// Its evaluated body; none once the steps that read its kind are done. (Boxed: a
    /// box lands in memory evaluation freed, where one list of them all is new memory.)
    pub body: Option<Box<EvalBlock>>,
    /// Identity, region, account, tags: made by the first step that reads its kind.
    pub identity: super::Identity,
}

/// Kinds only the vault steps (vaults, locks, vault policies) read.
const VAULT_KINDS: &[&str] = &[
    "aws_backup_vault",
    "aws_backup_logically_air_gapped_vault",
    "aws_backup_vault_lock_configuration",
    "aws_backup_vault_policy",
    crate::sources::terraform::module::POLICY_DOCUMENT,
];

/// Kinds only the database steps read (besides the other services' kinds).
const DATABASE_KINDS: &[&str] = &["aws_db_instance", "aws_rds_cluster"];

/// Kinds only the bucket step reads.
const BUCKET_KINDS: &[&str] = &[
    "aws_s3_bucket",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_replication_configuration",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_object_lock_configuration",
];

/// The resources of a module tree while they are lowered. Once no later step reads a
/// kind, its evaluated bodies are freed and later steps do not see its resources, so the
/// model grows as the bodies it is made from shrink: all of both at once were a big
/// module's peak memory.
struct Pending<'a> {
    ready: &'a mut [Ready],
}

/// Which resources a lowering step reads.
#[derive(Clone, Copy)]
enum Kinds<'k> {
    /// Those of these kinds.
    Only(&'k [&'k str]),
    /// Every one whose body is still held.
    Rest,
}

impl Kinds<'_> {
    fn has(self, kind: &str) -> bool {
        match self {
            Kinds::Only(kinds) => kinds.contains(&kind),
            Kinds::Rest => true,
        }
    }
}

impl Pending<'_> {
    /// Makes the identities of the resources of these kinds whose bodies are still held.
    fn identify(&mut self, kinds: Kinds) {
        for r in self.ready.iter_mut() {
            if let (Some(body), true) = (&r.body, kinds.has(&r.kind)) {
                r.identity.make(&r.file, body);
            }
        }
    }

    /// The resources of these kinds whose bodies are still held, in the order they were
    /// evaluated, with their identities (made here if not yet).
    fn resources(&mut self, kinds: Kinds) -> Vec<Res<'_>> {
        self.identify(kinds);
        self.held(kinds)
    }

    /// The resources of these kinds whose bodies are still held and whose identities are
    /// made, in the order they were evaluated.
    fn held(&self, kinds: Kinds) -> Vec<Res<'_>> {
        let held = |r: &&Ready| r.body.is_some() && kinds.has(&r.kind);
        let mut out = Vec::with_capacity(self.ready.iter().filter(held).count());
        out.extend(self.ready.iter().filter(held).filter_map(|r| {
            Some(Res {
                kind: &r.kind,
                at: At {
                    file: &r.file,
                    block: r.body.as_deref()?,
                },
                meta: r.identity.made()?.clone(),
            })
        }));
        out
    }

    /// Frees the bodies of these kinds: the steps that read them are done.
    fn lowered(&mut self, kinds: &[&str]) {
        for r in self.ready.iter_mut() {
            if kinds.contains(&&*r.kind) {
                r.body = None;
            }
        }
    }
}

/// The resources of one kind.
fn of<'a>(resources: &'a [Res<'a>], kind: &'static str) -> impl Iterator<Item = &'a Res<'a>> {
    resources.iter().filter(move |r| r.kind == kind)
}

/// Lowers every resource instance of a module into the estate. The steps run in a fixed
/// order (some read what earlier ones made); each frees the bodies only it reads.
pub fn lower(ready: &mut [Ready], estate: &mut Estate) {
    // Policy documents are data sources, not resources.
    estate.resource_count += ready
        .iter()
        .filter(|r| !r.kind.starts_with("data."))
        .count();
    reserve(ready.iter().map(|r| &*r.kind), estate);
    estate.has_automated_backups_replication |= ready
        .iter()
        .any(|r| &*r.kind == "aws_db_instance_automated_backups_replication");
    let mut pending = Pending { ready };
    let resources = pending.resources(Kinds::Only(VAULT_KINDS));
    let vaults = backup::vaults(&resources, estate);
    backup::locks(
        of(&resources, "aws_backup_vault_lock_configuration"),
        &vaults,
        estate,
    );
    backup::policies(&resources, &vaults, estate);
    drop(resources);
    pending.lowered(VAULT_KINDS);
    const PLAN: &[&str] = &["aws_backup_plan"];
    let resources = pending.resources(Kinds::Only(PLAN));
    let plans = backup::plans(of(&resources, "aws_backup_plan"), &vaults, estate);
    drop(resources);
    pending.lowered(PLAN);
    const SELECTION: &[&str] = &["aws_backup_selection"];
    let resources = pending.resources(Kinds::Only(SELECTION));
    // Only selections read the definitions: none are made for a unit without one.
    if !resources.is_empty() {
        // Every resource of the unit, whether or not its body is still held; only a
        // selection that lists resources reads them.
        let lists = resources.iter().any(|r| {
            r.at.block.attrs.contains_key("resources")
                || r.at.block.attrs.contains_key("not_resources")
        });
        drop(resources);
        let defined = if lists {
            pending.identify(Kinds::Rest);
            crate::sources::lowering::definitions(
                pending.ready.iter().filter_map(|r| r.identity.made()),
            )
        } else {
            crate::sources::lowering::Definitions::new()
        };
        let resources = pending.held(Kinds::Only(SELECTION));
        backup::selections(
            of(&resources, "aws_backup_selection"),
            &plans,
            &defined,
            estate,
        );
    }
    pending.lowered(SELECTION);
    let mut database_kinds = DATABASE_KINDS.to_vec();
    database_kinds.extend(services::SPECS.iter().map(|s| s.kind));
    let resources = pending.resources(Kinds::Only(&database_kinds));
    data::databases(&resources, estate);
    crate::sources::lowering::services::lower(&resources, services::SPECS, estate);
    drop(resources);
    pending.lowered(&database_kinds);
    const TABLE: &[&str] = &["aws_dynamodb_table"];
    let resources = pending.resources(Kinds::Only(TABLE));
    data::tables(of(&resources, "aws_dynamodb_table"), estate);
    drop(resources);
    pending.lowered(TABLE);
    data::buckets(&pending.resources(Kinds::Only(BUCKET_KINDS)), estate);
    pending.lowered(BUCKET_KINDS);
    let resources = pending.resources(Kinds::Rest);
    let resources = &resources[..];
    data::others(resources, estate);
    monitoring::alarms(of(resources, "aws_cloudwatch_metric_alarm"), estate);
    monitoring::notifications(
        of(resources, "aws_backup_vault_notifications"),
        &vaults,
        estate,
    );
    monitoring::event_rules(resources, estate);
    monitoring::restore_testing(resources, estate);
    awscc::lower(resources, estate);
    for r in of(resources, "aws_organizations_policy") {
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
fn reserve<'k>(kinds: impl Iterator<Item = &'k str>, estate: &mut Estate) {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for kind in kinds {
        *counts.entry(kind).or_default() += 1;
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
