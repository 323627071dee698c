//! LB214 cross-account-copy-unusable: a cross-account copy that AWS cannot perform: a
//! selected RDS or Aurora database is encrypted with the AWS-managed key (which cannot be
//! shared with another account), or the destination vault's access policy (when it is in
//! the scan) does not let the source account copy into it.

use crate::model::{
    AccessPolicy, CopyAction, Database, DbService, Estate, Field, Meta, Principals, Target, Vault,
};
use crate::rules::helpers::vault;
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::reach::reach;
use crate::semantics::selection::{protectable, selects, Entity, Tri};

/// LB214.
pub struct CrossAccountCopyUnusable;

/// The action the source account's backup role calls on the destination vault.
const COPY_INTO: &str = "backup:CopyIntoBackupVault";

/// Is the copy known to leave the source's account? Then the destination vault, when it
/// is one of the scan's.
fn cross_account<'e>(
    estate: &'e Estate,
    source: &Meta,
    copy: &CopyAction,
) -> Option<Option<&'e Vault>> {
    let r = reach(estate, source, &copy.destination)?;
    (r.other_account == Some(true)).then_some(r.vault)
}

/// Encrypted with the AWS-managed RDS key: encryption on and no key of one's own.
fn aws_managed_key(d: &Database) -> bool {
    if d.service != DbService::Rds || d.is_replica || !d.cluster.is_absent() {
        return false;
    }
    let encrypted = matches!(d.storage_encrypted.known(), Some(true));
    let default_key = match &d.kms_key {
        Field::Absent { .. } => true,
        Field::Known { value, .. } => value.ends_with("alias/aws/rds"),
        Field::Unknown { .. } => false,
    };
    encrypted && default_key
}

/// Does the destination's policy let `account` copy in? None when it cannot be told.
fn allows_copy_from(policy: &Field<AccessPolicy>, account: Option<&str>) -> Option<bool> {
    let p = match policy {
        // Without a policy a vault accepts copies from its own account only.
        Field::Absent { .. } => return Some(false),
        Field::Unknown { .. } => return None,
        Field::Known { value, .. } => value,
    };
    let mut doubt = !p.complete;
    for s in &p.statements {
        if s.deny == Some(true) {
            continue;
        }
        match s.covers(COPY_INTO) {
            Some(false) => continue,
            None => {
                doubt = true;
                continue;
            }
            Some(true) => {}
        }
        match (&s.principals, account) {
            (Principals::Only(ids), Some(acct)) => {
                if ids.iter().any(|i| i.contains(acct)) {
                    return Some(true);
                }
            }
            // Everyone (usually narrowed to the organization), or an account not known.
            _ => doubt = true,
        }
    }
    (!doubt).then_some(false)
}

impl Rule for CrossAccountCopyUnusable {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB214
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        // Only copy actions can copy across accounts: without any, the list of
        // protectable resources is not built for nothing.
        let mut rules = estate.plans.iter().flat_map(|p| p.rules.iter());
        if rules.all(|r| r.copy_actions.items.is_empty()) {
            return;
        }
        let resources = protectable(estate);
        for (pi, plan) in estate.plans.iter().enumerate() {
            let mut selected: Option<Vec<&Database>> = None;
            for rule in plan.rules.iter() {
                let source = vault(estate, &rule.target_vault).map_or(&plan.meta, |v| &v.meta);
                for copy in rule.copy_actions.iter() {
                    let Some(dest) = cross_account(estate, source, copy) else {
                        continue;
                    };
                    let at = copy.destination.location();
                    // The destination vault's policy, when the vault is in the scan.
                    if let Some(v) = dest {
                        if allows_copy_from(
                            &v.access_policy,
                            source.account.known().map(String::as_str),
                        ) == Some(false)
                        {
                            let what = if v.access_policy.is_absent() {
                                "has no access policy, so it accepts copies from its own account only"
                            } else {
                                "has an access policy that does not allow the source account backup:CopyIntoBackupVault"
                            };
                            let f = ctx
                                .report(&plan.meta.address, at, format!("this copy action copies across accounts to {}, which {what}: every copy job fails", v.meta.address))
                                .headline("the destination vault refuses cross-account copies")
                                .label("copy into another account's vault")
                                .help("add a statement to the destination vault's access policy that allows backup:CopyIntoBackupVault to the source account (or the organization, with aws:PrincipalOrgID)");
                            f.with_related(
                                format!("{} is defined here", v.meta.address),
                                &v.meta.location,
                            );
                        }
                    }
                    // Databases the plan selects that are encrypted with the AWS-managed key.
                    let dbs = selected.get_or_insert_with(|| {
                        estate
                            .selections
                            .iter()
                            .filter(
                                |s| matches!(s.plan.known(), Some(Target::Entity(i)) if *i == pi),
                            )
                            .flat_map(|s| {
                                resources.iter().filter(move |p| selects(s, p) == Tri::Yes)
                            })
                            .filter_map(|p| match p.entity {
                                Entity::Database(i) => estate.databases.get(i),
                                _ => None,
                            })
                            .filter(|d| aws_managed_key(d))
                            .collect()
                    });
                    let mut seen = std::collections::HashSet::new();
                    for d in dbs.iter().filter(|d| seen.insert(d.meta.address.clone())) {
                        let name = &d.meta.address;
                        ctx.report(
                            &plan.meta.address,
                            at,
                            format!("this copy action copies across accounts, but the plan backs up {name}, which is encrypted with the AWS-managed RDS key: a snapshot encrypted with it cannot be shared with another account, so its copy jobs fail"),
                        )
                        .with_related(format!("{name} is defined here"), &d.meta.location)
                        .headline("cross-account copy of a database encrypted with the AWS-managed key")
                        .label("copies across accounts")
                        .help(format!("encrypt {name} with a customer-managed KMS key shared with the destination account (a new encrypted copy: restore from a snapshot copied with that key)"));
                    }
                }
            }
        }
    }
}
