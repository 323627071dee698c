//! Input variable values: defaults, `terraform.tfvars`, `*.auto.tfvars`, `--var-file`, `--var`,
//! in Terraform's order of precedence (later wins).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hcl_edit::expr::Expression;

use super::eval::{Evaluator, Scope};
use super::module::Module;
use crate::sources::value::Value;
use crate::sources::{display_path, Boundary, InputProblem};

/// Variable values given on the command line.
#[derive(Debug, Clone, Default)]
pub struct VarInputs {
    /// `--var-file` paths, in order.
    pub files: Vec<PathBuf>,
    /// `--var NAME=VALUE` pairs, in order.
    pub vars: Vec<(String, String)>,
}

/// Largest variables file read (`--var-file /dev/zero` is refused after this many bytes).
const MAX_TFVARS_BYTES: u64 = 64 << 20;

/// Values read from tfvars files (name → value).
type Assignments = Vec<(String, Value)>;

/// Reads a `.tfvars` (HCL) or `.tfvars.json` file.
pub fn read_tfvars(path: &Path) -> Result<Assignments, InputProblem> {
    let display = display_path(path);
    let text = crate::sources::read_limited_text(path, MAX_TFVARS_BYTES)
        .map_err(|e| InputProblem::unreadable(&display, &e))?;
    if path.to_string_lossy().ends_with(".json") {
        let json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| InputProblem::invalid(&display, &format!("invalid JSON: {e}")))?;
        let serde_json::Value::Object(map) = json else {
            return Err(InputProblem::invalid(
                &display,
                "expected a JSON object of variable values",
            ));
        };
        return Ok(map
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json(v)))
            .collect());
    }
    let body = hcl_edit::parser::parse_body(&text).map_err(|e| {
        // One line: the position and the parser's words, not the offending line (which
        // may be megabytes long).
        let loc = e.location();
        InputProblem::invalid(
            &display,
            &format!(
                "HCL parse error at line {}, column {}: {}",
                loc.line(),
                loc.column(),
                e.message()
            ),
        )
    })?;
    let empty = Module::index(&[]);
    let ev = Evaluator::new(&empty, HashMap::new());
    Ok(body
        .attributes()
        .map(|a| {
            (
                a.key.as_str().to_string(),
                ev.eval(&a.value, &Scope::root()),
            )
        })
        .collect())
}

/// The tfvars files Terraform loads automatically from a module directory, in order; a
/// symbolic link among them that leads out of the boundary is not read.
pub fn auto_tfvars(dir: &Path, boundary: &Boundary) -> Vec<PathBuf> {
    let inside = |p: &Path| boundary.admit(p).is_some_and(|real| real.is_file());
    let mut out = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let p = dir.join(name);
        if inside(&p) {
            out.push(p);
        }
    }
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")) && inside(p)
        })
        .collect();
    auto.sort();
    out.extend(auto);
    out
}

/// Is the variable's declared type a collection (so `--var` values parse as HCL)?
fn is_complex_type(decl: &hcl_edit::structure::Block) -> bool {
    decl.body.get_attribute("type").is_some_and(|t| {
        let s = t.value.to_string();
        let s = s.trim();
        !matches!(s, "string" | "number" | "bool")
    })
}

/// Resolves every declared variable's value; unresolvable ones are left out (unknown).
pub fn resolve(
    module: &Module,
    dir: &Path,
    boundary: &Boundary,
    inputs: &VarInputs,
    problems: &mut Vec<InputProblem>,
) -> HashMap<String, Value> {
    let empty = Module::index(&[]);
    let literal = Evaluator::new(&empty, HashMap::new());
    let mut values: HashMap<String, Value> = HashMap::new();
    for (name, decl) in &module.variables {
        if let Some(default) = decl.body.get_attribute("default") {
            values.insert(
                name.to_string(),
                literal.eval(&default.value, &Scope::root()),
            );
        }
    }
    let files = auto_tfvars(dir, boundary)
        .into_iter()
        .chain(inputs.files.iter().cloned());
    for path in files {
        match read_tfvars(&path) {
            Ok(assignments) => values.extend(assignments),
            Err(p) => problems.push(p),
        }
    }
    for (name, raw) in &inputs.vars {
        let complex = module
            .variables
            .get(name.as_str())
            .is_some_and(|d| is_complex_type(d));
        let value = if complex {
            match raw.parse::<Expression>() {
                Ok(expr) => literal.eval(&expr, &Scope::root()),
                Err(_) => Value::String(raw.as_str().into()),
            }
        } else {
            Value::String(raw.as_str().into())
        };
        values.insert(name.clone(), value);
    }
    // A value for an undeclared variable is ignored, as Terraform does (with a warning).
    values.retain(|name, _| module.variables.contains_key(name.as_str()));
    values
}
