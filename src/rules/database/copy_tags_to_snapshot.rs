//! LB406 db-copy-tags-to-snapshot: snapshots do not carry the database's tags.

use crate::model::{Estate, Setting};
use crate::rules::helpers::flag;
use crate::rules::{Ctx, Rule, RuleInfo};

/// LB406.
pub struct CopyTagsToSnapshot;

impl Rule for CopyTagsToSnapshot {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB406
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        // Replicas take no snapshots of their own that AWS Backup or lifecycle tooling uses.
        for d in super::standalone(estate)
            .filter(|d| !d.is_replica && d.service == crate::model::DbService::Rds)
        {
            let name = &d.meta.address;
            if let Some(f) = flag(
                ctx,
                name,
                d.copy_tags_to_snapshot.clone().absent_as(false),
                false,
                || {
                    format!("{name} does not copy its tags to snapshots ({} is not true): tag-based selections, lifecycle tooling and cost reports miss them", d.meta.name(Setting::CopyTagsToSnapshot))
                },
            ) {
                f.headline("snapshots do not carry the database's tags")
                    .label(format!(
                        "{} is not true",
                        d.meta.name(Setting::CopyTagsToSnapshot)
                    ))
                    .help(format!(
                        "set {} = true",
                        d.meta.name(Setting::CopyTagsToSnapshot)
                    ));
            }
        }
    }
}
