//! Recovery paths: every way a stateful resource can be restored, and what each survives.
//! A path is an AWS Backup rule that selects the resource (and its copy actions, and its
//! air-gapped target), or a service's own mechanism (RDS automated backups, DynamoDB
//! point-in-time recovery, S3 versioning and replication, global-table replicas). For each
//! scenario (deletion or corruption, a regional outage, a compromised account) this works
//! out the best worst-case RPO the paths give, the longest retention, and whether something
//! unknown might give better: then the objectives rules stay silent.

use crate::model::{
    schedule, DatabaseKind, DbService, Estate, Field, Lifecycle, Location, PlanRule, Target,
    Versioning,
};
use crate::semantics::reach::reach;
use crate::semantics::selection::{selects, Entity, Protected, Tri};
use crate::semantics::selection_index::SelectionIndex;

/// What can go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scenario {
    /// The resource is deleted or its data corrupted.
    Deletion,
    /// Its region goes down.
    Region,
    /// Its account is compromised.
    Account,
}

impl Scenario {
    /// Every scenario, in order.
    pub const ALL: [Scenario; 3] = [Scenario::Deletion, Scenario::Region, Scenario::Account];

    /// The scenario with its article, for sentences (`an account compromise`).
    pub fn with_article(self) -> &'static str {
        match self {
            Scenario::Deletion => "a deletion or corruption",
            Scenario::Region => "a regional outage",
            Scenario::Account => "an account compromise",
        }
    }

    /// The scenario's name, for messages and reports.
    pub fn label(self) -> &'static str {
        match self {
            Scenario::Deletion => "deletion or corruption",
            Scenario::Region => "regional outage",
            Scenario::Account => "account compromise",
        }
    }
}

/// AWS Backup's start window when a rule sets none: 8 hours.
pub const DEFAULT_START_WINDOW: u64 = 8 * 60;
/// The RPO of continuous backup and of automated backups with point-in-time recovery.
pub const PITR_RPO: u64 = 5;
/// S3 replication: most objects within minutes, 15 minutes with Replication Time Control.
pub const REPLICATION_RPO: u64 = 15;
const WEEK: u64 = 7 * 1440;

/// One way to restore the resource.
#[derive(Debug, Clone)]
pub struct Path {
    /// What it is, for people (`rule daily of aws_backup_plan.p → vault main`).
    pub what: String,
    /// Where it is configured.
    pub at: Location,
    /// Worst-case RPO in minutes; None when unknown.
    pub rpo: Option<u64>,
    /// Retention in minutes (`Some(None)`: forever); None when unknown.
    pub retention: Option<Option<u64>>,
    /// The scenarios it survives.
    pub survives: Vec<Scenario>,
    /// When `rpo` is unknown: the least it can be (a schedule on some days of the month
    /// only leaves at least a day between runs).
    pub rpo_at_least: u64,
}

/// The best a resource achieves in one scenario.
#[derive(Debug, Clone, Default)]
pub struct Best {
    /// The best known worst-case RPO in minutes, with the path that gives it.
    pub rpo: Option<(u64, String, Location)>,
    /// A path whose RPO is unknown, or a selection that may apply, might do better.
    pub doubt: bool,
}

/// Every path of a resource, and the best per scenario.
#[derive(Debug, Clone, Default)]
pub struct Recovery {
    /// The paths, in the order found.
    pub paths: Vec<Path>,
    /// Per scenario (indexed by [`Scenario`] order).
    pub best: [Best; 3],
    /// The longest retention (`Some(None)`: forever), with its path.
    pub retention: Option<(Option<u64>, String, Location)>,
    /// A path with unknown retention (or a selection that may apply) might keep longer.
    pub retention_doubt: bool,
}

/// One scheduled rule that selects the resource: its start times in the week and window.
struct Scheduled<'e> {
    starts: Vec<u32>,
    window: u64,
    rule: &'e PlanRule,
    label: String,
}

