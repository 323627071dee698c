//! LB409 stateful-delete-policy: deleting the stack (or replacing the resource in an
//! update) deletes a stateful resource with its data; in Terraform, a vault that receives
//! backups is not protected from `terraform destroy`.

use crate::finding::Severity;
use crate::model::{DbService, Estate, Field, Location, Meta, Removal};
use crate::rules::helpers::receiving_vaults;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB409.
pub struct StatefulDeletePolicy;

/// A stateful resource as this rule sees it.
struct Stateful<'e> {
    meta: &'e Meta,
    /// What it is, for messages.
    what: &'static str,
    /// CloudFormation's `DeletionPolicy` when none is written.
    default_deletion: &'static str,
    /// Whether its final snapshot through `DeletionPolicy` is LB404's business.
    deletion_is_lb404: bool,
}

/// Policies that keep the data (the resource, or a snapshot of it).
fn keeps(policy: &str) -> bool {
    matches!(policy, "Retain" | "RetainExceptOnCreate" | "Snapshot")
}

fn stateful(estate: &Estate) -> Vec<Stateful<'_>> {
    let mut out = Vec::new();
    for d in &estate.databases {
        // Cluster members and replicas hold no data of their own; deletion protection
        // makes CloudFormation's delete fail, so nothing is lost.
        if !d.cluster.is_absent()
            || d.is_replica
            || matches!(d.deletion_protection.known(), Some(true))
        {
            continue;
        }
        let rds = d.service == DbService::Rds;
        out.push(Stateful {
            meta: &d.meta,
            what: match d.service {
                DbService::Fsx => "file system",
                DbService::ElastiCache => "cache",
                _ => "database",
            },
            // RDS clusters and standalone instances default to Snapshot.
            default_deletion: if rds { "Snapshot" } else { "Delete" },
            deletion_is_lb404: rds,
        });
    }
    for t in &estate.tables {
        if matches!(t.deletion_protection.known(), Some(true)) || t.global_table.is_some() {
            continue;
        }
        out.push(Stateful {
            meta: &t.meta,
            what: "table",
            default_deletion: "Delete",
            deletion_is_lb404: false,
        });
    }
    for o in &estate.other_backupable {
        let what = match o.resource_type.as_str() {
            "aws_efs_file_system" => "file system",
            "aws_ebs_volume" => "volume",
            _ => continue,
        };
        out.push(Stateful {
            meta: &o.meta,
            what,
            default_deletion: "Delete",
            deletion_is_lb404: false,
        });
    }
    out
}

/// The policy in force: the written one, or the default. None when unresolved.
fn policy<'a>(
    field: &'a Field<String>,
    default: &'a str,
) -> Option<(&'a str, Option<&'a Location>)> {
    match field {
        Field::Known { value, at } => Some((value.as_str(), Some(at))),
        Field::Absent { .. } => Some((default, None)),
        Field::Unknown { .. } => None,
    }
}

impl Rule for StatefulDeletePolicy {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB409
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for s in stateful(estate) {
            // Databases in Terraform: a note once objectives give them a tier.
            if let Some(Removal::Template(policies)) = &s.meta.removal {
                self.template(
                    &s,
                    &policies.deletion_policy,
                    &policies.update_replace_policy,
                    ctx,
                );
            }
        }
        let receiving = receiving_vaults(estate);
        for (v, receives) in estate.vaults.iter().zip(receiving) {
            // A template vault cannot be deleted while it holds recovery points: no finding.
            let Some(Removal::Terraform { prevent_destroy }) = &v.meta.removal else {
                continue;
            };
            if !receives {
                continue;
            }
            match prevent_destroy {
                Field::Known { value: true, .. } => {}
                f @ Field::Unknown { .. } => ctx.unknown(&v.meta.address, f),
                f => {
                    let at = match f {
                        Field::Known { at, .. } => at.clone(),
                        _ => v.meta.location.clone(),
                    };
                    let name = &v.meta.address;
                    ctx.report_as(
                        Severity::Note,
                        name,
                        &at,
                        format!("{name} receives recovery points but has no lifecycle {{ prevent_destroy = true }}: a `terraform destroy`, or a change that replaces it, plans its deletion (AWS refuses to delete a vault that still holds recovery points, so the apply fails half-way rather than losing them)"),
                    )
                    .headline("backup vault not protected from terraform destroy")
                    .label("no prevent_destroy")
                    .help("add lifecycle { prevent_destroy = true } to the vault");
                }
            }
        }
    }
}

impl StatefulDeletePolicy {
    fn template(
        &self,
        s: &Stateful,
        deletion_policy: &Field<String>,
        update_replace_policy: &Field<String>,
        ctx: &mut Ctx,
    ) {
        let name = &s.meta.address;
        let what = s.what;
        let deletion = policy(deletion_policy, s.default_deletion);
        let replace = policy(update_replace_policy, "Delete");
        if deletion.is_none() {
            ctx.unknown(name, deletion_policy);
        }
        if replace.is_none() {
            ctx.unknown(name, update_replace_policy);
        }
        let deletes = deletion.filter(|(p, _)| !keeps(p) && !s.deletion_is_lb404);
        let replaces = replace.filter(|(p, _)| !keeps(p));
        let (at, message, label) = match (deletes, replaces) {
            (Some((_, at)), Some(_)) => (
                at,
                format!("deleting the stack deletes {what} {name} with its data, and so does an update that replaces it (DeletionPolicy and UpdateReplacePolicy are Delete{})", defaulted(deletion_policy, update_replace_policy)),
                "deleted with the stack and on replacement",
            ),
            (Some((_, at)), None) => (
                at,
                format!("deleting the stack deletes {what} {name} with its data (DeletionPolicy {})", written_or_default(deletion_policy)),
                "deleted with the stack",
            ),
            (None, Some((_, at))) => (
                at,
                format!("an update that replaces {what} {name} (changing a property whose update requires replacement) deletes the old one with its data (UpdateReplacePolicy {})", written_or_default(update_replace_policy)),
                "deleted on replacement",
            ),
            (None, None) => return,
        };
        let at = at.cloned().unwrap_or_else(|| s.meta.location.clone());
        ctx.report(name, &at, message)
            .headline(format!("stateful {what} deleted with its data by the stack"))
            .label(label)
            .help("set DeletionPolicy and UpdateReplacePolicy to Retain (or Snapshot where the type supports it), or turn deletion protection on");
    }
}

fn written_or_default(f: &Field<String>) -> String {
    match f.known() {
        Some(v) => v.clone(),
        None => "Delete, the default".into(),
    }
}

fn defaulted(a: &Field<String>, b: &Field<String>) -> &'static str {
    match (a.is_absent(), b.is_absent()) {
        (true, true) => ", both by default",
        (true, false) => ", DeletionPolicy by default",
        (false, true) => ", UpdateReplacePolicy by default",
        (false, false) => "",
    }
}
