//! The typed model every source lowers into: the backup estate of one scan unit.

mod backup;
mod data;
mod entities;
mod evidence;
mod field;
mod location;
mod monitoring;
mod policy;
pub mod schedule;
mod service;
mod setting;
pub mod window;

pub use backup::*;
pub use data::*;
pub use entities::Entities;
pub use evidence::*;
pub use field::{Field, Items};
pub(crate) use location::repository_of;
pub use location::{
    escape_unsafe, repository_name, unsafe_char, LineCol, LiveResource, Location, Place,
    SourceFile, Span32, MAX_INPUT_BYTES,
};
pub use monitoring::*;
pub use policy::{action_matches, AccessPolicy, Narrowing, PolicyStatement, Principals};
pub use service::{DbService, RetentionLimits};
pub use setting::{api_name, Dialect, Setting};

use std::collections::BTreeMap;

/// Opens an unresolved part inside a symbolic string (`arn:aws:s3:::⟨var.env⟩-logs`):
/// model strings may carry such parts where a source left a value unresolved.
pub const TOKEN_OPEN: char = '⟨';
/// Closes an unresolved part inside a symbolic string.
pub const TOKEN_CLOSE: char = '⟩';

/// A resource's tags, shared by the copies of its identity (every entity made from a
/// resource carries one; a map per copy was a good part of a big scan's memory).
pub type Tags = std::sync::Arc<TagMap>;

/// Tags by key, in key order. A resource has a handful: a sorted list is a fraction of a
/// B-tree's size (whose every node has room for eleven), and keys and values up to 24
/// bytes are held inline (most are), not one allocation each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagMap(Box<[(CompactString, CompactString)]>);

/// A short string held inline (tag keys and values).
type CompactString = compact_str::CompactString;

impl TagMap {
    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&str> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok()?;
        Some(&self.0[i].1)
    }

    /// The tags in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// How many tags there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when the key is set.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

