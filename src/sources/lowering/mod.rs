//! What every frontend's lowering shares: typed three-valued reads out of evaluated
//! blocks ([`At`]), the resource instance being lowered ([`Res`]) and reference resolution
//! by address, name or ARN ([`Resolver`]).

pub mod org_policy;
pub mod policy;
mod read;
pub mod services;

use std::collections::HashMap;

use crate::model::{Bucket, Estate, Field, Location, Meta, ResourcePattern, Target, Versioning};

pub use read::At;

use crate::sources::value::{single_token, Value, TOKEN_CLOSE, TOKEN_OPEN};

/// One evaluated resource instance, ready to lower.
pub struct Res<'b> {
    /// Resource type.
    pub kind: &'b str,
    /// The instance's evaluated body and file.
    pub at: At<'b>,
    /// Identity, region, account, tags.
    pub meta: Meta,
}

/// Finds entities by address or by name (and region) to resolve references. Names may be
/// symbolic (`⟨var.bucket_name⟩`): an entity whose name is an unresolved value is still
/// found by a reference to the same value.
#[derive(Default)]
pub struct Resolver {
    // Addresses are the entities' own, shared.
    by_address: HashMap<std::sync::Arc<str>, usize>,
    by_name: HashMap<String, Vec<(usize, Option<String>)>>,
}

/// A region that names an unresolved value cannot be compared with a real one.
fn real(region: Option<String>) -> Option<String> {
    region.filter(|r| !r.contains(TOKEN_OPEN))
}

impl Resolver {
    /// Registers the entity at index `idx` of its estate list, with its address, name (a
    /// known or symbolic one, see [`At::name_key`]) and region.
    pub fn add(
        &mut self,
        idx: usize,
        address: &std::sync::Arc<str>,
        name: Option<String>,
        region: &Field<String>,
    ) {
        self.by_address.insert(std::sync::Arc::clone(address), idx);
        if let Some(name) = name {
            // Most names are one entity's: a list with room for one, not four.
            self.by_name
                .entry(name)
                .or_insert_with(|| Vec::with_capacity(1))
                .push((idx, region.known().cloned()));
        }
    }

    /// The entity registered under an address, or under the longest address that a
    /// token's text starts with (`aws_s3_bucket.b.arn` names `aws_s3_bucket.b`).
    fn by_address_prefix(&self, path: &str) -> Option<usize> {
        let mut end = path.len();
        loop {
            if let Some(&i) = self.by_address.get(&path[..end]) {
                return Some(i);
            }
            end = path[..end].rfind('.')?;
        }
    }

    /// The entity a name (and optional region) picks, if any.
    fn by_name(&self, name: &str, region: Option<&str>, exact_region: bool) -> Option<usize> {
        let matches = self.by_name.get(name)?;
        matches
            .iter()
            .find(|e| region.is_some() && e.1.as_deref() == region)
            // Without a region to go by, a unique name match is the entity.
            .or_else(|| {
                matches
                    .first()
                    .filter(|_| !exact_region && matches.len() == 1)
            })
            .map(|e| e.0)
    }

    /// The entity registered under exactly this address (a live resource's ARN).
    pub fn by_arn(&self, arn: &str) -> Option<usize> {
        self.by_address.get(arn).copied()
    }

    /// Resolves a reference value. `None` means unknown.
    pub fn resolve(&self, value: &Value, region_hint: Option<&str>) -> Option<Target> {
        match value {
            Value::Unknown(Some(origin)) => match &origin.text {
                None => self
                    .by_address
                    .get(origin.address.as_str())
                    .copied()
                    .or_else(|| self.by_name(&origin.token(), region_hint, false))
                    .map(Target::Entity),
                Some(text) => {
                    let (name, region) = match parse_arn(text) {
                        Some(arn) => (arn.name, real(arn.region)),
                        None => (text.clone(), None),
                    };
                    let want = region.as_deref().or(region_hint);
                    self.by_name(&name, want, region.is_some())
                        .or_else(|| self.by_address_prefix(single_token(&name)?))
                        .map(Target::Entity)
                        .or_else(|| outside(text, &name))
                }
            },
            Value::String(s) => {
                let (name, region, account) = match parse_arn(s) {
                    Some(arn) => (arn.name, arn.region, arn.account),
                    None => (s.to_string(), None, None),
                };
                let want_region = region.as_deref().or(region_hint);
                Some(match self.by_name(&name, want_region, region.is_some()) {
                    Some(i) => Target::Entity(i),
                    None => Target::external(Some(name), region, account),
                })
            }
            _ => None,
        }
    }

