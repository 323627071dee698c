//! LB301 resource-not-backed-up: a stateful resource no backup selection selects.

use crate::model::{Estate, Field};
use std::collections::HashMap;

use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::objectives::is_copy;
use crate::semantics::selection::{any, protectable, Entity, Protected, Tri};

/// LB301.
pub struct ResourceNotBackedUp;

/// Is the resource in the configured scope (`[coverage] kinds` and `tags`)? Unknown tags
/// keep it out: the rule does not fire on what it cannot see.
fn in_scope(ctx: &Ctx, p: &Protected) -> bool {
    let c = &ctx.config.coverage;
    let kind = c.kinds.is_empty() || c.kinds.iter().any(|k| k == p.class.short);
    let tags = c.tags.is_empty()
        || p.meta
            .tags
            .known()
            .is_some_and(|t| c.tags.iter().all(|(k, v)| t.get(k) == Some(v)));
    kind && tags
}

/// The global table a table replica belongs to.
fn global_table<'e>(estate: &'e Estate, p: &Protected) -> Option<&'e String> {
    match p.entity {
        Entity::Table(i) => estate.tables.get(i)?.global_table.as_ref(),
        _ => None,
    }
}

impl Rule for ResourceNotBackedUp {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB301
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        if ctx.scan.selections_unknown() {
            return; // some selections could not be read: any resource may be covered
        }
        // Selections anywhere in the scan count: a central backup module may select by tag.
        let selections = ctx.scan.selections();
        let resources = protectable(estate);
        // Replicas of one global table hold the same data: one covered replica is enough.
        let mut groups: HashMap<&String, Vec<usize>> = HashMap::new();
        for (i, p) in resources.iter().enumerate() {
            if let Some(g) = global_table(estate, p) {
                groups.entry(g).or_default().push(i);
            }
        }
        for p in &resources {
            if is_copy(estate, ctx.scan, p) || !in_scope(ctx, p) {
                continue;
            }
            // EFS automatic backups: AWS Backup's default plan backs the file system up.
            if let Entity::Other(i) = p.entity {
                match estate.other_backupable.get(i).map(|o| &o.automatic_backups) {
                    Some(Field::Known { value: true, .. }) => continue,
                    Some(f @ Field::Unknown { .. }) => {
                        ctx.unknown(&p.meta.address, f);
                        continue;
                    }
                    _ => {}
                }
            }
            let group = global_table(estate, p).and_then(|g| groups.get(g));
            let siblings = group.into_iter().flatten().map(|i| &resources[*i]);
            let covered = any(std::iter::once(p)
                .chain(siblings)
                .map(|q| selections.covers(q)));
            if covered == Tri::No {
                let name = &p.meta.address;
                let hint = if selections.is_empty() {
                    "there is no backup selection in the scan".to_string()
                } else {
                    format!("none of the {} backup selections in the scan matches its tags, ARN or region", selections.len())
                };
                ctx.report(
                    name,
                    &p.meta.location,
                    format!("{} {name} is not backed up by AWS Backup: {hint}", p.class.kind),
                ).headline(format!("{} not backed up", p.class.kind))
                .label("no backup selection selects it")
                .help("tag it so that a backup selection selects it, or name it in a selection's resources; if it needs no backup, narrow [coverage] in lifeboat.toml or suppress the finding with a reason");
            }
        }
    }
}
