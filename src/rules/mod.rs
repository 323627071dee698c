//! The rules and their registry. A rule reads the model, never a source format.

mod coverage;
mod database;
mod dynamodb;
mod evidence;
pub(crate) mod helpers;
pub(crate) mod input;
pub mod meta;
mod monitoring;
mod plan;
mod recovery;
pub mod review;
pub(crate) mod s3;
pub mod suggest;
#[cfg(test)]
pub(crate) mod testing;
mod vault;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::model::{Estate, Field, Location};

/// A rule's identity and metadata, generated from the front matter of its document
/// (`rules/LBnnn.md`) by `build.rs`: the one place they are written (see [`meta`]).
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable id, e.g. `LB104`.
    pub id: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The family, which is also the rule's folder under `src/rules/`.
    pub family: &'static str,
    /// What a finding means for the user.
    pub category: Category,
    /// The version that added the rule.
    pub since: &'static str,
    /// A preview rule runs only when selected by its id or name, so that a new heuristic
    /// cannot break anyone's CI on upgrade.
    pub preview: bool,
    /// One line.
    pub summary: &'static str,
    /// The configuration keys that change what it reports.
    pub options: &'static [RuleOption],
}

/// What a finding of a rule means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// About lifeboat's input (parse errors, unresolved values, suppressions).
    Input,
    /// AWS rejects the configuration when it is applied.
    RejectedByAws,
    /// Applies, but backups, copies or notifications fail when they run.
    FailsAtRunTime,
    /// Works, but data is at risk or recovery is harder than it should be.
    Posture,
    /// Seen only in a live account: what actually happened.
    LiveEvidence,
}

impl Category {
    /// The kebab-case name used in the docs and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Input => "input",
            Category::RejectedByAws => "rejected-by-aws",
            Category::FailsAtRunTime => "fails-at-run-time",
            Category::Posture => "posture",
            Category::LiveEvidence => "live-evidence",
        }
    }
}

/// A configuration key a rule reads.
#[derive(Debug)]
pub struct RuleOption {
    /// The dotted key in `lifeboat.toml` (`vault_lock.min_retention_days`).
    pub key: &'static str,
    /// Its TOML type (`integer`, `array of strings`, `table of strings`).
    pub kind: &'static str,
    /// Its default, as TOML.
    pub default: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// A check over one estate, or (for the rules about the run itself) a review of what the
/// run recorded.
pub trait Rule: Sync {
    /// The rule's identity.
    fn info(&self) -> &'static RuleInfo;
    /// Reports what is wrong in the estate.
    fn check(&self, _estate: &Estate, _ctx: &mut Ctx) {}
    /// Reports what the run recorded (LB001–LB004): see [`review`].
    fn review(&self, _facts: &review::Facts, _out: &mut Vec<Finding>) {}
}

/// Every rule, in id order.
pub fn all() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &input::ParseErrorRule,
        &input::UnresolvedReference,
        &input::InvalidSuppression,
        &input::UnusedSuppression,
        &vault::KmsCmk,
        &vault::LockMissing,
        &vault::GovernanceMode,
        &vault::RetentionConflict,
        &vault::ForceDestroy,
        &vault::LockMinRetention,
        &vault::VaultDeletionNotDenied,
        &plan::ScheduleInvalid,
        &plan::ColdStorageMinimum,
        &plan::NoCrossRegionCopy,
        &plan::CopySameRegion,
        &plan::NoLifecycle,
        &plan::WindowInvalid,
        &plan::WithoutSelection,
        &plan::SelectionMatchesNothing,
        &plan::RetentionBelowPolicy,
        &plan::PlanNoCrossAccountCopy,
        &plan::ContinuousRuleInvalid,
        &plan::RuleOverlapShadowed,
        &plan::PlanFrequencyBelowPolicy,
        &plan::CrossAccountCopyUnusable,
        &coverage::ResourceNotBackedUp,
        &coverage::RpoObjectiveMissed,
        &coverage::RetentionObjectiveMissed,
        &coverage::DrObjectiveMissed,
        &database::BackupRetention,
        &database::DeleteAutomatedBackups,
        &database::DeletionProtection,
        &database::SkipFinalSnapshot,
        &database::StorageUnencrypted,
        &database::CopyTagsToSnapshot,
        &database::WindowOverlap,
        &database::DbNoCrossRegionBackups,
        &database::StatefulDeletePolicy,
        &dynamodb::PitrDisabled,
        &dynamodb::DeletionProtection,
        &dynamodb::PitrPeriodShort,
        &s3::VersioningDisabled,
        &s3::NoReplication,
        &s3::ReplicationSameRegion,
        &s3::DeleteMarkersNotReplicated,
        &s3::ReplicationInvalid,
        &s3::ReplicaNotEncrypted,
        &s3::S3ReplicaNotImmutable,
        &monitoring::BackupFailuresUnmonitored,
        &monitoring::AlarmWithoutActions,
        &monitoring::CopyFailuresUnmonitored,
        &monitoring::DeprecatedEvents,
        &recovery::RestoreTestingMissing,
        &recovery::RestoreTestFailing,
        &evidence::RecoveryPointStale,
        &evidence::BackupJobsFailing,
    ];
    RULES
}