    /// Resolves an attribute of a block into a target field.
    pub fn field(&self, at: &At, key: &str, region_hint: Option<&str>) -> Field<Target> {
        match at.value(key) {
            Field::Known { value, at: loc } => match self.resolve(&value, region_hint) {
                Some(t) => Field::Known { value: t, at: loc },
                // A symbolic string says more than the source text: it is what the value
                // looks like (`arn:aws:s3:::⟨var.env⟩-logs`).
                None => Field::Unknown {
                    expr: match &value {
                        Value::Unknown(Some(o)) if o.text.is_some() => o.token().into(),
                        _ => at.attr(key).map_or_else(
                            || "".into(),
                            |a| at.file.slice(&a.value_span.range()).into(),
                        ),
                    },
                    at: loc,
                },
            },
            Field::Unknown { at, expr } => Field::Unknown { at, expr },
            Field::Absent { owner } => Field::Absent { owner },
        }
    }
}

/// An ARN built around unknowns whose name is known (`arn:aws:backup:us-west-2:
/// ${AWS::AccountId}:backup-vault:dr`) names something outside the scan, with the region
/// and (possibly symbolic) account it gives.
fn outside(text: &str, name: &str) -> Option<Target> {
    if name.contains(TOKEN_OPEN) {
        return None;
    }
    let arn = parse_arn(text)?;
    Some(Target::external(
        Some(name.to_string()),
        real(arn.region),
        arn.account,
    ))
}

/// Replaces symbolic accounts of targets outside the scan (`⟨AWS::AccountId⟩`,
/// `⟨data.aws_caller_identity.current.account_id⟩`) with what they are: an account id, or
/// the account of some credentials ([`crate::model::credentials_account`]).
pub fn name_accounts(estate: &mut Estate, accounts: &HashMap<String, String>) {
    if accounts.is_empty() {
        return;
    }
    let rename = |f: &mut Field<Target>| {
        if let Field::Known {
            value: Target::External(e),
            ..
        } = f
        {
            if let Some(named) = e.account.as_ref().and_then(|a| accounts.get(a.as_str())) {
                e.account = Some(named.clone());
            }
        }
    };
    for plan in &mut estate.plans {
        for rule in &mut plan.rules.items {
            rename(&mut rule.target_vault);
            for copy in &mut rule.copy_actions.items {
                rename(&mut copy.destination);
            }
        }
    }
    for bucket in &mut estate.buckets {
        for rule in &mut bucket.replication.items {
            rename(&mut rule.destination);
        }
    }
}

/// The parts of an ARN we use.
pub struct Arn {
    /// Region (empty in S3 bucket ARNs).
    pub region: Option<String>,
    /// Account id.
    pub account: Option<String>,
    /// The resource name (after the last `:` or `/`).
    pub name: String,
}

/// Parses `arn:partition:service:region:account:resource`.
pub fn parse_arn(s: &str) -> Option<Arn> {
    let rest = s.strip_prefix("arn:")?;
    // A `:` inside an unresolved part (`⟨AWS::AccountId⟩`) does not separate fields.
    let mut parts: Vec<&str> = Vec::with_capacity(5);
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in rest.char_indices() {
        match c {
            TOKEN_OPEN => depth += 1,
            TOKEN_CLOSE => depth = depth.saturating_sub(1),
            ':' if depth == 0 && parts.len() < 4 => {
                parts.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&rest[start..]);
    let [_, _, region, account, resource] = parts.as_slice() else {
        return None;
    };
    let name = resource
        .rsplit([':', '/'])
        .next()
        .unwrap_or(resource)
        .to_string();
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Some(Arn {
        region: opt(region),
        account: opt(account),
        name,
    })
}

/// What S3 itself implies about a bucket, whatever the source: object lock turns
/// versioning on (and it cannot be suspended again).
pub fn implied_bucket_facts(buckets: &mut crate::model::Entities<Bucket>) {
    for b in buckets {
        if let Field::Known { value: true, at } = &b.object_lock {
            if !matches!(b.versioning.known(), Some(Versioning::Enabled)) {
                b.versioning = Field::Known {
                    value: Versioning::Enabled,
                    at: at.clone(),
                };
            }
        }
    }
}

/// Where each resource of a unit is defined, by address: what a selection's reference
/// (`aws_dynamodb_table.t.arn`) resolves to. Borrowed from the resources (a copy of
/// every address was a big unit's largest map while lowering).
pub type Definitions<'r> = HashMap<&'r str, &'r Location>;

/// The [`Definitions`] of a unit's resources, from their identities.
pub fn definitions<'r>(metas: impl Iterator<Item = &'r Meta>) -> Definitions<'r> {
    metas.map(|m| (&*m.address, &m.location)).collect()
}

