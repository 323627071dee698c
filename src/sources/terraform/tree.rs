//! The module tree of one root module: every directory it calls (local paths, or remote
//! modules already downloaded under `.terraform/modules`), parsed once and indexed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use rayon::prelude::*;

use crate::model::ParseError;
use crate::sources::InputProblem;

use super::module::{is_local_source, module_source, Module, ParsedFile};
use super::parse;
use crate::sources::Boundary;

/// How deep module calls may nest before lifeboat stops following them (cycles included).
const MAX_MODULE_DEPTH: usize = 16;

/// Largest `.terraform/modules/modules.json` read (a real one lists a few hundred modules).
const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// A directory's parsed `.tf` files and what went wrong reading them.
pub struct LoadedDir {
    /// The files that parsed.
    pub files: Vec<ParsedFile>,
    /// Files that did not parse (LB001).
    pub parse_errors: Vec<ParseError>,
    /// Files that could not be read.
    pub problems: Vec<InputProblem>,
}

/// Parses the given files of a directory, in parallel; top-level `resource` blocks are
/// parsed again when evaluated, so that no file's whole tree is held.
pub fn load_dir(files: &[PathBuf]) -> LoadedDir {
    load_dir_as(files, parse::Resources::Lazy)
}

/// Parses the given files of a directory, in parallel, every block into the file's tree.
pub fn load_dir_whole(files: &[PathBuf]) -> LoadedDir {
    load_dir_as(files, parse::Resources::InTree)
}

fn load_dir_as(files: &[PathBuf], resources: parse::Resources) -> LoadedDir {
    let parsed: Vec<Result<ParsedFile, InputProblem>> = files
        .par_iter()
        .map(|p| parse::parse_file(p, resources))
        .collect();
    let mut out = LoadedDir {
        files: Vec::new(),
        parse_errors: Vec::new(),
        problems: Vec::new(),
    };
    for p in parsed {
        match p {
            Ok(f) => out.files.push(f),
            Err(problem) => match problem.into_parse_error() {
                Ok(e) => out.parse_errors.push(e),
                Err(problem) => out.problems.push(problem),
            },
        }
    }
    out
}

/// A canonical form of a directory path, to recognise the same module reached two ways.
pub fn canonical(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// The local module directories a directory calls.
pub fn local_calls(dir: &Path, loaded: &LoadedDir) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in &loaded.files {
        for block in f.body.blocks().filter(|b| b.ident.as_str() == "module") {
            if let Some(source) = module_source(block).filter(|s| is_local_source(s)) {
                out.push(canonical(&dir.join(source)));
            }
        }
    }
    out
}

/// `.terraform/modules/modules.json`: module key (`a`, `a.b`) to the directory it was
/// downloaded to.
/// Read only inside the boundary and up to [`MAX_MANIFEST_BYTES`]; a module directory it
/// names outside the boundary is not followed (see [`walk`]).
fn manifest(root: &Path, boundary: &Boundary) -> HashMap<String, PathBuf> {
    let path = root.join(".terraform").join("modules").join("modules.json");
    let Some(path) = boundary.admit(&path) else {
        return HashMap::new();
    };
    let Ok(text) = crate::sources::read_limited_text(&path, MAX_MANIFEST_BYTES) else {
        return HashMap::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return HashMap::new();
    };
    json["Modules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            Some((
                m["Key"].as_str()?.to_string(),
                root.join(m["Dir"].as_str()?),
            ))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// The scan's module directories, parsed when a root module needs them and shared by the
/// roots loaded at the same time. A syntax tree is many times the size of its text, so
/// none is kept for the whole scan: once no root being loaded holds a directory, its tree
/// is freed, and a later root that calls it parses it again.
pub struct DirCache {
    /// What module directories may be read.
    boundary: Arc<Boundary>,
    /// The files of each scanned directory (by canonical path) as discovery chose them
    /// (exclusions applied); directories outside the scan read all their `.tf` files.
    files: HashMap<PathBuf, Vec<PathBuf>>,
    live: Mutex<HashMap<PathBuf, Weak<LoadedDir>>>,
}

impl DirCache {
    /// A cache over the scanned directories and their files, reading no module directory
    /// outside `boundary`.
    pub fn new(files: HashMap<PathBuf, Vec<PathBuf>>, boundary: Arc<Boundary>) -> DirCache {
        DirCache {
            boundary,
            files,
            live: Mutex::new(HashMap::new()),
        }
    }

    /// The parsed directory (canonical path), shared with any root loading it now.
    pub fn get(&self, dir: &Path) -> Arc<LoadedDir> {
        if let Some(held) = self.held(dir) {
            return held;
        }
        let parsed = Arc::new(match self.files.get(dir) {
            Some(files) => load_dir(files),
            None => load_dir(&crate::sources::tf_files_in(dir, &self.boundary)),
        });
        let Ok(mut live) = self.live.lock() else {
            return parsed;
        };
        // Another root may have parsed it meanwhile: keep one copy.
        if let Some(other) = live.get(dir).and_then(Weak::upgrade) {
            return other;
        }
        // Entries of freed directories are dropped now and then, not on every insert
        // (that was quadratic in the number of directories).
        if live.len() >= 64 && live.len().is_power_of_two() {
            live.retain(|_, w| w.strong_count() > 0);
        }
        live.insert(dir.to_path_buf(), Arc::downgrade(&parsed));
        parsed
    }