/// The worst gap between a start and the end of the next one's window, over the union of
/// the rules' start times: how old the newest point can get.
fn worst_gap(rules: &[&Scheduled]) -> Option<u64> {
    let mut starts: Vec<(u64, u64)> = rules
        .iter()
        .flat_map(|r| r.starts.iter().map(move |s| (u64::from(*s), r.window)))
        .collect();
    starts.sort_unstable();
    starts.dedup_by_key(|s| s.0);
    let (first, first_window) = *starts.first()?;
    let mut worst = 0;
    for w in starts.windows(2) {
        worst = worst.max(w[1].0 - w[0].0 + w[1].1);
    }
    let (last, _) = *starts.last()?;
    Some(worst.max(first + WEEK - last + first_window))
}

fn days_to_minutes(d: i64) -> u64 {
    u64::try_from(d.max(0)).unwrap_or(0).saturating_mul(1440)
}

/// A lifecycle's retention: `Some(None)` forever, None unknown.
fn retention(lc: &Field<Lifecycle>) -> Option<Option<u64>> {
    match lc {
        Field::Absent { .. } => Some(None),
        Field::Unknown { .. } => None,
        Field::Known { value, .. } => match &value.delete_after {
            Field::Known { value, .. } => Some(Some(days_to_minutes(*value))),
            Field::Absent { .. } => Some(None),
            Field::Unknown { .. } => None,
        },
    }
}

/// Continuous backup applies to these resources (others get snapshots on the schedule).
fn continuous_supported(estate: &Estate, p: &Protected) -> bool {
    match p.entity {
        Entity::Database(i) => estate
            .databases
            .get(i)
            .is_some_and(|d| d.service == DbService::Rds),
        Entity::Bucket(_) => true,
        _ => false,
    }
}