/// Finds a rule by id (`LB104`, case-insensitive) or name (`vault-lock-retention-conflict`).
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.info().id.eq_ignore_ascii_case(key) || r.info().name == key)
}

/// What a rule reports into while it checks one estate.
pub struct Ctx<'c, 's> {
    /// Thresholds and options.
    pub config: &'c Config,
    /// Every scan unit, for rules whose answer depends on other units too (a backup plan
    /// in one Terraform root module may select the tables of another), with indexes.
    pub scan: &'c crate::semantics::scan::Scan<'s>,
    rule: &'static RuleInfo,
    unit: usize,
    // Boxed on purpose: each finding lands where memory was freed, not in one block the
    // size of them all (hundreds of thousands in a big scan).
    #[allow(clippy::vec_box)]
    findings: Vec<Box<Finding>>,
    unresolved: Vec<review::Unresolved>,
    /// The words of this rule's messages, one copy each.
    words: crate::finding::Words,
}

/// The resource a finding is about: an entity's address is shared with the finding (one
/// copy, however many findings name it), any other name is copied.
pub trait ResourceName {
    /// The name as the finding keeps it.
    fn shared(self) -> std::sync::Arc<str>;
}

impl ResourceName for &std::sync::Arc<str> {
    fn shared(self) -> std::sync::Arc<str> {
        std::sync::Arc::clone(self)
    }
}

impl ResourceName for &str {
    fn shared(self) -> std::sync::Arc<str> {
        self.into()
    }
}

impl ResourceName for &String {
    fn shared(self) -> std::sync::Arc<str> {
        self.as_str().into()
    }
}

impl<'c, 's> Ctx<'c, 's> {
    /// Reports a finding of the current rule at its default severity.
    pub fn report(
        &mut self,
        resource: impl ResourceName,
        location: &Location,
        message: String,
    ) -> &mut Finding {
        self.report_as(self.rule.severity, resource, location, message)
    }

