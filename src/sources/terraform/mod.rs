//! Terraform: parse a module directory's `.tf` files, evaluate them with unknowns, and
//! lower every resource instance into the model.

mod budget;
mod eval;
mod expand;
pub mod functions;
mod identity;
mod lower;
mod module;
mod modules;
mod names;
mod parse;
mod providers;
mod split;
mod tree;
mod vars;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use crate::model::{Estate, Field, Location, MissingModule, ModuleCall, SourceFile};
use crate::sources::value::header_span;
use crate::sources::InputProblem;

pub use eval::{Evaluator, Scope};
pub use functions::SUPPORTED as FUNCTIONS;
pub(crate) use identity::Identity;
pub(crate) use lower::{lower as lower_resources, Ready};
pub use module::{Module, ParsedFile};
pub use names::terraform as setting_name;
pub use tree::{canonical, load_dir, load_dir_whole, local_calls, DirCache, LoadedDir};
pub use vars::VarInputs;

use expand::Expansion;
use providers::Providers;
use tree::Tree;

/// What loading one root module produced.
pub struct Loaded {
    /// The lowered estate (with parse errors recorded in it).
    pub estate: Estate,
    /// Problems that are not findings (unreadable files, bad tfvars).
    pub problems: Vec<InputProblem>,
    /// Every file read for it (its own and its modules').
    pub files: Vec<PathBuf>,
}

/// One module instance of the tree with the provider configurations it sees.
struct ModuleInstance<'a> {
    ev: Rc<Evaluator<'a>>,
    providers: Rc<Providers>,
    /// Unknown when the instance may not exist (a `count`/`for_each` of a call above it
    /// could not be resolved).
    exists: Field<bool>,
}

/// Whether instances of a block (a resource, a module call) with this expansion exist,
/// given their module's: unknown at its `count` or `for_each` when that is.
fn existence(
    expansion: &Expansion,
    repeat: Option<&(std::ops::Range<usize>, String)>,
    file: &Arc<SourceFile>,
    outer: &Field<bool>,
) -> Field<bool> {
    match repeat {
        Some((span, written)) if *expansion == Expansion::Unknown => Field::Unknown {
            at: Location::file(file, span.clone()),
            expr: written.as_str().into(),
        },
        _ => outer.clone(),
    }
}

