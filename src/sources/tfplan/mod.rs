//! Terraform plan JSON (`terraform show -json plan.out`): the planned values of every
//! resource instance, lowered into the same model as `.tf` files. Unknown values come from
//! `after_unknown`; references from `configuration`; regions from `provider_config`.
//! When the configuration's `.tf` files sit beside the plan, findings point into them.

mod build;
mod shape;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as J;

use crate::model::{Dialect, Estate, Field, Location, Meta, SourceFile};
use crate::sources::lowering::At;
use crate::sources::terraform::{self, LoadedDir};
use crate::sources::{display_path, InputProblem};

use build::{build, Spans};

/// Does a file look like `terraform show -json` output? Cheap text checks first.
pub fn is_plan(path: &Path) -> bool {
    if path.extension().is_none_or(|e| e != "json") {
        return false;
    }
    let Ok((text, _)) = crate::sources::read_text(path) else {
        return false;
    };
    text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
}

/// What reading a plan produced.
pub struct Loaded {
    /// The lowered estate.
    pub estate: Estate,
    /// Problems that are not findings.
    pub problems: Vec<InputProblem>,
    /// Files read.
    pub files: Vec<PathBuf>,
}

/// Configuration files beside the plan, by module path (`""`, `module.backup`).
struct Beside {
    dirs: HashMap<String, LoadedDir>,
}

impl Beside {
    fn load(root: &Path, config: &J, boundary: &crate::sources::Boundary) -> Beside {
        let mut dirs = HashMap::new();
        let mut stack = vec![(String::new(), root.to_path_buf(), &config["root_module"])];
        while let Some((path, dir, module)) = stack.pop() {
            let files = crate::sources::tf_files_in(&dir, boundary);
            if files.is_empty() || dirs.len() > 64 {
                continue;
            }
            dirs.insert(path.clone(), terraform::load_dir_whole(&files));
            for (name, call) in module["module_calls"].as_object().into_iter().flatten() {
                if let Some(source) = call["source"]
                    .as_str()
                    .filter(|s| s.starts_with("./") || s.starts_with("../"))
                {
                    let child_path = if path.is_empty() {
                        format!("module.{name}")
                    } else {
                        format!("{path}.module.{name}")
                    };
                    stack.push((child_path, dir.join(source), &call["module"]));
                }
            }
        }
        Beside { dirs }
    }

    /// The `.tf` block of a resource, with its file.
    fn find(
        &self,
        module: &str,
        kind: &str,
        name: &str,
    ) -> Option<(&Arc<SourceFile>, &hcl_edit::structure::Block)> {
        self.dirs.get(module)?.files.iter().find_map(|f| {
            f.body
                .blocks()
                .find(|b| {
                    b.ident.as_str() == "resource"
                        && b.labels.first().map(|l| l.as_str()) == Some(kind)
                        && b.labels.get(1).map(|l| l.as_str()) == Some(name)
                })
                .map(|b| (&f.file, b))
        })
    }
}

/// Strips instance keys from a module address: `module.a["x"].module.b[0]` → `module.a.module.b`.
fn module_path(address: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The configuration of a module by path.
fn module_config<'j>(config: &'j J, path: &str) -> Option<&'j J> {
    let mut module = &config["root_module"];
    for part in path.split('.').collect::<Vec<_>>().chunks(2) {
        if let [_, name] = part {
            module = &module["module_calls"][*name]["module"];
        }
    }
    module.is_object().then_some(module)
}