impl From<BTreeMap<String, String>> for TagMap {
    fn from(map: BTreeMap<String, String>) -> TagMap {
        TagMap(map.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

/// Tags read as a map, made shareable.
pub fn tags(map: BTreeMap<String, String>) -> Tags {
    std::sync::Arc::new(TagMap::from(map))
}

/// What every entity carries: its address, where it is defined, and where it lives in AWS.
/// Shared: the entities made from one resource (and the lowering's view of it) hold one
/// copy; a change through `DerefMut` copies it first when it is shared.
#[derive(Debug, Clone)]
pub struct Meta(std::sync::Arc<MetaData>);

impl std::ops::Deref for Meta {
    type Target = MetaData;
    fn deref(&self) -> &MetaData {
        &self.0
    }
}

impl std::ops::DerefMut for Meta {
    fn deref_mut(&mut self) -> &mut MetaData {
        std::sync::Arc::make_mut(&mut self.0)
    }
}

impl From<MetaData> for Meta {
    fn from(data: MetaData) -> Meta {
        Meta(std::sync::Arc::new(data))
    }
}

/// The data of a [`Meta`].
#[derive(Debug, Clone)]
pub struct MetaData {
    /// A human-readable address, e.g. `aws_backup_vault.production` or `aws_s3_bucket.b["logs"]`.
    pub address: std::sync::Arc<str>,
    /// Where the resource is defined (its header line).
    pub location: Location,
    /// The AWS region the resource lives in.
    pub region: Field<String>,
    /// The AWS account the resource lives in.
    pub account: Field<String>,
    /// Which provider configuration (credentials) created it, e.g. `aws` or `aws.dr`,
    /// qualified by its scan unit; two resources with the same provider are in the same
    /// account. (Shared: every resource of a provider names the same one.)
    pub provider: std::sync::Arc<str>,
    /// Which credentials created it, and so which account it lives in even when the
    /// account's value is unknown: one key per set of credentials (a Terraform provider
    /// configuration with credentials of its own, the ambient credentials every other
    /// provider of a root module uses, one CloudFormation stack, `account:ID` when the
    /// account is known).
    pub credentials: std::sync::Arc<str>,
    /// True when the region comes from the provider (not set on the resource itself), so
    /// two resources of one provider share it even when its value is unknown.
    pub region_from_provider: bool,
    /// Resource tags, including provider default tags.
    pub tags: Field<Tags>,
    /// Whether the resource exists: unknown when its `count` or `for_each` (or its
    /// module's, or a CloudFormation `Condition`) could not be resolved. Nothing is
    /// reported about a resource that may not exist.
    pub exists: Field<bool>,
    /// How its source names settings, for messages.
    pub dialect: Dialect,
    /// What deleting or replacing the resource through its source does; None where the
    /// source has no such setting (a live account).
    pub removal: Option<Removal>,
}

/// What a stack deletion, a replacement or `terraform destroy` does to a resource: each
/// source's own settings only (every resource carries one, so the larger is boxed).
#[derive(Debug, Clone)]
pub enum Removal {
    /// A template resource: CloudFormation's policies apply.
    Template(Box<StackPolicies>),
    /// A Terraform resource.
    Terraform {
        /// `lifecycle { prevent_destroy = true }`.
        prevent_destroy: Field<bool>,
    },
}

/// A template resource's policies for stack deletion and replacement.
#[derive(Debug, Clone)]
pub struct StackPolicies {
    /// `DeletionPolicy` (`Delete`, `Retain`, `RetainExceptOnCreate`, `Snapshot`); absent
    /// means the type's default.
    pub deletion_policy: Field<String>,
    /// `UpdateReplacePolicy`; absent means `Delete`.
    pub update_replace_policy: Field<String>,
}

impl MetaData {
    /// The source's name for a setting (`delete_automated_backups`,
    /// `DeleteAutomatedBackups`).
    pub fn name(&self, s: Setting) -> &'static str {
        (self.dialect.0)(s)
    }

    /// The region for messages: its name, or "its region" when unknown.
    pub fn region_name(&self) -> String {
        self.region
            .known()
            .map_or_else(|| "its region".to_string(), Clone::clone)
    }

    /// True unless the resource may not exist.
    pub fn surely_exists(&self) -> bool {
        !self.exists.is_unknown()
    }

    /// Are two resources in the same region? None when it cannot be told.
    pub fn same_region(&self, other: &MetaData) -> Option<bool> {
        match (self.region.known(), other.region.known()) {
            (Some(a), Some(b)) => Some(a == b),
            _ if self.region_from_provider
                && other.region_from_provider
                && self.provider == other.provider =>
            {
                Some(true)
            }
            _ => None,
        }
    }
}

/// How a symbolic account refers to "the account of these credentials": an ARN built
/// with `${AWS::AccountId}` or `data.aws_caller_identity.x.account_id` carries it.
pub fn credentials_account(credentials: &str) -> String {
    format!("{TOKEN_OPEN}account of {credentials}{TOKEN_CLOSE}")
}

impl MetaData {
    /// Are two resources in the same account? Same credentials means yes even when the
    /// account is unknown; None when it cannot be told.
    pub fn same_account(&self, other: &MetaData) -> Option<bool> {
        if self.credentials == other.credentials {
            return Some(true);
        }
        match (self.account.known(), other.account.known()) {
            (Some(a), Some(b)) => Some(a == b),
            _ => None,
        }
    }

    /// Is `account` (an id, or a symbolic account from an ARN) this resource's account?
    /// None when it cannot be told.
    pub fn is_account(&self, account: &str) -> Option<bool> {
        if account == credentials_account(&self.credentials) {
            return Some(true);
        }
        if account.contains(TOKEN_OPEN) {
            return None;
        }
        self.account.known().map(|a| a == account)
    }
}

impl Estate {
    /// Gives back the room its lists grew and do not use. A scan of thousands of small
    /// modules keeps thousands of estates, each list grown to four or more entities for
    /// one or two.
    pub fn shrink_to_fit(&mut self) {
        self.vaults.shrink_to_fit();
        self.plans.shrink_to_fit();
        self.selections.shrink_to_fit();
        self.databases.shrink_to_fit();
        self.tables.shrink_to_fit();
        self.buckets.shrink_to_fit();
        self.other_backupable.shrink_to_fit();
        self.alarms.shrink_to_fit();
        self.vault_notifications.shrink_to_fit();
        self.event_rules.shrink_to_fit();
        self.restore_testing_plans.shrink_to_fit();
        self.restore_testing_selections.shrink_to_fit();
        self.kms_keys.shrink_to_fit();
        self.suppressions.shrink_to_fit();
        self.module_calls.shrink_to_fit();
        self.missing_modules.shrink_to_fit();
        self.parse_errors.shrink_to_fit();
    }

    /// The identity of every entity of the estate.
    pub fn metas(&self) -> impl Iterator<Item = &Meta> {
        let vaults = self.vaults.iter().map(|v| &v.meta);
        let plans = self.plans.iter().map(|v| &v.meta);
        let selections = self.selections.iter().map(|v| &v.meta);
        let databases = self.databases.iter().map(|v| &v.meta);
        let tables = self.tables.iter().map(|v| &v.meta);
        let buckets = self.buckets.iter().map(|v| &v.meta);
        let others = self.other_backupable.iter().map(|v| &v.meta);
        let alarms = self.alarms.iter().map(|v| &v.meta);
        let notes = self.vault_notifications.iter().map(|v| &v.meta);
        let events = self.event_rules.iter().map(|v| &v.meta);
        let testing = self.restore_testing_plans.iter().map(|v| &v.meta);
        let tested = self.restore_testing_selections.iter().map(|v| &v.meta);
        let keys = self.kms_keys.iter().map(|v| &v.meta);
        vaults
            .chain(plans)
            .chain(selections)
            .chain(databases)
            .chain(tables)
            .chain(buckets)
            .chain(others)
            .chain(alarms)
            .chain(notes)
            .chain(events)
            .chain(testing)
            .chain(tested)
            .chain(keys)
    }
}

/// A pointer from one entity to another: resolved to an entity of the scan, to something
/// outside it (known only by name or ARN), or unresolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Index into the estate's list of that entity type.
    Entity(usize),
    /// Outside the scan; whatever we know of it. (Boxed: most targets are entities, and
    /// plans, rules, copy actions and selections each hold one or two.)
    External(Box<ExternalTarget>),
}

/// What is known of a target outside the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalTarget {
    /// Name, when known.
    pub name: Option<String>,
    /// Region, when known (e.g. from an ARN).
    pub region: Option<String>,
    /// Account, when known (e.g. from an ARN).
    pub account: Option<String>,
}

