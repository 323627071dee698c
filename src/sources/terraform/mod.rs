//! Terraform: parse a module directory's `.tf` files, evaluate them with unknowns, and
//! lower every resource instance into the model.

mod eval;
mod expand;
mod functions;
mod lower;
mod module;
mod parse;
mod providers;
mod value;
mod vars;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{Estate, Field, Meta};
use crate::sources::InputProblem;

pub use eval::{Evaluator, Scope};
pub use module::{Module, ParsedFile};
pub use value::Value;
pub use vars::VarInputs;

use lower::{At, Res};

/// What loading one module produced.
pub struct Loaded {
    /// The lowered estate (with parse errors recorded in it).
    pub estate: Estate,
    /// Problems that are not findings (unreadable files, bad tfvars).
    pub problems: Vec<InputProblem>,
    /// Number of files read.
    pub files: usize,
}

/// Loads the module in `dir` from its `.tf` files.
pub fn load_module(dir: &Path, files: &[PathBuf], inputs: &VarInputs) -> Loaded {
    let parsed: Vec<Result<ParsedFile, InputProblem>> =
        files.par_iter().map(|p| parse::parse_file(p)).collect();
    let mut estate = Estate {
        name: crate::sources::display_path(dir),
        ..Estate::default()
    };
    let mut problems = Vec::new();
    let mut ok = Vec::new();
    for p in parsed {
        match p {
            Ok(f) => ok.push(f),
            Err(problem) => match problem.into_parse_error() {
                Ok(e) => estate.parse_errors.push(e),
                Err(problem) => problems.push(problem),
            },
        }
    }
    let module = Module::index(&ok);
    let vars = vars::resolve(&module, dir, inputs, &mut problems);
    let ev = Evaluator::new(&module, vars);
    let providers = providers::providers(&module, &ev);
    let evaluated: Vec<_> = (0..module.resources.len())
        .map(|i| ev.resource(i))
        .collect();
    let mut resources = Vec::new();
    for (decl, re) in module.resources.iter().zip(&evaluated) {
        let file = &module.files[decl.file].file;
        let pkey = providers::provider_key(decl.block, decl.kind);
        let provider = providers.get(&pkey);
        for (_, inst) in &re.instances {
            let at = At {
                file,
                block: &inst.body,
            };
            let resource_region = at.string("region");
            let region_from_provider = resource_region.is_absent();
            let region = match resource_region {
                Field::Absent { .. } => match provider {
                    Some(p) => p.region.clone(),
                    None => Field::Unknown {
                        at: providers::provider_location(decl.block, file)
                            .unwrap_or_else(|| at.header()),
                        expr: format!(
                            "the region of provider `{pkey}` (not configured in this module)"
                        ),
                    },
                },
                f => f,
            };
            let account = provider.map_or_else(
                || Field::Unknown {
                    at: at.header(),
                    expr: "the provider's credentials".into(),
                },
                |p| p.account.clone(),
            );
            let tags = merge_tags(provider.map(|p| &p.default_tags), at.string_map("tags"));
            let meta = Meta {
                address: inst.address.clone(),
                location: at.header(),
                region,
                account,
                provider: format!("{}#{pkey}", estate.name),
                region_from_provider,
                tags,
            };
            resources.push(Res {
                kind: decl.kind,
                at,
                meta,
            });
        }
    }
    lower::lower(&resources, &mut estate);
    Loaded {
        estate,
        problems,
        files: files.len(),
    }
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
