//! LB402 db-delete-automated-backups: automated backups are deleted with the database.

use crate::model::{Estate, Setting};
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB402.
pub struct DeleteAutomatedBackups;

impl Rule for DeleteAutomatedBackups {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB402
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for d in super::standalone(estate)
            .filter(|d| !d.is_replica && d.service == crate::model::DbService::Rds)
        {
            let name = &d.meta.address;
            // The default (true) deletes them too.
            if let Some(f) = flag(
                ctx,
                name,
                d.delete_automated_backups.clone().absent_as(true),
                true,
                || {
                    format!("deleting {name} also deletes its automated backups ({} is not false): the backups vanish with the database they protect", d.meta.name(Setting::DeleteAutomatedBackups))
                },
            ) {
                f.headline("automated backups deleted with the database")
                    .label(format!(
                        "{} is not false",
                        d.meta.name(Setting::DeleteAutomatedBackups)
                    ))
                    .help(format!(
                        "set {} = false",
                        d.meta.name(Setting::DeleteAutomatedBackups)
                    ))
                    .fix(super::super::helpers::set_fix(
                        &d.delete_automated_backups,
                        &d.meta,
                        Setting::DeleteAutomatedBackups,
                        crate::fixes::Lit::Bool(false),
                        crate::finding::Applicability::Safe,
                    ));
            }
        }
    }
}