    /// What may be read.
    pub fn boundary(&self) -> &Arc<Boundary> {
        &self.boundary
    }

    fn held(&self, dir: &Path) -> Option<Arc<LoadedDir>> {
        self.live.lock().ok()?.get(dir)?.upgrade()
    }
}

/// Every directory a root module reaches, loaded.
pub struct Loaded {
    /// What the tree's evaluation may read.
    pub boundary: Arc<Boundary>,
    /// Parsed directories by canonical path.
    pub dirs: HashMap<PathBuf, Arc<LoadedDir>>,
    /// (caller key path, call name) to the called directory; absent when not on disk.
    pub calls: HashMap<(String, String), PathBuf>,
    /// Module calls that lead back to a directory already in their chain of callers
    /// (Terraform rejects such a configuration): reported, and not followed.
    pub cycles: Vec<ParseError>,
}

/// Loads the module tree under a root, sharing directories other roots hold.
pub fn load(root: &Path, cache: &DirCache) -> Loaded {
    let manifest = manifest(root, cache.boundary());
    let mut loaded = Loaded {
        boundary: Arc::clone(cache.boundary()),
        dirs: HashMap::new(),
        calls: HashMap::new(),
        cycles: Vec::new(),
    };
    let root_canon = canonical(root);
    loaded
        .dirs
        .insert(root_canon.clone(), cache.get(&root_canon));
    let mut chain = vec![root_canon.clone()];
    walk(&manifest, "", &root_canon, &mut chain, cache, &mut loaded);
    loaded
}

fn walk(
    manifest: &HashMap<String, PathBuf>,
    key: &str,
    dir: &Path,
    chain: &mut Vec<PathBuf>,
    cache: &DirCache,
    loaded: &mut Loaded,
) {
    if chain.len() > MAX_MODULE_DEPTH {
        return;
    }
    let Some(this) = loaded.dirs.get(dir).cloned() else {
        return;
    };
    for f in &this.files {
        for block in f.body.blocks().filter(|b| b.ident.as_str() == "module") {
            let Some(name) = block.labels.first().map(|l| l.as_str()) else {
                continue;
            };
            let child_key = if key.is_empty() {
                name.to_string()
            } else {
                format!("{key}.{name}")
            };
            let child = match module_source(block) {
                Some(s) if is_local_source(s) => Some(canonical(&dir.join(s))),
                _ => manifest.get(&child_key).map(|d| canonical(d)),
            };
            // A module outside the boundary is not read: it stays "not on disk".
            let Some(child) = child.filter(|c| c.is_dir() && cache.boundary().contains(c)) else {
                continue;
            };
            if let Some(at) = chain.iter().position(|d| *d == child) {
                let mut names: Vec<String> = chain[at..]
                    .iter()
                    .map(|d| crate::sources::display_path(d))
                    .collect();
                names.push(crate::sources::display_path(&child));
                loaded.cycles.push(ParseError {
                    location: crate::model::Location::file(
                        &f.file,
                        crate::sources::value::header_span(block, &f.file.text),
                    ),
                    message: format!(
                        "module {name:?} calls back into a module that is calling it ({}): Terraform rejects module cycles, so this call is not followed",
                        names.join(" → ")
                    ),
                });
                continue;
            }
            if !loaded.dirs.contains_key(&child) {
                loaded.dirs.insert(child.clone(), cache.get(&child));
            }
            loaded
                .calls
                .insert((key.to_string(), name.to_string()), child.clone());
            chain.push(child.clone());
            walk(manifest, &child_key, &child, chain, cache, loaded);
            chain.pop();
        }
    }
}

/// The indexed modules of a loaded tree, borrowing its files.
pub struct Tree<'a> {
    /// Indexed modules by canonical directory.
    pub modules: HashMap<PathBuf, Module<'a>>,
    /// Resolved calls, as in [`Loaded::calls`].
    pub calls: &'a HashMap<(String, String), PathBuf>,
    /// What evaluation may read (file functions).
    pub boundary: &'a Boundary,
}

impl<'a> Tree<'a> {
    /// Indexes every loaded directory.
    pub fn index(loaded: &'a Loaded) -> Tree<'a> {
        Tree {
            modules: loaded
                .dirs
                .iter()
                .map(|(p, d)| (p.clone(), Module::index(&d.files)))
                .collect(),
            calls: &loaded.calls,
            boundary: &loaded.boundary,
        }
    }

    /// The module a call reaches, if it is on disk.
    pub fn called(&self, caller_key: &str, name: &str) -> Option<(&PathBuf, &Module<'a>)> {
        let dir = self
            .calls
            .get(&(caller_key.to_string(), name.to_string()))?;
        Some((dir, self.modules.get(dir)?))
    }
}