    /// Reports a finding of the current rule at another severity (for rules whose
    /// catalog entry names two levels, e.g. LB401 and LB407).
    pub fn report_as(
        &mut self,
        severity: Severity,
        resource: impl ResourceName,
        location: &Location,
        message: String,
    ) -> &mut Finding {
        let mut f = Finding::new(
            (self.rule.id, self.rule.name),
            severity,
            message,
            location.clone(),
        );
        f.resource = Some(resource.shared());
        f.share_words(&mut self.words);
        self.findings.push(Box::new(f));
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    /// Records (in strict mode only) that the rule could not decide because a value is
    /// unknown; LB002 reports it (see [`review`]).
    pub fn unknown<T>(&mut self, resource: &str, field: &Field<T>) {
        if !self.config.strict {
            return;
        }
        if let Field::Unknown { at, expr } = field {
            self.unresolved.push(review::Unresolved {
                unit: self.unit,
                rule: self.rule,
                resource: resource.to_string(),
                at: at.clone(),
                expr: expr.to_string(),
            });
        }
    }
}

/// What the rules reported about one estate, and what they recorded for the review.
#[derive(Default)]
pub struct UnitRun {
    /// Findings.
    pub findings: Vec<Box<Finding>>,
    /// Values rules needed and could not resolve.
    pub unresolved: Vec<review::Unresolved>,
    /// Resources that may not exist, with the findings held back.
    pub held_back: Vec<review::HeldBack>,
}

/// Runs every selected rule over an estate (the unit'th of the scan).
pub fn check(
    estate: &Estate,
    unit: usize,
    scan: &crate::semantics::scan::Scan,
    rules: &[&'static dyn Rule],
    config: &Config,
) -> UnitRun {
    let mut run = UnitRun::default();
    for rule in rules.iter().filter(|r| config.runs(r.info())) {
        let mut ctx = Ctx {
            config,
            scan,
            rule: rule.info(),
            unit,
            findings: Vec::new(),
            unresolved: Vec::new(),
            words: crate::finding::Words::default(),
        };
        rule.check(estate, &mut ctx);
        run.findings.append(&mut ctx.findings);
        run.unresolved.append(&mut ctx.unresolved);
    }
    hold_back_doubtful(&mut run, estate, unit);
    for f in &mut run.findings {
        add_call_sites(f, estate);
        f.severity = config.severity_of(f.rule_id, f.rule_name, f.severity);
    }
    run
}

/// Nothing is reported about a resource that may not exist (its `count`, `for_each` or
/// `Condition` is unknown): its findings and unresolved values are held back, and recorded
/// for LB002's review.
fn hold_back_doubtful(run: &mut UnitRun, estate: &Estate, unit: usize) {
    let doubtful: HashMap<&str, &Field<bool>> = estate
        .metas()
        .filter(|m| !m.surely_exists())
        .map(|m| (&*m.address, &m.exists))
        .collect();
    if doubtful.is_empty() {
        return;
    }
    let mut held: BTreeMap<&str, BTreeSet<&'static str>> = BTreeMap::new();
    run.findings.retain(|f| {
        match f
            .resource
            .as_deref()
            .and_then(|r| doubtful.get_key_value(r))
        {
            Some((r, _)) => {
                held.entry(r).or_default().insert(f.rule_id);
                false
            }
            None => true,
        }
    });
    run.unresolved
        .retain(|u| match doubtful.get_key_value(u.resource.as_str()) {
            Some((r, _)) => {
                held.entry(r).or_default().insert(input::UNRESOLVED.id);
                false
            }
            None => true,
        });
    for (resource, rules) in held {
        if let Some(Field::Unknown { at, expr }) = doubtful.get(resource) {
            run.held_back.push(review::HeldBack {
                unit,
                resource: resource.to_string(),
                at: at.clone(),
                expr: expr.to_string(),
                rules: rules
                    .into_iter()
                    .filter(|r| *r != input::UNRESOLVED.id)
                    .collect(),
            });
        }
    }
}

/// A finding on a resource inside a module also points at each module call it came
/// through, outermost first.
pub(crate) fn add_call_sites(f: &mut Finding, estate: &Estate) {
    let Some(resource) = f.resource.clone() else {
        return;
    };
    let mut calls: Vec<_> = estate
        .module_calls
        .iter()
        .filter(|c| {
            resource
                .strip_prefix(&c.prefix)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
        .collect();
    calls.sort_by_key(|c| c.prefix.len());
    for c in calls {
        f.with_related(format!("in {}, called here", c.prefix), &c.location);
    }
}