/// Reads a plan file into an estate; the configuration beside it is read only inside the
/// boundary (a module call whose source leads out of the repository is not read).
pub fn load_plan(path: &Path, boundary: &crate::sources::Boundary) -> Loaded {
    let display = display_path(path);
    let mut out = Loaded {
        estate: Estate {
            name: crate::model::repository_name(path, &display),
            ..Estate::default()
        },
        problems: Vec::new(),
        files: vec![path.to_path_buf()],
    };
    let (text, bad_byte) = match crate::sources::read_text(path) {
        Ok(t) => t,
        Err(e) => {
            out.problems.push(InputProblem::unreadable(&display, &e));
            return out;
        }
    };
    let file = Arc::new(SourceFile::new(path.to_path_buf(), display, text));
    if let Some(offset) = bad_byte {
        out.estate.parse_errors.push(crate::model::ParseError {
            location: Location::file(&file, offset..offset),
            message: format!("the plan is not valid UTF-8 text (byte {offset})"),
        });
        return out;
    }
    let plan: J = match serde_json::from_str(&file.text) {
        Ok(j) => j,
        Err(e) => {
            let offset = file
                .line_start(e.line())
                .map_or(0, |s| s + e.column().saturating_sub(1));
            out.estate.parse_errors.push(crate::model::ParseError {
                location: Location::file(&file, offset..offset),
                message: format!("invalid plan JSON: {e}"),
            });
            return out;
        }
    };
    if let Err((pointer, why)) = shape::check(&plan) {
        out.estate.parse_errors.push(crate::model::ParseError {
            location: Location::file(&file, shape::offset(&file.text, &pointer)),
            message: format!("not a plan lifeboat can read: {why} (at {pointer})"),
        });
        return out;
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let beside = Beside::load(dir, &plan["configuration"], boundary);
    for d in beside.dirs.values() {
        out.files
            .extend(d.files.iter().map(|f| f.file.path.clone()));
        for f in &d.files {
            out.estate
                .suppressions
                .extend(crate::suppress::scan(&f.file, crate::suppress::Syntax::Hcl));
        }
        out.estate
            .parse_errors
            .extend(d.parse_errors.iter().cloned());
    }
    let unknowns: HashMap<&str, &J> = plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|rc| Some((rc["address"].as_str()?, &rc["change"]["after_unknown"])))
        .collect();
    let planned_at = file.text.find("\"planned_values\"").unwrap_or(0);
    let mut modules = vec![&plan["planned_values"]["root_module"]];
    let mut blocks = Vec::new();
    while let Some(m) = modules.pop() {
        modules.extend(m["child_modules"].as_array().into_iter().flatten());
        let module_address = m["address"].as_str().unwrap_or_default();
        let mpath = module_path(module_address);
        for r in m["resources"].as_array().into_iter().flatten() {
            if r["mode"].as_str() != Some("managed") {
                continue;
            }
            let (Some(address), Some(kind), Some(name)) = (
                r["address"].as_str(),
                r["type"].as_str(),
                r["name"].as_str(),
            ) else {
                continue;
            };
            let cfg = module_config(&plan["configuration"], &mpath).and_then(|mc| {
                mc["resources"]
                    .as_array()?
                    .iter()
                    .find(|c| c["type"].as_str() == Some(kind) && c["name"].as_str() == Some(name))
            });
            let prefix = if module_address.is_empty() {
                String::new()
            } else {
                format!("{module_address}.")
            };
            let quoted = serde_json::to_string(address).unwrap_or_default();
            let at = file.text[planned_at..]
                .find(&quoted)
                .map_or(0, |i| planned_at + i);
            let (src_file, spans) = match beside.find(&mpath, kind, name) {
                Some((f, b)) => (
                    Arc::clone(f),
                    Spans {
                        block: Some(b),
                        text: &f.text,
                        fallback: 0..0,
                    },
                ),
                None => (
                    Arc::clone(&file),
                    Spans {
                        block: None,
                        text: &file.text,
                        fallback: at..at + quoted.len(),
                    },
                ),
            };
            let body = build(
                "resource",
                &r["values"],
                unknowns.get(address).copied(),
                cfg.map(|c| &c["expressions"]),
                &spans,
                &prefix,
            );
            let provider_key = cfg
                .and_then(|c| c["provider_config_key"].as_str())
                .unwrap_or("aws")
                .to_string();
            blocks.push((
                kind.to_string(),
                address.to_string(),
                src_file,
                body,
                provider_key,
            ));
        }
    }
    let mut ready = Vec::with_capacity(blocks.len());
    for (kind, address, src_file, body, provider_key) in blocks {
        let at = At {
            file: &src_file,
            block: &body,
        };
        let (region, provider) = provider_region(&plan, &provider_key, &at);
        let tags = match at.string_map("tags_all") {
            Field::Absent { .. } => at.string_map("tags"),
            f => f,
        }
        .absent_as(Default::default());
        let region_from_provider = !matches!(at.string("region"), Field::Known { .. });
        let meta = Meta::from(crate::model::MetaData {
            address: address.as_str().into(),
            location: at.header(),
            region,
            account: Field::Unknown {
                at: at.header(),
                expr: "the provider's credentials".into(),
            },
            provider: format!("{}#{provider}", out.estate.name).into(),
            // A plan does not say which credentials a provider used: only one provider
            // configuration is known to share them, itself.
            credentials: format!("{}#{provider}", out.estate.name).into(),
            region_from_provider,
            tags: tags.map(crate::model::tags),
            exists: Field::Known {
                value: true,
                at: at.header(),
            },
            dialect: Dialect(terraform::setting_name),
            // A plan does not carry lifecycle settings.
            removal: None,
        });
        ready.push(terraform::Ready {
            kind: kind.as_str().into(),
            file: src_file,
            body: Some(Box::new(body)),
            identity: terraform::Identity::Made(meta),
        });
    }
    terraform::lower_resources(&mut ready, &mut out.estate);
    out
}

/// The region of a resource: its own `region` value, or its provider configuration's.
fn provider_region(plan: &J, key: &str, at: &At) -> (Field<String>, String) {
    if let f @ Field::Known { .. } = at.string("region") {
        return (f, key.to_string());
    }
    let configs = &plan["configuration"]["provider_config"];
    // Module resources name `<module>:aws`; a module without its own block inherits the root's.
    let candidates = [
        key.to_string(),
        key.rsplit(':').next().unwrap_or(key).to_string(),
    ];
    let Some((resolved, cfg)) = candidates
        .iter()
        .find_map(|k| Some((k.clone(), configs.get(k)?)))
    else {
        return (
            Field::Unknown {
                at: at.header(),
                expr: format!("the region of provider `{key}`").into(),
            },
            key.to_string(),
        );
    };
    let region = &cfg["expressions"]["region"];
    let value = region["constant_value"]
        .as_str()
        .map(str::to_string)
        .or_else(|| {
            // `region = var.region`: the plan records the root variables' values.
            let var = region["references"]
                .as_array()?
                .iter()
                .filter_map(J::as_str)
                .find_map(|r| r.strip_prefix("var."))?;
            plan["variables"][var]["value"].as_str().map(str::to_string)
        });
    let field = match value {
        Some(v) => Field::Known {
            value: v,
            at: at.header(),
        },
        None => Field::Unknown {
            at: at.header(),
            expr: format!("the region of provider `{resolved}`").into(),
        },
    };
    (field, resolved)
}
