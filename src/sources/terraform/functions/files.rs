//! Filesystem functions: `file`, `fileexists`, `fileset`, `templatefile` and the path
//! helpers. Paths are relative to the root module's directory, as Terraform (run from
//! there) reads them; a file that is missing, unreadable, not a regular file or larger
//! than the budget is unknown, never an error. Nothing outside the repository boundary
//! ([`crate::sources::Boundary`]) is read, listed or tested for existence: such a path is
//! unknown, and the refusal is recorded for `--strict`.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Args, Stop, R};
use crate::sources::terraform::eval::{Evaluator, Scope, MAX_COLLECTION};
use crate::sources::value::{SymbolicString, Value};

/// Largest file `file` and `templatefile` read.
const MAX_FILE_BYTES: u64 = 4 << 20;

/// Evaluates a filesystem function; None when `name` is not one.
pub(super) fn apply(ev: &Evaluator, name: &str, a: &mut Args) -> R<Option<Value>> {
    let v = match name {
        "file" => Value::String(read(ev, name, &a.string()?)?.into()),
        "fileexists" => {
            let written = a.string()?;
            let path = resolve(ev, &written)?;
            // A path outside the boundary is not even tested: its existence is unknown.
            if within_by_name(ev, &path) && std::fs::symlink_metadata(&path).is_err() {
                Value::Bool(false)
            } else {
                Value::Bool(confined(ev, name, &written, &path)?.is_file())
            }
        }
        "fileset" => {
            let written = a.string()?;
            let dir = resolve(ev, &written)?;
            let dir = confined(ev, name, &written, &dir)?;
            let pattern = a.string()?;
            Value::List(fileset(&dir, &pattern)?)
        }
        "templatefile" => {
            let text = read(ev, name, &a.string()?)?;
            let vars = a.object()?;
            let template = hcl_edit::parser::parse_template(&text).map_err(|_| Stop::Fail)?;
            let root = Scope::root();
            let scope = root.child(vars.into_iter().map(|(k, v)| (k.into(), v)).collect());
            let mut out = SymbolicString::default();
            ev.nested(|| ev.render(&template, &scope, &mut out))
                .ok_or(Stop::Unknown)??;
            out.finish()
        }
        "basename" => {
            let p = a.string()?;
            let trimmed = p.trim_end_matches('/');
            Value::String(match trimmed.rsplit_once('/') {
                Some((_, base)) => base.into(),
                None if trimmed.is_empty() && !p.is_empty() => "/".into(),
                None => trimmed.into(),
            })
        }
        "dirname" => {
            let p = a.string()?;
            Value::String(match p.trim_end_matches('/').rsplit_once('/') {
                Some(("", _)) => "/".into(),
                Some((dir, _)) => dir.into(),
                None => ".".into(),
            })
        }
        "abspath" => {
            let path = resolve(ev, &a.string()?)?;
            Value::String(path.to_string_lossy().into_owned().into())
        }
        // The home directory of whoever runs Terraform: not ours to guess.
        "pathexpand" => return Err(Stop::Unknown),
        _ => return Ok(None),
    };
    Ok(Some(v))
}

/// A path as Terraform resolves it: relative to the root module directory.
fn resolve(ev: &Evaluator, path: &str) -> R<PathBuf> {
    let p = Path::new(path);
    if p.is_absolute() {
        return Ok(p.to_path_buf());
    }
    let root = ev.root_dir().ok_or(Stop::Unknown)?;
    Ok(root.join(p))
}

/// The path with its links resolved, when it lies inside the boundary; otherwise the
/// refusal is recorded (the function and the path as written) and the value is unknown.
fn confined(ev: &Evaluator, function: &str, written: &str, path: &Path) -> R<PathBuf> {
    let boundary = ev.tree.map(|t| t.boundary).ok_or(Stop::Unknown)?;
    if let Some(real) = boundary.admit(path) {
        return Ok(real);
    }
    // A file of the repository that is simply missing is no refusal.
    let missing_inside = within_by_name(ev, path) && std::fs::symlink_metadata(path).is_err();
    if !missing_inside {
        ev.budget.note(format!(
            "did not read {function}({written:?}): it leads outside the repository (or to /proc, /dev or /sys), which lifeboat never reads"
        ));
    }
    Err(Stop::Unknown)
}

/// Whether a path that does not exist would lie inside the boundary by its name alone
/// (its directory does): `fileexists` on a missing file of the repository is false, as in
/// Terraform, not unknown.
fn within_by_name(ev: &Evaluator, path: &Path) -> bool {
    let Some(boundary) = ev.tree.map(|t| t.boundary) else {
        return false;
    };
    path.parent()
        .zip(path.file_name())
        .is_some_and(|(dir, name)| name != ".." && name != "." && boundary.contains(dir))
}

fn read(ev: &Evaluator, function: &str, written: &str) -> R<String> {
    let path = resolve(ev, written)?;
    let path = confined(ev, function, written, &path)?;
    let meta = std::fs::metadata(&path).map_err(|_| Stop::Unknown)?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return Err(Stop::Unknown);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|_| Stop::Unknown)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Stop::Unknown);
    }
    String::from_utf8(bytes).map_err(|_| Stop::Fail)
}

/// The regular files below `dir` whose path relative to it matches `pattern`, sorted.
fn fileset(dir: &Path, pattern: &str) -> R<Vec<Value>> {
    let glob = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|_| Stop::Fail)?
        .compile_matcher();
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut visited = 0usize;
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            visited += 1;
            if visited > MAX_COLLECTION {
                return Err(Stop::Unknown);
            }
            let Ok(kind) = e.file_type() else { continue };
            let path = e.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let Ok(rel) = path.strip_prefix(dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                if glob.is_match(&rel) {
                    out.push(rel);
                }
            }
        }
    }
    out.sort();
    Ok(out.into_iter().map(|s| Value::String(s.into())).collect())
}
