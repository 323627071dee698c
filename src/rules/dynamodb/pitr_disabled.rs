//! LB501 dynamodb-pitr-disabled: point-in-time recovery is off.

use crate::model::{Estate, Setting};
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB501.
pub struct PitrDisabled;

impl Rule for PitrDisabled {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB501
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for t in &estate.tables {
            let name = &t.meta.address;
            if let Some(f) = flag(
                ctx,
                name,
                t.pitr_enabled.clone().absent_as(false),
                false,
                || {
                    format!("{name} has point-in-time recovery disabled: a bad write or delete cannot be rolled back")
                },
            ) {
                f.headline("point-in-time recovery disabled")
                    .label("no point-in-time recovery")
                    .help(format!(
                        "turn on {}",
                        t.meta.name(Setting::PointInTimeRecovery)
                    ))
                    .fix(super::super::helpers::set_fix(
                        &t.pitr_enabled,
                        &t.meta,
                        Setting::PointInTimeRecovery,
                        crate::fixes::Lit::Bool(true),
                        crate::finding::Applicability::Unsafe,
                    ));
            }
        }
    }
}