/// Loads a root module and every module it calls, evaluates them, and lowers all their
/// resource instances into one estate.
pub fn load_root(dir: &Path, cache: &DirCache, inputs: &VarInputs) -> Loaded {
    let loaded = tree::load(dir, cache);
    let tree = Tree::index(&loaded);
    let mut estate = Estate {
        name: crate::model::repository_name(dir, &crate::sources::display_path(dir)),
        ..Estate::default()
    };
    let mut problems = Vec::new();
    let mut files = Vec::new();
    estate.parse_errors.extend(loaded.cycles.iter().cloned());
    for d in loaded.dirs.values() {
        estate.parse_errors.extend(d.parse_errors.iter().cloned());
        problems.extend(d.problems.iter().cloned());
        files.extend(d.files.iter().map(|f| f.file.path.clone()));
        for f in &d.files {
            estate
                .suppressions
                .extend(crate::suppress::scan(&f.file, crate::suppress::Syntax::Hcl));
        }
        files.extend(
            d.parse_errors
                .iter()
                .filter_map(|e| Some(e.location.source()?.path.clone())),
        );
    }
    let Some(root_module) = tree.modules.get(&tree::canonical(dir)) else {
        return Loaded {
            estate,
            problems,
            files,
        };
    };
    let vars = vars::resolve(root_module, dir, cache.boundary(), inputs, &mut problems);
    let root = Rc::new(Evaluator::in_tree(
        root_module,
        &tree,
        dir,
        String::new(),
        String::new(),
        vars,
        None,
    ));
    let root_providers = providers::providers(root_module, &root, &estate.name, Providers::new());
    let mut instances = vec![ModuleInstance {
        ev: root,
        providers: Rc::new(root_providers),
        exists: Field::Known {
            value: true,
            at: Location::synthetic("root module"),
        },
    }];
    let mut next = 0;
    while next < instances.len() {
        let (ev, provs, exists) = (
            Rc::clone(&instances[next].ev),
            Rc::clone(&instances[next].providers),
            instances[next].exists.clone(),
        );
        for &(name, fi, block) in &ev.module.module_calls {
            let file = &ev.module.files[fi].file;
            let Some(children) = ev.children(name) else {
                if let Some(m) = missing_module(&ev, name, block, file) {
                    estate.missing_modules.push(m);
                }
                continue;
            };
            let child_exists = existence(
                &children.expansion,
                expand::repeat_of(&block.body, &file.text).as_ref(),
                file,
                &exists,
            );
            estate.module_calls.push(ModuleCall {
                prefix: format!("{}module.{name}", ev.prefix),
                location: Location::file(file, header_span(block, &file.text)),
            });
            for (_, child) in &children.instances {
                let inherited = providers::inherited(&provs, block);
                let own = providers::providers(child.module, child, &estate.name, inherited);
                instances.push(ModuleInstance {
                    ev: Rc::clone(child),
                    providers: Rc::new(own),
                    exists: child_exists.clone(),
                });
            }
        }
        next += 1;
    }
    // Sized up front: grown by doubling, the list of a big module was up to twice its size.
    let mut evaluated: Vec<Evaluated> =
        Vec::with_capacity(instances.iter().map(|m| m.ev.module.resources.len()).sum());
    // Types, provider keys and module prefixes repeat across resources: one copy of each.
    let mut names: HashMap<String, Rc<str>> = HashMap::new();
    let mut shared = |name: &str| -> Rc<str> {
        match names.get(name) {
            Some(n) => Rc::clone(n),
            None => Rc::clone(names.entry(name.to_string()).or_insert_with(|| name.into())),
        }
    };
    for m in &instances {
        let prefix = shared(&m.ev.prefix);
        for i in 0..m.ev.module.resources.len() {
            let eval = m.ev.resource(i);
            let decl = &m.ev.module.resources[i];
            let file = &m.ev.module.files[decl.file].file;
            let facts = &eval.facts;
            evaluated.push(Evaluated {
                kind: shared(decl.kind),
                file: Arc::clone(file),
                provider: m.providers.get(facts.provider_key.as_str()).cloned(),
                provider_location: facts.provider_span.clone().map(|s| Location::file(file, s)),
                exists: existence(&eval.expansion, facts.repeat.as_ref(), file, &m.exists),
                pkey: shared(&facts.provider_key),
                eval,
                prefix: Rc::clone(&prefix),
            });
        }
    }
    let mut accounts = HashMap::new();
    for m in &instances {
        for (name, block) in &m.ev.module.caller_identities {
            let pkey = providers::provider_key(block, "aws_caller_identity");
            let account = match m.providers.get(&pkey) {
                Some(p) => p
                    .account
                    .known()
                    .cloned()
                    .unwrap_or_else(|| crate::model::credentials_account(&p.credentials)),
                None => crate::model::credentials_account(&format!("{}#ambient", estate.name)),
            };
            let token = format!(
                "{}{}data.aws_caller_identity.{name}.account_id{}",
                crate::model::TOKEN_OPEN,
                m.ev.prefix,
                crate::model::TOKEN_CLOSE
            );
            accounts.insert(token, account);
        }
    }
    if let Some(spent) = instances[0].ev.budget.exhausted() {
        let at = root_module.files.first().map_or_else(
            || Location::synthetic(estate.name.as_str()),
            |f| Location::file(&f.file, 0..0),
        );
        estate.evaluation_stopped = Some((at, spent.describe()));
    }
    // Values not made are named at the root module's first file: the tree's evaluation
    // does not keep where each call was written.
    let notes = instances[0].ev.budget.notes();
    if !notes.is_empty() {
        let at = root_module.files.first().map_or_else(
            || Location::synthetic(estate.name.as_str()),
            |f| Location::file(&f.file, 0..0),
        );
        estate.values_not_made = notes.into_iter().map(|r| (at.clone(), r)).collect();
    }
    // The syntax trees and evaluators are several times the size of what lowering reads:
    // free them before the model is built.
    drop(instances);
    drop(tree);
    drop(loaded);
    let mut ready = ready(evaluated, &estate.name);
    lower::lower(&mut ready, &mut estate);
    crate::sources::lowering::name_accounts(&mut estate, &accounts);
    Loaded {
        estate,
        problems,
        files,
    }
}

