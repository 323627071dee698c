//! LB403 db-deletion-protection: deletion protection is off.

use crate::model::{Estate, Setting};
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB403.
pub struct DeletionProtection;

impl Rule for DeletionProtection {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB403
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        // A replica holds a copy: deleting it loses no data the source does not have.
        for d in super::standalone(estate)
            .filter(|d| !d.is_replica && d.service.has_deletion_protection())
        {
            let name = &d.meta.address;
            if let Some(f) = flag(
                ctx,
                name,
                d.deletion_protection.clone().absent_as(false),
                false,
                || {
                    format!("{name} has no deletion protection ({} is not true): one mistaken apply or API call deletes the database", d.meta.name(Setting::DeletionProtection))
                },
            ) {
                f.headline("database without deletion protection")
                    .label(format!(
                        "{} is not true",
                        d.meta.name(Setting::DeletionProtection)
                    ))
                    .help(format!(
                        "set {} = true",
                        d.meta.name(Setting::DeletionProtection)
                    ))
                    .fix(super::super::helpers::set_fix(
                        &d.deletion_protection,
                        &d.meta,
                        Setting::DeletionProtection,
                        crate::fixes::Lit::Bool(true),
                        crate::finding::Applicability::Safe,
                    ));
            }
        }
    }
}
