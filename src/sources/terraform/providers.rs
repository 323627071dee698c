//! Provider configurations: which region, account and default tags each `aws` provider
//! (default or aliased) gives the resources that use it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use hcl_edit::expr::Expression;

use super::eval::{Evaluator, Scope};
use super::lower::{parse_arn, At};
use super::module::Module;
use crate::model::Field;
use crate::sources::value::EvalBlock;

/// One provider configuration.
pub struct ProviderConfig {
    /// Identifies the configuration across the module tree (`<unit>#aws.dr`): resources
    /// with the same identity share credentials and region.
    pub identity: Arc<str>,
    /// Region.
    pub region: Field<String>,
    /// Account (from `allowed_account_ids` or an assumed role's ARN).
    pub account: Field<String>,
    /// Which credentials it uses (see [`crate::model::MetaData::credentials`]).
    pub credentials: Arc<str>,
    /// `default_tags { tags = ... }`.
    pub default_tags: Field<BTreeMap<String, String>>,
}

/// Provider configurations by the key resources use (`aws`, `aws.dr`).
pub type Providers = HashMap<String, Arc<ProviderConfig>>;

/// Evaluates every `provider` block of a module instance, keyed `aws` or `aws.ALIAS`,
/// on top of the configurations it inherits.
pub fn providers(module: &Module, ev: &Evaluator, unit: &str, inherited: Providers) -> Providers {
    let mut out = inherited;
    for &(fi, block) in &module.providers {
        let Some(name) = block.labels.first().map(|l| l.as_str()) else {
            continue;
        };
        let file = &module.files[fi].file;
        let eb = ev.eval_block(block, &file.text, &Scope::root());
        let at = At { file, block: &eb };
        let key = match at.string("alias").known() {
            Some(alias) => format!("{name}.{alias}"),
            None => name.to_string(),
        };
        let identity = format!("{unit}#{}{key}", ev.prefix);
        out.insert(key, Arc::new(config(at, &eb, identity, unit)));
    }
    out
}

/// What a called module inherits: the caller's default (unaliased) configurations, then
/// the call's `providers = { aws = aws.dr }` map.
pub fn inherited(caller: &Providers, call: &hcl_edit::structure::Block) -> Providers {
    let mut out: Providers = caller
        .iter()
        .filter(|(k, _)| !k.contains('.'))
        .map(|(k, v)| (k.clone(), Arc::clone(v)))
        .collect();
    if let Some(Expression::Object(map)) = call.body.get_attribute("providers").map(|a| &a.value) {
        for (k, v) in map.iter() {
            let key = match k {
                hcl_edit::expr::ObjectKey::Ident(id) => id.as_str().to_string(),
                hcl_edit::expr::ObjectKey::Expression(e) => {
                    e.to_string().trim().trim_matches('"').to_string()
                }
            };
            let target = v.expr().to_string().trim().to_string();
            match caller.get(&target) {
                Some(cfg) => out.insert(key, Arc::clone(cfg)),
                None => out.remove(&key),
            };
        }
    }
    out
}

/// Settings that give a provider configuration credentials of its own; one without any
/// uses the ambient credentials (environment, default profile), as every other such
/// configuration of the root module does.
const OWN_CREDENTIALS: &[&str] = &[
    "profile",
    "access_key",
    "token",
    "shared_credentials_files",
    "shared_credentials_file",
];

/// Which credentials a provider configuration uses: its account when known, else its own
/// credentials (a profile is shared by every configuration naming it), else the ambient ones.
fn credentials(
    at: At,
    eb: &EvalBlock,
    identity: &str,
    unit: &str,
    account: &Field<String>,
) -> String {
    if let Some(id) = account.known() {
        return format!("account:{id}");
    }
    let own_block = eb.blocks_of("assume_role").next().is_some()
        || eb
            .blocks_of("assume_role_with_web_identity")
            .next()
            .is_some();
    if !own_block && OWN_CREDENTIALS.iter().all(|k| at.attr(k).is_none()) {
        return format!("{unit}#ambient");
    }
    match (own_block, at.string("profile").known()) {
        (false, Some(profile)) if OWN_CREDENTIALS[1..].iter().all(|k| at.attr(k).is_none()) => {
            format!("{unit}#profile:{profile}")
        }
        _ => identity.to_string(),
    }
}

fn config(at: At, eb: &EvalBlock, identity: String, unit: &str) -> ProviderConfig {
    let mut account = match at.strings("allowed_account_ids") {
        Field::Known { value, at } if value.len() == 1 => Field::Known {
            value: value[0].clone(),
            at,
        },
        _ => Field::Unknown {
            at: at.header(),
            expr: "the provider's credentials".into(),
        },
    };
    if let Some(role) = eb.blocks_of("assume_role").next() {
        let role_at = at.with(role);
        if let Field::Known { value, at } = role_at.string("role_arn") {
            if let Some(acct) = parse_arn(&value).and_then(|a| a.account) {
                account = Field::Known { value: acct, at };
            }
        }
    }
    let default_tags = match eb.blocks_of("default_tags").next() {
        Some(dt) => match at.with(dt).string_map("tags") {
            Field::Absent { owner } => Field::Known {
                value: BTreeMap::new(),
                at: owner,
            },
            f => f,
        },
        None => Field::Known {
            value: BTreeMap::new(),
            at: at.header(),
        },
    };
    ProviderConfig {
        credentials: credentials(at, eb, &identity, unit, &account).into(),
        identity: identity.into(),
        region: at.string("region"),
        account,
        default_tags,
    }
}

/// The provider a resource uses: its `provider = aws.alias` argument, or the default one
/// named by the type's prefix.
pub fn provider_key(block: &hcl_edit::structure::Block, kind: &str) -> String {
    if let Some(attr) = block.body.get_attribute("provider") {
        if let Expression::Traversal(_) | Expression::Variable(_) = &attr.value {
            let text = attr.value.to_string();
            return text.trim().to_string();
        }
    }
    kind.split('_').next().unwrap_or(kind).to_string()
}
