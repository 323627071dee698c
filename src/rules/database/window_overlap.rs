//! LB407 db-window-overlap: the backup window overlaps the maintenance window (RDS rejects
//! it), or an AWS Backup rule that selects the database starts in (or in the hour before)
//! its maintenance window, where AWS Backup does not start snapshot jobs (Aurora exempt).

use crate::finding::Severity;
use crate::model::{schedule, window, Database, DatabaseKind, DbService, Estate, Field};
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::selection::{protectable, selects, Entity, Tri};
use crate::semantics::selection_index::SelectionIndex;

/// LB407.
pub struct WindowOverlap;

fn windows(d: &Database) -> (Option<window::WeekRanges>, Option<window::WeekRanges>) {
    (
        d.backup_window.known().and_then(|w| window::daily(w)),
        d.maintenance_window.known().and_then(|w| window::weekly(w)),
    )
}

/// Is a schedule's time zone UTC (unset, or written as UTC)?
fn utc(tz: &Field<String>) -> bool {
    match tz {
        Field::Absent { .. } => true,
        Field::Known { value, .. } => matches!(
            value.as_str(),
            "UTC" | "Etc/UTC" | "Etc/UCT" | "UCT" | "Etc/GMT" | "GMT" | "Etc/Zulu" | "Zulu"
        ),
        Field::Unknown { .. } => false,
    }
}

impl Rule for WindowOverlap {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB407
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for d in super::standalone(estate).filter(|d| d.service == DbService::Rds) {
            let (Some(backup), Some(maint)) = windows(d) else {
                continue;
            };
            if backup.overlaps(&maint) {
                let name = &d.meta.address;
                ctx.report(
                    name,
                    d.backup_window.location(),
                    format!("the backup window of {name} overlaps its maintenance window: RDS rejects this configuration"),
                )
                .with_related("the maintenance window", d.maintenance_window.location()).headline("backup window overlaps the maintenance window").label("overlaps the maintenance window").help("move the backup window (UTC) so that it ends at least 30 minutes before, or starts after, the maintenance window");
            }
        }
        self.check_backup_rules(estate, ctx);
    }
}

impl WindowOverlap {
    fn check_backup_rules(&self, estate: &Estate, ctx: &mut Ctx) {
        // Only the estate's own selections are matched: without any, no rule selects a
        // database (and the list of protectable resources is not built for nothing).
        if estate.selections.is_empty() {
            return;
        }
        let resources = protectable(estate);
        let selections = SelectionIndex::new(&estate.selections);
        let by_database: std::collections::HashMap<usize, usize> = resources
            .iter()
            .enumerate()
            .filter_map(|(k, p)| match p.entity {
                Entity::Database(i) => Some((i, k)),
                _ => None,
            })
            .collect();
        for (i, d) in estate.databases.iter().enumerate() {
            // Aurora is exempt from the maintenance-window restriction.
            let aurora = d.service != DbService::Rds
                || d.kind == DatabaseKind::Cluster
                || d.engine.known().is_some_and(|e| e.starts_with("aurora"));
            let Some(maint) = windows(d)
                .1
                .filter(|_| !aurora)
                .map(|m| m.widened_before(60))
            else {
                continue;
            };
            // Databases come first, in order.
            let Some(p) = by_database.get(&i).map(|&k| &resources[k]) else {
                continue;
            };
            for s in selections.candidates(p) {
                if selects(s, p) != Tri::Yes {
                    continue;
                }
                let Some(crate::model::Target::Entity(pi)) = s.plan.known() else {
                    continue;
                };
                let Some(plan) = estate.plans.get(*pi) else {
                    continue;
                };
                for rule in plan.rules.iter() {
                    let Field::Known { value, at } = &rule.schedule else {
                        continue;
                    };
                    // Maintenance windows are in UTC; a schedule in another time zone
                    // starts at UTC times that depend on its offset (and daylight saving
                    // time), which lifeboat does not know: not judged.
                    if !utc(&rule.schedule_timezone) {
                        ctx.unknown(&plan.meta.address, &rule.schedule_timezone);
                        continue;
                    }
                    let Some(starts) = schedule::parse(value).ok().and_then(|s| s.weekly_starts())
                    else {
                        continue;
                    };
                    if !starts.iter().any(|t| maint.contains(*t)) {
                        continue;
                    }
                    let rule_name = rule.name.known().map_or("(unnamed)", String::as_str);
                    ctx.report_as(
                        Severity::Warning,
                        &plan.meta.address,
                        at,
                        format!(
                            "backup rule {rule_name} selects {} and can start in its maintenance window or the hour before it, when AWS Backup does not start snapshot jobs of the database",
                            d.meta.address
                        ),
                    )
                    .with_related(format!("{} is defined here", d.meta.address), &d.meta.location).headline("backup rule can start when AWS Backup skips the database")
                    .label("starts in or just before the maintenance window")
                    .help("move the rule's schedule (UTC) out of the database's maintenance window and the hour before it, or move the maintenance window");
                }
            }
        }
    }
}
