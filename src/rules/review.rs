//! The rules about the run itself (LB001–LB004) report through one mechanism: once the
//! other rules have run, each reviews what the run recorded ([`Facts`]) and reports. The
//! review happens in two stages because suppressions sit between them: parse errors and
//! unresolved values (LB001, LB002) are findings a suppression may hide, so they are
//! reviewed before suppressions are matched; whether a suppression was needed (LB003,
//! LB004) is known only after.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::finding::Finding;
use crate::model::{Estate, Location, Suppression};

use super::{add_call_sites, Rule, RuleInfo};

/// A value a rule needed and could not resolve (recorded in strict mode).
#[derive(Debug, Clone)]
pub struct Unresolved {
    /// The scan unit.
    pub unit: usize,
    /// The rule that needed it.
    pub rule: &'static RuleInfo,
    /// The resource it was judging.
    pub resource: String,
    /// Where the value is written.
    pub at: Location,
    /// The expression that could not be resolved.
    pub expr: String,
}

/// A resource that may not exist, and the rules whose findings about it were held back.
#[derive(Debug, Clone)]
pub struct HeldBack {
    /// The scan unit.
    pub unit: usize,
    /// The resource.
    pub resource: String,
    /// Where its `count`, `for_each` or `Condition` is written.
    pub at: Location,
    /// That expression.
    pub expr: String,
    /// The rules whose findings were held back.
    pub rules: BTreeSet<&'static str>,
}

/// A suppression and whether it hid a finding.
#[derive(Debug, Clone, Copy)]
pub struct SuppressionUse<'a> {
    /// The suppression.
    pub suppression: &'a Suppression,
    /// True when it hid at least one finding.
    pub used: bool,
}

/// What the run recorded, for the rules about the run.
pub struct Facts<'a> {
    /// Every scan unit (parse errors, module calls not on disk, evaluation budgets).
    pub estates: &'a [Estate],
    /// Thresholds and options (strict mode).
    pub config: &'a Config,
    /// Values rules needed and could not resolve.
    pub unresolved: &'a [Unresolved],
    /// Resources that may not exist.
    pub held_back: &'a [HeldBack],
    /// Suppressions and their use: None in the first stage, before they are matched.
    pub suppressions: Option<&'a [SuppressionUse<'a>]>,
}

impl Facts<'_> {
    /// The findings of a review of an estate's resource point at the module calls it came
    /// through, like any other finding.
    pub fn with_call_sites(&self, unit: usize, mut f: Finding) -> Finding {
        if let Some(estate) = self.estates.get(unit) {
            add_call_sites(&mut f, estate);
        }
        f
    }
}

/// Every selected rule's review of the facts, with severity overrides applied.
pub fn review(rules: &[&'static dyn Rule], facts: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules.iter().filter(|r| facts.config.runs(r.info())) {
        rule.review(facts, &mut out);
    }
    for f in &mut out {
        f.severity = facts.config.severity_of(f.rule_id, f.rule_name, f.severity);
    }
    out
}
