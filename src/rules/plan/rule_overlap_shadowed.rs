//! LB212 rule-overlap-shadowed: two rules of one plan whose start windows overlap. AWS
//! Backup then takes one backup, for the rule with the longer retention, so the other
//! rule does not run at those times: if it never runs, or its copy actions go somewhere
//! the winner's do not, that is silently lost.

use crate::model::{schedule, Estate, Field, PlanRule, Target};
use crate::rules::{Ctx, Rule, RuleInfo};
use crate::semantics::recovery::DEFAULT_START_WINDOW;

/// LB212.
pub struct RuleOverlapShadowed;

const WEEK: u32 = 7 * 1440;

/// A rule's weekly start times, start window and retention in days (`None`: forever).
type Timing = (Vec<u32>, u32, Option<i64>);

/// A rule's starts in the week, its window and retention (`None`: forever); None when any
/// of them cannot be told (or the rule is continuous).
fn timing(rule: &PlanRule) -> Option<Timing> {
    if !matches!(
        rule.continuous_backup,
        Field::Absent { .. } | Field::Known { value: false, .. }
    ) {
        return None;
    }
    let parsed = schedule::parse(rule.schedule.known()?).ok()?;
    // Days of the month or some months only: the week does not repeat; not judged.
    parsed.longest_gap_minutes()?;
    let starts = parsed.weekly_starts()?;
    let window = match &rule.start_window {
        Field::Known { value, .. } => u32::try_from(*value).ok()?,
        Field::Absent { .. } => u32::try_from(DEFAULT_START_WINDOW).ok()?,
        Field::Unknown { .. } => return None,
    };
    let keep = match &rule.lifecycle {
        Field::Absent { .. } => None,
        Field::Known { value, .. } => match &value.delete_after {
            Field::Known { value, .. } => Some(*value),
            Field::Absent { .. } => None,
            Field::Unknown { .. } => return None,
        },
        Field::Unknown { .. } => return None,
    };
    Some((starts, window.max(1), keep))
}

/// Do the windows [a, a+wa) and [b, b+wb) meet, around the week?
#[cfg(test)]
fn meet(a: u32, wa: u32, b: u32, wb: u32) -> bool {
    let d = (b + WEEK - a) % WEEK;
    d < wa || (WEEK - d) % WEEK < wb
}

/// A rule's start windows, for asking in logarithmic time (and no more memory than its
/// starts) whether a window of another rule meets one of them.
struct Windows {
    /// Start times in the week, sorted and distinct.
    starts: Vec<u32>,
    /// The rule's start window, at most a week.
    window: u32,
}

impl Windows {
    fn of(starts: &[u32], window: u32) -> Windows {
        let mut starts: Vec<u32> = starts.iter().map(|s| s % WEEK).collect();
        starts.sort_unstable();
        starts.dedup();
        Windows {
            starts,
            window: window.min(WEEK),
        }
    }

    /// Is there a start in [from, to) (around the week; `to - from` at most a week)?
    fn any_start(&self, from: u32, len: u32) -> bool {
        if len == 0 {
            return false;
        }
        if len >= WEEK {
            return !self.starts.is_empty();
        }
        let first = |x: u32| self.starts.partition_point(|s| *s < x);
        let end = from + len;
        if end <= WEEK {
            first(from) < first(end)
        } else {
            first(from) < self.starts.len() || first(end - WEEK) > 0
        }
    }

    /// Does the window [a, a+wa) meet one of these windows: one of their starts inside
    /// [a, a+wa), or `a` inside one of theirs (a start in (a - window, a])?
    fn meets(&self, a: u32, wa: u32) -> bool {
        let a = a % WEEK;
        let w = self.window;
        self.any_start(a, wa.min(WEEK)) || self.any_start((a + WEEK + 1 - w.max(1)) % WEEK, w)
    }
}

/// The copy destinations a rule names (None when one cannot be told).
fn destinations(rule: &PlanRule) -> Option<Vec<&Target>> {
    if !rule.copy_actions.complete {
        return None;
    }
    rule.copy_actions
        .iter()
        .map(|c| c.destination.known())
        .collect()
}