/// Works out a resource's recovery paths.
pub fn recovery(estate: &Estate, selections: &SelectionIndex, p: &Protected) -> Recovery {
    let mut out = Recovery::default();
    let mut scheduled: Vec<Scheduled> = Vec::new();
    // AWS Backup: the rules of every plan whose selection surely selects the resource.
    for s in selections.candidates(p) {
        let answer = selects(s, p);
        if answer == Tri::No {
            continue;
        }
        let plan = match s.plan.known() {
            Some(Target::Entity(i)) => estate.plans.get(*i),
            _ => None,
        };
        let Some(plan) = plan.filter(|_| answer == Tri::Yes) else {
            // A selection that may apply, or a plan that cannot be read: anything is possible.
            for b in &mut out.best {
                b.doubt = true;
            }
            out.retention_doubt = true;
            continue;
        };
        if !plan.rules.complete {
            for b in &mut out.best {
                b.doubt = true;
            }
            out.retention_doubt = true;
        }
        for rule in plan.rules.iter() {
            let name = rule.name.known().map_or("(unnamed)", String::as_str);
            let label = format!("rule {name} of {}", plan.meta.address);
            let source = match rule.target_vault.known() {
                Some(Target::Entity(i)) => estate.vaults.get(*i).map_or(&plan.meta, |v| &v.meta),
                _ => &plan.meta,
            };
            let continuous = matches!(rule.continuous_backup.known(), Some(true))
                && continuous_supported(estate, p);
            let window = match &rule.start_window {
                Field::Known { value, .. } => Some(u64::try_from(*value).unwrap_or(0)),
                Field::Absent { .. } => Some(DEFAULT_START_WINDOW),
                Field::Unknown { .. } => None,
            };
            // Days of the month or some months only: the week does not repeat, and at
            // least a day passes between some two runs.
            let (starts, floor) = match &rule.schedule {
                Field::Known { value, .. } => match schedule::parse(value) {
                    Ok(s) if s.longest_gap_minutes().is_some() => (s.weekly_starts(), 0),
                    Ok(_) => (None, 1440),
                    Err(_) => (None, 0),
                },
                // A rule without a schedule runs only on demand.
                Field::Absent { .. } => continue,
                Field::Unknown { .. } => (None, 0),
            };
            let rpo = if continuous {
                Some(PITR_RPO)
            } else {
                match (&starts, window) {
                    (Some(st), Some(w)) if !st.is_empty() => {
                        scheduled.push(Scheduled {
                            starts: st.clone(),
                            window: w,
                            rule,
                            label: label.clone(),
                        });
                        worst_gap(&[scheduled.last().expect("just pushed")])
                    }
                    _ => None,
                }
            };
            let mut survives = vec![Scenario::Deletion];
            if !rule.air_gapped_target.is_absent() {
                survives.push(Scenario::Account);
            }
            out.paths.push(Path {
                what: if continuous {
                    format!("{label} (continuous backup)")
                } else {
                    label.clone()
                },
                at: rule.location.clone(),
                rpo,
                retention: retention(&rule.lifecycle),
                survives,
                rpo_at_least: floor,
            });
            for copy in rule.copy_actions.iter() {
                // A copy in another vault is a backup too.
                let mut survives = vec![Scenario::Deletion];
                let reach = reach(estate, source, &copy.destination)
                    .and_then(|r| Some((r.other_region?, r.isolated()?)));
                match reach {
                    Some((region, account)) => {
                        if region {
                            survives.push(Scenario::Region);
                        }
                        if account {
                            survives.push(Scenario::Account);
                        }
                    }
                    None => {
                        out.best[1].doubt = true;
                        out.best[2].doubt = true;
                    }
                }
                let lc = if copy.lifecycle.is_absent() {
                    &rule.lifecycle
                } else {
                    &copy.lifecycle
                };
                out.paths.push(Path {
                    what: format!("the copy action of {label}"),
                    at: copy.location.clone(),
                    rpo,
                    retention: retention(lc),
                    survives,
                    rpo_at_least: floor,
                });
            }
        }
    }
    native_paths(estate, p, &mut out);
    // Several scheduled rules together: the union of their start times.
    let all: Vec<&Scheduled> = scheduled.iter().collect();
    if all.len() > 1 {
        if let Some(gap) = worst_gap(&all) {
            let at = all[0].rule.location.clone();
            let names: Vec<&str> = all.iter().map(|s| s.label.as_str()).collect();
            out.paths.push(Path {
                what: format!("{} together", names.join(" and ")),
                at,
                rpo: Some(gap),
                retention: Some(Some(0)),
                survives: vec![Scenario::Deletion],
                rpo_at_least: 0,
            });
        }
    }
    // The least an unknown path's RPO can be, per scenario: it only casts doubt when it
    // could beat the best known one.
    let mut floors: [Option<u64>; 3] = [None; 3];
    for path in &out.paths {
        for (k, scenario) in Scenario::ALL.iter().enumerate() {
            if !path.survives.contains(scenario) {
                continue;
            }
            let best = &mut out.best[k];
            match path.rpo {
                Some(r) if best.rpo.as_ref().is_none_or(|(b, _, _)| r < *b) => {
                    best.rpo = Some((r, path.what.clone(), path.at.clone()));
                }
                Some(_) => {}
                None => {
                    floors[k] =
                        Some(floors[k].map_or(path.rpo_at_least, |f| f.min(path.rpo_at_least)));
                }
            }
        }
        match path.retention {
            Some(r) => {
                let longer = match (&out.retention, r) {
                    (None, _) => true,
                    (Some((None, _, _)), _) => false,
                    (Some((Some(_), _, _)), None) => true,
                    (Some((Some(b), _, _)), Some(x)) => x > *b,
                };
                if longer {
                    out.retention = Some((r, path.what.clone(), path.at.clone()));
                }
            }
            None => out.retention_doubt = true,
        }
    }
    for (best, floor) in out.best.iter_mut().zip(floors) {
        if let Some(f) = floor {
            if best.rpo.as_ref().is_none_or(|(b, _, _)| f < *b) {
                best.doubt = true;
            }
        }
    }
    out
}

