//! Databases beyond RDS (DocumentDB, Neptune, Redshift), ElastiCache and FSx: each
//! source names its resource type and settings in a [`ServiceSpec`], and one function
//! lowers them, so the rules read the same model whatever wrote it.

use crate::model::{Database, DatabaseKind, DbService, Dialect, Estate, Field, Setting};

use super::{At, Res};

/// How one source writes one resource type's backup settings; `""` where the type has
/// no such setting.
pub struct ServiceSpec {
    /// The resource type (`aws_docdb_cluster`, `AWS::DocDB::DBCluster`).
    pub kind: &'static str,
    /// The service.
    pub service: DbService,
    /// Identifier.
    pub identifier: &'static str,
    /// Engine (where a type serves several).
    pub engine: &'static str,
    /// Automated backup retention in days.
    pub retention: &'static str,
    /// A block the retention sits in (FSx: `WindowsConfiguration`), or `""`.
    pub retention_block: &'static str,
    /// Daily backup window.
    pub backup_window: &'static str,
    /// Weekly maintenance window.
    pub maintenance_window: &'static str,
    /// Deletion protection.
    pub deletion_protection: &'static str,
    /// Skip the final snapshot.
    pub skip_final_snapshot: &'static str,
    /// The final snapshot's name.
    pub final_snapshot_identifier: &'static str,
    /// Storage encryption switch.
    pub encrypted: &'static str,
    /// KMS key.
    pub kms_key: &'static str,
    /// Settings whose presence means the resource restores a snapshot (encryption
    /// follows the snapshot).
    pub restored_from: &'static [&'static str],
    /// Settings whose presence means the resource is a replica or secondary (its
    /// backups are the primary's business).
    pub replica_of: &'static [&'static str],
    /// Settings whose presence means it is a member of a group that owns its backup
    /// settings (an ElastiCache cluster in a replication group): not lowered.
    pub member_of: &'static [&'static str],
    /// The type's own names for settings, where they differ from the source's usual
    /// ones (Redshift's `automated_snapshot_retention_period`).
    pub names: Option<fn(Setting) -> &'static str>,
}

impl ServiceSpec {
    /// A spec with no settings, to fill in with struct update syntax.
    pub const fn new(kind: &'static str, service: DbService) -> ServiceSpec {
        ServiceSpec {
            kind,
            service,
            identifier: "",
            engine: "",
            retention: "",
            retention_block: "",
            backup_window: "",
            maintenance_window: "",
            deletion_protection: "",
            skip_final_snapshot: "",
            final_snapshot_identifier: "",
            encrypted: "",
            kms_key: "",
            restored_from: &[],
            replica_of: &[],
            member_of: &[],
            names: None,
        }
    }
}

/// Engines of ElastiCache that take no snapshots.
const NO_SNAPSHOT_ENGINES: &[&str] = &["memcached"];

/// Lustre deployment types without backups.
fn scratch(at: &At) -> bool {
    let lustre = at.block("lustre_configuration").known().map(|b| at.with(b));
    let cfn = at.block("LustreConfiguration").known().map(|b| at.with(b));
    let deployment = [Some(*at), lustre, cfn]
        .into_iter()
        .flatten()
        .find_map(|a| {
            a.string("deployment_type")
                .known()
                .or(a.string("DeploymentType").known())
                .cloned()
        });
    deployment.is_some_and(|d| d.starts_with("SCRATCH"))
}

/// Lowers every resource of a spec'd type into `estate.databases`.
pub fn lower(resources: &[Res], specs: &[ServiceSpec], estate: &mut Estate) {
    for r in resources {
        let Some(spec) = specs.iter().find(|s| s.kind == r.kind) else {
            continue;
        };
        let at = r.at;
        let present = |keys: &[&str]| keys.iter().any(|k| at.attr(k).is_some());
        if present(spec.member_of) {
            continue;
        }
        let engine = if spec.engine.is_empty() {
            Field::Absent { owner: at.header() }
        } else {
            at.string(spec.engine)
        };
        if engine
            .known()
            .is_some_and(|e| NO_SNAPSHOT_ENGINES.contains(&e.to_ascii_lowercase().as_str()))
        {
            continue;
        }
        if spec.service == DbService::Fsx && scratch(&at) {
            continue;
        }
        let read = |key: &str| -> Option<At> { (!key.is_empty()).then_some(at) };
        let mut d = Database::blank(r.meta.clone(), DatabaseKind::Cluster, spec.service);
        if let Some(names) = spec.names {
            d.meta.dialect = Dialect(names);
        }
        d.engine = engine;
        if let Some(a) = read(spec.identifier) {
            d.identifier = a.string(spec.identifier);
        }
        if !spec.retention.is_empty() {
            d.backup_retention_period = if spec.retention_block.is_empty() {
                at.int(spec.retention)
            } else {
                // FSx: the setting sits in the type's configuration block; an absent block
                // is the type's default.
                match at.block(spec.retention_block) {
                    Field::Known { value, .. } => at.with(value).int(spec.retention),
                    Field::Unknown { at, expr } => Field::Unknown { at, expr },
                    Field::Absent { owner } => Field::Absent { owner },
                }
            };
        }
        if let Some(a) = read(spec.backup_window) {
            d.backup_window = a.string(spec.backup_window);
        }
        if let Some(a) = read(spec.maintenance_window) {
            d.maintenance_window = a.string(spec.maintenance_window);
        }
        if let Some(a) = read(spec.deletion_protection) {
            d.deletion_protection = a.bool(spec.deletion_protection);
        }
        if let Some(a) = read(spec.skip_final_snapshot) {
            d.skip_final_snapshot = a.bool(spec.skip_final_snapshot);
        }
        if let Some(a) = read(spec.final_snapshot_identifier) {
            d.final_snapshot_identifier = a.string(spec.final_snapshot_identifier);
        }
        if let Some(a) = read(spec.encrypted) {
            d.storage_encrypted = a.bool(spec.encrypted);
        }
        if let Some(a) = read(spec.kms_key) {
            d.kms_key = a.nonempty_string(spec.kms_key);
        }
        d.from_snapshot = present(spec.restored_from);
        d.is_replica = present(spec.replica_of);
        estate.databases.push(d);
    }
}
