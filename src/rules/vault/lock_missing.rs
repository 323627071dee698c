//! LB102 vault-lock-missing: a vault that receives backups or copies has no vault lock.

use crate::model::{Estate, Field, Location, Target};
use crate::rules::helpers::plan_rules;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB102.
pub struct LockMissing;

impl Rule for LockMissing {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB102
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        // The first place that sends recovery points to each vault.
        let mut sender: Vec<Option<(&str, &Location)>> = vec![None; estate.vaults.len()];
        // A plan that may not exist may send nothing.
        for (_, rule) in plan_rules(estate).filter(|(p, _)| p.meta.surely_exists()) {
            let targets = std::iter::once((&rule.target_vault, "backs up to", &rule.location))
                .chain(
                    rule.copy_actions
                        .iter()
                        .map(|c| (&c.destination, "copies to", &c.location)),
                );
            for (target, verb, loc) in targets {
                if let Some(Target::Entity(i)) = target.known() {
                    if let Some(slot) = sender.get_mut(*i) {
                        slot.get_or_insert((verb, loc));
                    }
                }
            }
        }
        for (v, sent) in estate.vaults.iter().zip(sender) {
            let Some((verb, from)) = sent else { continue };
            match &v.lock {
                Field::Absent { owner } => {
                    ctx.report(
                        &v.meta.address,
                        owner,
                        format!(
                            "backup vault {} receives recovery points but has no vault lock: anyone with delete permissions (or an attacker with them) can delete its backups",
                            v.meta.address
                        ),
                    )
                    .with_related(format!("a backup plan {verb} this vault here"), from).headline("backup vault without a vault lock")
                    .label("no vault lock")
                    .help("add a vault lock (aws_backup_vault_lock_configuration / LockConfiguration) with a minimum retention, and changeable_for_days once you are sure, for compliance mode");
                }
                f @ Field::Unknown { .. } => ctx.unknown(&v.meta.address, f),
                Field::Known { .. } => {}
            }
        }
    }
}