impl Target {
    /// A target outside the scan.
    pub fn external(name: Option<String>, region: Option<String>, account: Option<String>) -> Self {
        Target::External(Box::new(ExternalTarget {
            name,
            region,
            account,
        }))
    }
}

/// An inline suppression: `# lifeboat:ignore[LB104] reason` in a comment, or a
/// template's `Metadata: {lifeboat: {ignore: [...]}}`.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// Rule ids, names or id prefixes it suppresses.
    pub rules: Vec<String>,
    /// Why (required: without one the suppression is invalid and suppresses nothing).
    pub reason: Option<String>,
    /// Where the suppression is written.
    pub at: Location,
    /// The source it covers (a block, an attribute, a line, a resource).
    pub scope: Location,
}

/// A module call: findings on resources below `prefix` also point at the call site.
#[derive(Debug, Clone)]
pub struct ModuleCall {
    /// Address prefix of the call's resources (`module.backup`, `module.a.module.b`).
    pub prefix: String,
    /// The `module` block in the caller.
    pub location: Location,
}

/// A module call whose module is not on disk (not downloaded by `terraform init`): its
/// resources are not checked.
#[derive(Debug, Clone)]
pub struct MissingModule {
    /// Address prefix the call's resources would have (`module.vpc`).
    pub prefix: String,
    /// The call's `source`.
    pub source: String,
    /// The `module` block.
    pub location: Location,
}

/// A file in scope that could not be parsed (reported as LB001).
#[derive(Debug, Clone)]
pub struct ParseError {
    /// Where parsing failed.
    pub location: Location,
    /// The parser's message.
    pub message: String,
}

/// One scan unit (a Terraform root module, a CloudFormation template, an account):
/// everything the rules look at together.
#[derive(Debug, Default)]
pub struct Estate {
    /// A label for the unit (a directory, a file, an account).
    pub name: String,
    /// Backup vaults (with their locks).
    pub vaults: Entities<Vault>,
    /// Backup plans.
    pub plans: Entities<Plan>,
    /// Backup selections.
    pub selections: Entities<Selection>,
    /// RDS instances and Aurora clusters.
    pub databases: Entities<Database>,
    /// DynamoDB tables.
    pub tables: Entities<DynamoTable>,
    /// S3 buckets.
    pub buckets: Entities<Bucket>,
    /// Other stateful resources that AWS Backup can protect (EFS, EBS...).
    pub other_backupable: Vec<Backupable>,
    /// CloudWatch metric alarms.
    pub alarms: Vec<Alarm>,
    /// Backup vault notifications.
    pub vault_notifications: Vec<VaultNotification>,
    /// EventBridge rules.
    pub event_rules: Vec<EventRule>,
    /// AWS Backup restore testing plans.
    pub restore_testing_plans: Vec<RestoreTestingPlan>,
    /// AWS Backup restore testing selections.
    pub restore_testing_selections: Vec<RestoreTestingSelection>,
    /// KMS keys.
    pub kms_keys: Vec<KmsKey>,
    /// True when the selections could not be read (a live audit without the permission):
    /// coverage is then unknown and the rules that need it stay silent.
    pub selections_unknown: bool,
    /// True when alarms, event rules and vault notifications were not read (a live audit
    /// does not read them yet): the monitoring rules stay silent.
    pub monitoring_unknown: bool,
    /// True when restore testing plans were not read: LB801 stays silent.
    pub restore_testing_unknown: bool,
    /// Lock configurations whose vault could not be identified: any vault may be locked.
    pub unattached_locks: bool,
    /// Inline suppressions in the unit's files.
    pub suppressions: Vec<Suppression>,
    /// Module calls whose resources are part of the unit.
    pub module_calls: Vec<ModuleCall>,
    /// Module calls whose module is not on disk (their resources are not checked).
    pub missing_modules: Vec<MissingModule>,
    /// Where and why evaluation stopped early (a budget hostile or runaway input hit):
    /// values past it are unknown.
    pub evaluation_stopped: Option<(Location, String)>,
    /// Values evaluation would not make, and why (a file read the repository boundary
    /// refused, a function result past its size limit): where, and what. They are unknown.
    pub values_not_made: Vec<(Location, String)>,
    /// Files of the unit that could not be parsed.
    pub parse_errors: Vec<ParseError>,
    /// Evidence only a live account has (None for files).
    pub evidence: Option<Evidence>,
    /// Number of resources of any type seen (for the summary).
    pub resource_count: usize,
    /// RDS automated-backup replication to another region is configured in the unit
    /// (`aws_db_instance_automated_backups_replication`, live
    /// `DescribeDBInstanceAutomatedBackups`); which databases it covers is not modelled.
    pub has_automated_backups_replication: bool,
}