/// The service's own recovery: automated backups, PITR, versioning, replication.
fn native_paths(estate: &Estate, p: &Protected, out: &mut Recovery) {
    match p.entity {
        Entity::Database(i) => {
            let Some(d) = estate.databases.get(i) else {
                return;
            };
            // Clusters of a global database in other regions hold the data through an
            // outage; automated backups replicated to another region (which databases a
            // replication covers is not modelled) may too.
            if d.global_cluster {
                out.paths.push(Path {
                    what: format!("the Aurora global database of {}", d.meta.address),
                    at: d.meta.location.clone(),
                    rpo: Some(1),
                    retention: Some(Some(0)),
                    survives: vec![Scenario::Region],
                    rpo_at_least: 0,
                });
            }
            if estate.has_automated_backups_replication && d.service == DbService::Rds {
                out.best[1].doubt = true;
            }
            // Automated backups with point-in-time recovery (RDS, Aurora, DocumentDB, Neptune).
            if !matches!(
                d.service,
                DbService::Rds | DbService::DocumentDb | DbService::Neptune
            ) || (d.kind == DatabaseKind::Instance && !d.cluster.is_absent())
            {
                return;
            }
            let days = match &d.backup_retention_period {
                Field::Known { value, .. } => Some(*value),
                Field::Absent { .. } => d.service.retention().default,
                Field::Unknown { .. } => None,
            };
            match days {
                Some(0) => {}
                Some(n) => out.paths.push(Path {
                    what: format!("automated backups of {} ({n} days)", d.meta.address),
                    at: d.backup_retention_period.location().clone(),
                    rpo: Some(PITR_RPO),
                    retention: Some(Some(days_to_minutes(n))),
                    survives: vec![Scenario::Deletion],
                    rpo_at_least: 0,
                }),
                None => {
                    out.best[0].doubt = true;
                    out.retention_doubt = true;
                }
            }
        }
        Entity::Table(i) => {
            let Some(t) = estate.tables.get(i) else {
                return;
            };
            match &t.pitr_enabled {
                Field::Known { value: true, at } => {
                    let days = match &t.pitr_days {
                        Field::Known { value, .. } => Some(*value),
                        Field::Absent { .. } => Some(35),
                        Field::Unknown { .. } => None,
                    };
                    out.paths.push(Path {
                        what: format!("point-in-time recovery of {}", t.meta.address),
                        at: at.clone(),
                        rpo: Some(1),
                        retention: days.map(|d| Some(days_to_minutes(d))),
                        survives: vec![Scenario::Deletion],
                        rpo_at_least: 0,
                    });
                }
                Field::Unknown { .. } => {
                    out.best[0].doubt = true;
                    out.retention_doubt = true;
                }
                _ => {}
            }
            // Replicas of a global table in other regions: availability through an outage.
            if t.global_table.is_some() {
                out.paths.push(Path {
                    what: format!("the global table replicas of {}", t.meta.address),
                    at: t.meta.location.clone(),
                    rpo: Some(1),
                    retention: Some(Some(0)),
                    survives: vec![Scenario::Region],
                    rpo_at_least: 0,
                });
            }
        }
        Entity::Bucket(i) => {
            let Some(b) = estate.buckets.get(i) else {
                return;
            };
            match &b.versioning {
                Field::Known {
                    value: Versioning::Enabled,
                    at,
                } => out.paths.push(Path {
                    what: format!("versioning of {}", b.meta.address),
                    at: at.clone(),
                    rpo: Some(0),
                    // Noncurrent versions live as long as the bucket's lifecycle keeps them.
                    retention: None,
                    survives: vec![Scenario::Deletion],
                    rpo_at_least: 0,
                }),
                Field::Unknown { .. } => out.best[0].doubt = true,
                _ => {}
            }
            if !b.replication.complete {
                out.best[1].doubt = true;
                out.best[2].doubt = true;
            }
            for r in b.replication.iter() {
                if r.enabled.known() == Some(&false) {
                    continue;
                }
                let dest = match r.destination.known() {
                    Some(Target::Entity(j)) => estate.buckets.get(*j).map(|d| {
                        (
                            b.meta.same_region(&d.meta).map(|s| !s),
                            b.meta.same_account(&d.meta).map(|s| !s),
                        )
                    }),
                    Some(Target::External(e)) => Some((
                        e.region
                            .as_ref()
                            .zip(b.meta.region.known())
                            .map(|(x, y)| x != y),
                        e.account
                            .as_deref()
                            .and_then(|a| b.meta.is_account(a))
                            .map(|s| !s),
                    )),
                    None => None,
                };
                let mut survives = Vec::new();
                match dest {
                    Some((region, account)) => {
                        match region {
                            Some(true) => survives.push(Scenario::Region),
                            Some(false) => {}
                            None => out.best[1].doubt = true,
                        }
                        match account {
                            Some(true) => survives.push(Scenario::Account),
                            Some(false) => {}
                            None => out.best[2].doubt = true,
                        }
                    }
                    None => {
                        out.best[1].doubt = true;
                        out.best[2].doubt = true;
                    }
                }
                if survives.is_empty() {
                    continue;
                }
                out.paths.push(Path {
                    what: format!("replication of {}", b.meta.address),
                    at: r.location.clone(),
                    rpo: Some(REPLICATION_RPO),
                    retention: None,
                    survives,
                    rpo_at_least: 0,
                });
            }
        }
        Entity::Other(i) => {
            // EFS automatic backups: AWS Backup's default plan, daily, kept 35 days.
            match estate.other_backupable.get(i).map(|o| &o.automatic_backups) {
                Some(Field::Known { value: true, at }) => out.paths.push(Path {
                    what: "EFS automatic backups (AWS Backup's default plan)".into(),
                    at: at.clone(),
                    rpo: None,
                    retention: Some(Some(days_to_minutes(35))),
                    survives: vec![Scenario::Deletion],
                    rpo_at_least: 0,
                }),
                Some(Field::Unknown { .. }) => {
                    out.best[0].doubt = true;
                    out.retention_doubt = true;
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(starts: Vec<u32>, window: u64) -> (Vec<u32>, u64) {
        (starts, window)
    }

    fn gap(rules: &[(Vec<u32>, u64)]) -> Option<u64> {
        let plan = crate::model::PlanRule {
            location: Location::synthetic("t"),
            name: Field::Absent {
                owner: Location::synthetic("t"),
            },
            target_vault: Field::Absent {
                owner: Location::synthetic("t"),
            },
            schedule: Field::Absent {
                owner: Location::synthetic("t"),
            },
            schedule_timezone: Field::Absent {
                owner: Location::synthetic("t"),
            },
            start_window: Field::Absent {
                owner: Location::synthetic("t"),
            },
            completion_window: Field::Absent {
                owner: Location::synthetic("t"),
            },
            continuous_backup: Field::Absent {
                owner: Location::synthetic("t"),
            },
            lifecycle: Field::Absent {
                owner: Location::synthetic("t"),
            },
            copy_actions: crate::model::Items::new(Vec::new(), true),
            air_gapped_target: Field::Absent {
                owner: Location::synthetic("t"),
            },
        };
        let s: Vec<Scheduled> = rules
            .iter()
            .map(|(st, w)| Scheduled {
                starts: st.clone(),
                window: *w,
                rule: &plan,
                label: String::new(),
            })
            .collect();
        let refs: Vec<&Scheduled> = s.iter().collect();
        worst_gap(&refs)
    }

    #[test]
    fn the_worst_gap_is_a_period_plus_the_next_window() {
        let daily: Vec<u32> = (0..7).map(|d| d * 1440 + 180).collect();
        // Daily with the default 8-hour window: up to 32 hours old.
        assert_eq!(gap(&[rule(daily.clone(), 480)]), Some(1440 + 480));
        assert_eq!(gap(&[rule(daily.clone(), 60)]), Some(1500));
        // A second daily rule twelve hours later halves the gap.
        let evening: Vec<u32> = daily.iter().map(|s| s + 720).collect();
        assert_eq!(gap(&[rule(daily, 60), rule(evening, 60)]), Some(780));
        // Weekly: a week plus the window.
        assert_eq!(gap(&[rule(vec![1440 + 240], 60)]), Some(WEEK + 60));
    }
}
