//! LB107 vault-deletion-not-denied: a vault that receives backups has neither a
//! compliance-mode lock nor an access policy that denies deleting recovery points (and
//! shortening their lifecycle) to everyone but an allowed set of roles.

use crate::model::{AccessPolicy, Field, Narrowing, Principals, Vault};
use crate::rules::helpers::receiving_vaults;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB107.
pub struct VaultDeletionNotDenied;

/// What an attacker with the account's credentials would use to destroy recovery points.
const GUARDED: &[&str] = &[
    "backup:DeleteRecoveryPoint",
    "backup:UpdateRecoveryPointLifecycle",
];

/// Does the policy deny `action` to everyone (but an allowed set)? None when some
/// statement that might could not be read.
fn denies(policy: &AccessPolicy, action: &str) -> Option<bool> {
    let mut doubt = !policy.complete;
    for s in &policy.statements {
        if s.deny == Some(false) {
            continue;
        }
        let broad = matches!(s.principals, Principals::Everyone | Principals::AllBut(_));
        let narrowing_ok = matches!(s.narrowing, Narrowing::None | Narrowing::ExceptPrincipals);
        match (s.deny, s.covers(action)) {
            (Some(true), Some(true)) if broad && narrowing_ok => return Some(true),
            (_, Some(false)) => {}
            _ => {
                // A deny (or unreadable effect) covering the action for some principals,
                // under some condition, or with unreadable actions: it may be the guard.
                if !matches!(s.principals, Principals::Only(_)) || s.deny.is_none() {
                    doubt = true;
                }
            }
        }
    }
    (!doubt).then_some(false)
}

/// Is the vault's lock in compliance mode? None when it cannot be told.
fn compliance_locked(v: &Vault) -> Option<bool> {
    match &v.lock {
        Field::Known { value, .. } => match &value.changeable_for_days {
            Field::Known { .. } => Some(true),
            Field::Absent { .. } => Some(false),
            Field::Unknown { .. } => None,
        },
        Field::Absent { .. } => Some(false),
        Field::Unknown { .. } => None,
    }
}

/// What the open actions let someone do.
fn harm(open: &[&str]) -> &'static str {
    match (open.contains(&GUARDED[0]), open.contains(&GUARDED[1])) {
        (true, true) => "delete its recovery points or expire them early",
        (true, false) => "delete its recovery points",
        _ => "expire its recovery points early (shorten their lifecycle)",
    }
}

impl Rule for VaultDeletionNotDenied {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB107
    }

    fn check(&self, estate: &crate::model::Estate, ctx: &mut Ctx) {
        for (v, receives) in estate.vaults.iter().zip(receiving_vaults(estate)) {
            if !receives || v.air_gapped {
                continue;
            }
            match compliance_locked(v) {
                Some(true) => continue,
                None => {
                    ctx.unknown(&v.meta.address, &v.lock);
                    continue;
                }
                Some(false) => {}
            }
            let name = &v.meta.address;
            let (open, at): (Vec<&str>, _) = match &v.access_policy {
                Field::Absent { owner } => (GUARDED.to_vec(), owner.clone()),
                f @ Field::Unknown { .. } => {
                    ctx.unknown(name, f);
                    continue;
                }
                Field::Known { value, at } => {
                    let mut open = Vec::new();
                    let mut doubt = false;
                    for a in GUARDED {
                        match denies(value, a) {
                            Some(true) => {}
                            Some(false) => open.push(*a),
                            None => doubt = true,
                        }
                    }
                    if doubt || open.is_empty() {
                        continue;
                    }
                    (open, at.clone())
                }
            };
            let what = if v.access_policy.is_absent() {
                "has no access policy".to_string()
            } else {
                format!(
                    "has an access policy that does not deny {}",
                    open.join(" or ")
                )
            };
            let lock = if v.lock.is_absent() {
                "no vault lock"
            } else {
                "a governance-mode lock (which principals with enough permissions can remove)"
            };
            let f = ctx
                .report(
                    name,
                    &at,
                    format!("{name} receives recovery points, has {lock} and {what}: anyone with backup permissions in the account, or an attacker holding them, can {}", harm(&open)),
                )
                .headline("nothing stops deleting this vault's recovery points")
                .label(if v.access_policy.is_absent() {
                    "no access policy".to_string()
                } else {
                    format!("{} not denied", open.join(", "))
                })
                .help("add a vault access policy that denies backup:DeleteRecoveryPoint and backup:UpdateRecoveryPointLifecycle to \"*\" except your backup administration role (a StringNotLike condition on aws:PrincipalArn), or lock the vault in compliance mode (changeable_for_days)");
            if let Field::Known { value, .. } = &v.lock {
                f.with_related("the governance-mode lock", &value.location);
            }
        }
    }
}
