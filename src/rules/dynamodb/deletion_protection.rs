//! LB502 dynamodb-deletion-protection: deletion protection is off.

use crate::model::{Estate, Setting};
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB502.
pub struct DeletionProtection;

impl Rule for DeletionProtection {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB502
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for t in &estate.tables {
            let name = &t.meta.address;
            if let Some(f) = flag(
                ctx,
                name,
                t.deletion_protection.clone().absent_as(false),
                false,
                || {
                    format!("{name} has no deletion protection: deleting the table also deletes its point-in-time recovery history")
                },
            ) {
                f.headline("table without deletion protection")
                    .label(format!(
                        "{} is not true",
                        t.meta.name(Setting::TableDeletionProtection)
                    ))
                    .help(format!(
                        "set {} = true",
                        t.meta.name(Setting::TableDeletionProtection)
                    ))
                    .fix(super::super::helpers::set_fix(
                        &t.deletion_protection,
                        &t.meta,
                        Setting::TableDeletionProtection,
                        crate::fixes::Lit::Bool(true),
                        crate::finding::Applicability::Safe,
                    ));
            }
        }
    }
}