/// One resource block's instances, evaluated, with what lowering needs from the module
/// instance it is in, so that the module tree can be freed before lowering.
struct Evaluated {
    /// Resource type (`aws_backup_vault`, `data.aws_iam_policy_document`), shared.
    kind: Rc<str>,
    file: Arc<SourceFile>,
    eval: Arc<expand::ResourceEval>,
    /// The provider configuration it uses, if configured.
    provider: Option<Arc<providers::ProviderConfig>>,
    /// Its `provider = ...` argument's place, if written.
    provider_location: Option<Location>,
    /// Whether its instances exist.
    exists: Field<bool>,
    /// The provider key it uses (`aws`, `aws.dr`), shared.
    pkey: Rc<str>,
    /// The module instance's address prefix, shared.
    prefix: Rc<str>,
}

/// Every instance of the evaluated resources, with what its identity is made from. Each
/// resource's evaluation is taken apart as its instances are made ready, so the two are
/// not held whole at once.
fn ready(evaluated: Vec<Evaluated>, unit: &str) -> Vec<Ready> {
    let mut out = Vec::with_capacity(evaluated.iter().map(|e| e.eval.instances.len()).sum());
    // Resources without a provider configuration name the same few: one copy of each.
    let mut names: HashMap<String, Arc<str>> = HashMap::new();
    let mut shared = |name: String| -> Arc<str> {
        Arc::clone(names.entry(name).or_insert_with_key(|n| n.as_str().into()))
    };
    for e in evaluated {
        let names = match e.provider.as_deref() {
            Some(p) => (Arc::clone(&p.identity), Arc::clone(&p.credentials)),
            // Without a provider block the ambient credentials are used.
            None => (
                shared(format!("{unit}#{}{}", e.prefix, e.pkey)),
                shared(format!("{unit}#ambient")),
            ),
        };
        let origin = Rc::new(identity::Origin {
            provider: e.provider,
            provider_location: e.provider_location,
            exists: e.exists,
            pkey: e.pkey,
            names,
        });
        // The evaluators are gone, so each evaluation is held here alone.
        let eval = Arc::try_unwrap(e.eval).unwrap_or_else(|shared| (*shared).clone());
        for (_, inst) in eval.instances {
            out.push(Ready {
                kind: Rc::clone(&e.kind),
                file: Arc::clone(&e.file),
                body: Some(Box::new(inst.body)),
                identity: identity::Identity::Deferred {
                    address: inst.address.into(),
                    origin: Rc::clone(&origin),
                },
            });
        }
    }
    out
}

/// A module call whose module is not on disk: a registry or git module `terraform init`
/// has not downloaded, or a local path that does not exist. A call that only cycles back
/// into a module already being evaluated is not missing.
fn missing_module(
    ev: &Evaluator,
    name: &str,
    block: &hcl_edit::structure::Block,
    file: &Arc<SourceFile>,
) -> Option<MissingModule> {
    let source = module::module_source(block).map(str::to_string);
    if let (Some(s), Some(dir), Some(tree)) = (&source, ev.module_dir(), ev.tree) {
        let called = dir.join(s);
        if module::is_local_source(s) && called.is_dir() && tree.boundary.contains(&called) {
            return None;
        }
    }
    Some(MissingModule {
        prefix: format!("{}module.{name}", ev.prefix),
        source: source.unwrap_or_else(|| "(computed)".into()),
        location: Location::file(file, header_span(block, &file.text)),
    })
}

fn merge_tags(
    defaults: Option<&Field<BTreeMap<String, String>>>,
    tags: Field<BTreeMap<String, String>>,
) -> Field<BTreeMap<String, String>> {
    let base = match defaults {
        Some(Field::Known { value, .. }) => value.clone(),
        Some(Field::Unknown { at, expr }) => {
            return Field::Unknown {
                at: at.clone(),
                expr: expr.clone(),
            }
        }
        _ => BTreeMap::new(),
    };
    match tags {
        Field::Known { mut value, at } => {
            let mut merged = base;
            merged.append(&mut value);
            Field::Known { value: merged, at }
        }
        Field::Absent { owner } => Field::Known {
            value: base,
            at: owner,
        },
        unknown @ Field::Unknown { .. } => unknown,
    }
}