/// A selection's `resources` (or `not_resources`) list: literal ARN patterns, references
/// to resources of the unit, and unknown entries, each kept apart so that one reference
/// does not make every other resource's coverage unknown.
pub fn resource_patterns(at: &At, key: &str, defined: &Definitions) -> Field<Vec<ResourcePattern>> {
    let Some(attr) = at.attr(key) else {
        return Field::Absent { owner: at.header() };
    };
    let loc = Location::file(at.file, attr.span.range());
    let Value::List(items) = &attr.value else {
        return Field::Unknown {
            at: loc,
            expr: at.file.slice(&attr.value_span.range()).into(),
        };
    };
    let named = |path: &str| -> Option<(String, Location)> {
        let mut end = path.len();
        loop {
            if let Some(l) = defined.get(&path[..end]) {
                return Some((path[..end].to_string(), (*l).clone()));
            }
            end = path[..end].rfind('.')?;
        }
    };
    let value = items
        .iter()
        .map(|v| match v {
            Value::Unknown(Some(o)) => match &o.text {
                None => named(&o.address)
                    .map_or(ResourcePattern::Unknown, |(address, location)| {
                        ResourcePattern::Resource { address, location }
                    }),
                // An ARN built around one resource's reference names that resource.
                Some(text) => {
                    let refs: Vec<(String, Location)> = tokens(text).filter_map(named).collect();
                    match refs.as_slice() {
                        [(address, location)] => ResourcePattern::Resource {
                            address: address.clone(),
                            location: location.clone(),
                        },
                        _ => ResourcePattern::Arn(text.clone()),
                    }
                }
            },
            Value::Unknown(None) => ResourcePattern::Unknown,
            v => v
                .as_string()
                .map_or(ResourcePattern::Unknown, ResourcePattern::Arn),
        })
        .collect();
    Field::Known { value, at: loc }
}

/// The inner text of each `⟨…⟩` token of a symbolic string.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(TOKEN_OPEN)
        .skip(1)
        .filter_map(|t| t.split_once(TOKEN_CLOSE).map(|(inner, _)| inner))
}

/// Resolves references that name an entity outside their own resolver (an awscc plan
/// naming an `aws_backup_vault` by name, or the reverse, or an organization policy's plan):
/// a target known only by name becomes the entity of the unit with that name, when exactly
/// one has it (or one in the target's region). Accounts narrow it: a target naming an
/// account, and a rule's own vault (always in its plan's account), match only entities of
/// that account when both accounts are known, so same-named vaults of the accounts of an
/// organization are never confused.
pub fn link_by_name(estate: &mut Estate) {
    type Named = (Option<String>, Option<String>, Option<String>);
    let vaults: Vec<Named> = estate
        .vaults
        .iter()
        .map(|v| {
            (
                v.name.known().cloned(),
                v.meta.region.known().cloned(),
                v.meta.account.known().cloned(),
            )
        })
        .collect();
    let plans: Vec<Named> = estate
        .plans
        .iter()
        .map(|p| {
            (
                p.name.known().cloned(),
                p.meta.region.known().cloned(),
                p.meta.account.known().cloned(),
            )
        })
        .collect();
    let link = |field: &mut Field<Target>, named: &[Named], owner_account: Option<&String>| {
        let Field::Known { value, .. } = field else {
            return;
        };
        let Target::External(e) = value else {
            return;
        };
        let (Some(name), region, account) = (&e.name, &e.region, &e.account) else {
            return;
        };
        let account = account.as_ref().or(owner_account);
        let matches: Vec<usize> = named
            .iter()
            .enumerate()
            .filter(|(_, (n, r, a))| {
                n.as_deref() == Some(name.as_str())
                    && (region.is_none() || r == region)
                    && !matches!((account, a), (Some(want), Some(has)) if want != has)
            })
            .map(|(i, _)| i)
            .collect();
        if let [i] = matches.as_slice() {
            *value = Target::Entity(*i);
        }
    };
    for plan in &mut estate.plans {
        let owner = plan.meta.account.known().cloned();
        for rule in &mut plan.rules.items {
            link(&mut rule.target_vault, &vaults, owner.as_ref());
            for copy in &mut rule.copy_actions.items {
                link(&mut copy.destination, &vaults, None);
            }
        }
    }
    for s in &mut estate.selections {
        let owner = s.meta.account.known().cloned();
        link(&mut s.plan, &plans, owner.as_ref());
    }
}