impl Rule for RuleOverlapShadowed {
    fn info(&self) -> &'static RuleInfo {
        &crate::rules::meta::LB212
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for plan in &estate.plans {
            let rules: Vec<(&PlanRule, Option<Timing>)> =
                plan.rules.iter().map(|r| (r, timing(r))).collect();
            // Laid out once per rule, and only for rules whose timing is known.
            let windows: Vec<Option<Windows>> = rules
                .iter()
                .map(|(_, t)| t.as_ref().map(|(starts, w, _)| Windows::of(starts, *w)))
                .collect();
            for (i, (loser, lt)) in rules.iter().enumerate() {
                // A rule kept forever is never the shorter one: nothing can shadow it.
                let Some((lstarts, lw, lkeep @ Some(_))) = lt else {
                    continue;
                };
                for (j, (winner, wt)) in rules.iter().enumerate() {
                    let (Some((_, _, wkeep)), Some(wwindows)) = (wt, &windows[j]) else {
                        continue;
                    };
                    // The longer retention wins; equal retentions: which runs is not told.
                    let longer = match (wkeep, lkeep) {
                        (None, Some(_)) => true,
                        (Some(w), Some(l)) => w > l,
                        _ => false,
                    };
                    if i == j || !longer {
                        continue;
                    }
                    let shadowed: Vec<u32> = lstarts
                        .iter()
                        .copied()
                        .filter(|l| wwindows.meets(*l, *lw))
                        .collect();
                    if shadowed.is_empty() {
                        continue;
                    }
                    let lname = loser.name.known().map_or("(unnamed)", String::as_str);
                    let wname = winner.name.known().map_or("(unnamed)", String::as_str);
                    let who = &plan.meta.address;
                    if shadowed.len() == lstarts.len() {
                        let f = ctx
                            .report(who, loser.schedule.location(), format!("rule {lname} of {who} never runs: every start falls in the window of rule {wname}, which keeps points longer, and AWS Backup then takes only that rule's backup"))
                            .headline("backup rule shadowed by another rule")
                            .label(format!("always overlaps rule {wname}"))
                            .help(format!("move rule {lname}'s schedule out of rule {wname}'s start window, or merge the two rules"));
                        f.with_related(format!("rule {wname}"), winner.schedule.location());
                        continue;
                    }
                    // Partly shadowed: only copies that the winner does not make are lost.
                    let (Some(lost), Some(kept)) = (destinations(loser), destinations(winner))
                    else {
                        continue;
                    };
                    let missing = lost.iter().any(|d| !kept.contains(d));
                    if !missing {
                        continue;
                    }
                    let copy_at = loser
                        .copy_actions
                        .iter()
                        .next()
                        .map_or(loser.schedule.location(), |c| c.destination.location());
                    let f = ctx
                        .report(who, copy_at, format!("rule {lname} of {who} overlaps rule {wname} on {} of its {} weekly starts; AWS Backup then takes only rule {wname}'s backup, so rule {lname}'s copy action does not run those times", shadowed.len(), lstarts.len()))
                        .headline("copy action skipped when rules overlap")
                        .label(format!("skipped when rule {wname} runs"))
                        .help(format!("give rule {wname} the same copy action, or move the schedules apart"));
                    f.with_related(format!("rule {wname}"), winner.schedule.location());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::meet;

    #[test]
    fn precomputed_windows_agree_with_the_definition() {
        let starts = [0, 180, 1440 + 30, super::WEEK - 20];
        for w in [1, 60, 480] {
            let windows = super::Windows::of(&starts, w);
            for a in (0..super::WEEK).step_by(7) {
                for wa in [1, 60, 480] {
                    let expected = starts.iter().any(|s| meet(a, wa, *s, w));
                    assert_eq!(windows.meets(a, wa), expected, "a={a} wa={wa} w={w}");
                }
            }
        }
    }

    #[test]
    fn windows_meet_around_the_week() {
        assert!(meet(180, 60, 180, 60));
        assert!(meet(180, 60, 200, 60));
        assert!(!meet(180, 60, 240, 60));
        assert!(meet(240, 60, 180, 61));
        // Sunday 23:30 and Monday 00:10.
        assert!(meet(7 * 1440 - 30, 60, 10, 60));
    }
}
