//! Filesystem functions: `file`, `fileexists`, `fileset`, `templatefile` and the path
//! helpers. Paths are relative to the root module's directory, as Terraform (run from
//! there) reads them; a file that is missing, unreadable, not a regular file or larger
//! than the budget is unknown, never an error.

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
        "file" => Value::String(read(ev, &a.string()?)?.into()),
        "fileexists" => {
            let path = resolve(ev, &a.string()?)?;
            Value::Bool(path.is_file())
        }
        "fileset" => {
            let dir = resolve(ev, &a.string()?)?;
            let pattern = a.string()?;
            Value::List(fileset(&dir, &pattern)?)
        }
        "templatefile" => {
            let text = read(ev, &a.string()?)?;
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

fn read(ev: &Evaluator, path: &str) -> R<String> {
    let path = resolve(ev, path)?;
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
