//! Sources: finding the inputs in scope and handing each scan unit to its frontend.

mod boundary;
mod callers;
pub mod cloudformation;
pub mod document;
#[cfg(feature = "aws")]
pub mod live;
pub mod lowering;
pub mod schema;
pub mod terraform;
pub mod tfplan;
pub mod value;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::{Estate, Location, ParseError};

pub use boundary::Boundary;

/// What kind of input problem this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file is in scope but does not parse: a finding (LB001).
    Parse,
    /// The path cannot be read: an input error (exit code 2).
    Unreadable,
    /// A supporting input (tfvars, var file) is invalid: an input error.
    Invalid,
    /// A named file lifeboat does not read: a warning (an error when every named path
    /// was skipped, since then nothing was checked).
    Skipped,
}

/// Why a named file was not read: the configuration leaves it out (a warning, never an
/// error: a commit that only touches excluded files passes).
const EXCLUDED: &str = "the configuration's include/exclude globs leave it out";
/// Why a named directory gave nothing: the configuration leaves out every file below it.
const EXCLUDED_BELOW: &str =
    "the configuration's include/exclude globs leave out every file below it";

/// A problem with an input, with the place it happened.
#[derive(Debug, Clone)]
pub struct InputProblem {
    /// What kind.
    pub kind: ProblemKind,
    /// The path as shown to the user.
    pub path: String,
    /// The position, for parse errors.
    pub location: Option<Box<Location>>,
    /// What went wrong.
    pub message: String,
}

impl InputProblem {
    /// A file that could not be read.
    pub fn unreadable(path: &str, err: &std::io::Error) -> Self {
        InputProblem {
            kind: ProblemKind::Unreadable,
            path: path.to_string(),
            location: None,
            message: format!("cannot read {path}: {err}"),
        }
    }

    /// A supporting input that is invalid.
    pub fn invalid(path: &str, message: &str) -> Self {
        InputProblem {
            kind: ProblemKind::Invalid,
            path: path.to_string(),
            location: None,
            message: format!("{path}: {message}"),
        }
    }

    /// A named file that is not an input lifeboat reads.
    pub fn skipped(path: &str, why: &str) -> Self {
        InputProblem {
            kind: ProblemKind::Skipped,
            path: path.to_string(),
            location: None,
            message: format!("{path} was not checked: {why}"),
        }
    }

    /// A file in scope that does not parse.
    pub fn parse(location: Location, message: String) -> Self {
        InputProblem {
            kind: ProblemKind::Parse,
            path: location
                .source()
                .map(|f| f.display.clone())
                .unwrap_or_default(),
            location: Some(Box::new(location)),
            message,
        }
    }

    /// Turns a parse problem into the model's parse error; other problems stay as they are.
    pub fn into_parse_error(self) -> Result<ParseError, InputProblem> {
        match (self.kind, self.location) {
            (ProblemKind::Parse, Some(location)) => Ok(ParseError {
                location: *location,
                message: self.message,
            }),
            (kind, location) => Err(InputProblem {
                kind,
                location,
                ..self
            }),
        }
    }
}

/// Texts read in place of files on disk, by canonical path: `--fix` reads the whole scan
/// as it would be after its edits, and writes nothing unless that scan is sound.
type Pending = std::collections::HashMap<PathBuf, std::sync::Arc<str>>;

static PENDING: std::sync::RwLock<Option<std::sync::Arc<Pending>>> = std::sync::RwLock::new(None);

/// Runs `f` with `texts` (by canonical path) read in place of those files.
pub fn with_pending<T>(texts: &Pending, f: impl FnOnce() -> T) -> T {
    let set = |value: Option<std::sync::Arc<Pending>>| {
        if let Ok(mut slot) = PENDING.write() {
            *slot = value;
        }
    };
    set((!texts.is_empty()).then(|| std::sync::Arc::new(texts.clone())));
    let out = f();
    set(None);
    out
}

/// The text standing in for a file, while [`with_pending`] runs.
fn pending(path: &Path) -> Option<Vec<u8>> {
    let texts = PENDING.read().ok()?.clone()?;
    let real = std::fs::canonicalize(path).ok()?;
    texts.get(&real).map(|t| t.as_bytes().to_vec())
}

/// An input file's bytes; a file over [`crate::model::MAX_INPUT_BYTES`] is an error (its
/// places could not be kept), found without reading it whole where its size is known.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    read_limited(path, crate::model::MAX_INPUT_BYTES)
}

/// A file's bytes, refused when it holds more than `limit` bytes: found from its size
/// where it has one, and for a pipe, a device or a file still growing by reading one byte
/// past the limit (never the whole of `/dev/zero`).
pub fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let too_large = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            if limit >= 1 << 20 {
                format!("larger than lifeboat's limit of {} MiB", limit >> 20)
            } else {
                format!("larger than lifeboat's limit of {} KiB", limit >> 10)
            },
        )
    };
    if let Some(bytes) = pending(path) {
        return Ok(bytes);
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    // A device (`/dev/zero`, `/dev/urandom`) is no input; a pipe (`<(...)`) is read up to
    // the limit.
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if meta.file_type().is_char_device() || meta.file_type().is_block_device() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "a device, not a file",
            ));
        }
    }
    let size = meta.len();
    if size > limit {
        return Err(too_large());
    }
    // Sized up front (a vector grown by doubling holds up to twice the file).
    let mut bytes = Vec::with_capacity(usize::try_from(size).map_or(0, |s| s + 1));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A file's text, as [`read_limited`] reads it; not UTF-8 is an error.
pub fn read_limited_text(path: &Path, limit: u64) -> std::io::Result<String> {
    String::from_utf8(read_limited(path, limit)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not valid UTF-8 text"))
}

/// An input file's text, as [`read_input`] reads it; not UTF-8 is an error.
pub fn read_input_text(path: &Path) -> std::io::Result<String> {
    read_limited_text(path, crate::model::MAX_INPUT_BYTES)
}

/// A file's text; not UTF-8 is the text up to the first bad byte, read lossily, and that
/// byte's offset (so the file can still be reported, at the place it goes wrong).
pub fn read_text(path: &Path) -> std::io::Result<(String, Option<usize>)> {
    let bytes = read_input(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some(offset),
            )
        }
    })
}

/// A path's text, with bytes that are not UTF-8 written as `\xNN` (not replaced, so two
/// such names stay apart and the user can find the file).
pub fn escaped_os(s: &std::ffi::OsStr) -> String {
    if let Some(s) = s.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        let mut bytes = s.as_bytes();
        while !bytes.is_empty() {
            match std::str::from_utf8(bytes) {
                Ok(valid) => {
                    out.push_str(valid);
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.push_str(std::str::from_utf8(&bytes[..good]).unwrap_or_default());
                    let bad = e.error_len().unwrap_or(bytes.len() - good);
                    for b in &bytes[good..good + bad] {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                    bytes = &bytes[good + bad..];
                }
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        s.to_string_lossy().into_owned()
    }
}

/// How to show a path: relative to the current directory when below it.
pub fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let s = escaped_os(shown.as_os_str());
    // Windows separators read as `/`, as every report writes paths.
    #[cfg(windows)]
    let s = s.replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

/// Which files are in scope: the configuration's include and exclude globs.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    /// The directory globs are relative to.
    pub root: PathBuf,
    /// Files must match one of these (None: every file).
    pub include: Option<globset::GlobSet>,
    /// Files matching one of these are skipped.
    pub exclude: Option<globset::GlobSet>,
}

impl FileFilter {
    /// Builds a filter; a bad glob is an error naming it.
    pub fn new(root: &Path, include: &[String], exclude: &[String]) -> Result<FileFilter, String> {
        let set = |globs: &[String]| -> Result<Option<globset::GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                b.add(globset::Glob::new(g).map_err(|e| format!("invalid glob `{g}`: {e}"))?);
            }
            b.build().map(Some).map_err(|e| e.to_string())
        };
        Ok(FileFilter {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            include: set(include)?,
            exclude: set(exclude)?,
        })
    }

    /// Is the file in scope?
    pub fn allows(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        self.include.as_ref().is_none_or(|g| g.is_match(rel))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(rel))
    }
}

/// Options that affect how sources are read.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    /// Which files are in scope.
    pub filter: FileFilter,
    /// Terraform variable inputs.
    pub terraform_vars: terraform::VarInputs,
    /// CloudFormation parameter values and region.
    pub cloudformation: cloudformation::Inputs,
    /// Named files that are no input lifeboat reads (a workflow, a `package.json`) are
    /// passed over without a word: a pre-commit hook names every changed file its
    /// pattern matches, and a commit of only those must not fail.
    pub ignore_non_inputs: bool,
}

/// Why a named file of a kind lifeboat does not read is skipped.
const NOT_AN_INPUT_KIND: &str = "lifeboat reads Terraform (.tf, .tfvars), CloudFormation templates (.yaml, .yml, .json, .template) and terraform show -json plans";
/// Why a named YAML or JSON file that is no template is skipped.
const NOT_A_TEMPLATE: &str =
    "it is neither a CloudFormation template nor a terraform show -json plan";

/// Everything read from the paths in scope.
pub struct Inputs {
    /// One estate per scan unit.
    pub estates: Vec<Estate>,
    /// Input errors (unreadable paths, invalid var files).
    pub problems: Vec<InputProblem>,
    /// Number of files read.
    pub files: usize,
}

fn is_tf(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tf")
}

/// The `.tf` files directly inside a directory, sorted: none when the directory lies
/// outside the boundary, and no symbolic link that leads outside it.
pub(crate) fn tf_files_in(dir: &Path, boundary: &Boundary) -> Vec<PathBuf> {
    if !boundary.contains(dir) {
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_tf(p) && boundary.admit(p).is_some_and(|real| real.is_file()))
        .collect();
    files.sort();
    files
}

/// Finds the Terraform module directories under the given paths. A `.tf` file named
/// directly brings its whole module (directory) along, so cross-resource rules stay right.
/// Plan JSON files are read only when named: a directory walk would read both a plan and
/// the configuration it came from.
fn discover(
    paths: &[PathBuf],
    problems: &mut Vec<InputProblem>,
    plans: &mut Vec<PathBuf>,
    templates: &mut Vec<PathBuf>,
    filter: &FileFilter,
    boundary: &Boundary,
) -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut units: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    // The same directory named twice (`x`, `./x`, a symlink to it) is one unit, under the
    // first name it was reached by.
    let mut canonical_dirs: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut key = |dir: &Path| -> PathBuf {
        canonical_dirs
            .entry(terraform::canonical(dir))
            .or_insert_with(|| dir.to_path_buf())
            .clone()
    };
    // Directories of Terraform files named one by one (a pre-commit run): their callers
    // are checked too.
    let mut named_dirs: Vec<PathBuf> = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                problems.push(InputProblem::unreadable(&display_path(path), &e));
                continue;
            }
        };
        // A named path that is a symbolic link leading out of its repository is not
        // followed (where it leads is not said either).
        if !boundary.contains(path) {
            problems.push(InputProblem::skipped(
                &display_path(path),
                "it is a symbolic link that leads outside the repository (or to /proc, /dev or /sys), which lifeboat never reads",
            ));
            continue;
        }
        if !meta.is_file() && !meta.is_dir() {
            problems.push(InputProblem::skipped(
                &display_path(path),
                "it is not a regular file (a pipe, socket or device)",
            ));
            continue;
        }
        if meta.is_file() {
            if !filter.allows(path) {
                // Named but left out by the configuration: said, not silently dropped.
                problems.push(InputProblem::skipped(&display_path(path), EXCLUDED));
                continue;
            }
            if tfplan::is_plan(path) {
                plans.push(path.clone());
            } else if cloudformation::may_be_template(path) {
                templates.push(path.clone());
            } else if is_tf(path) || path.to_string_lossy().ends_with(".tfvars") {
                // A changed variables file re-checks the module it feeds.
                let dir = path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                units
                    .entry(key(dir))
                    .or_insert_with(|| tf_files_in(dir, boundary));
                named_dirs.push(dir.to_path_buf());
            } else {
                problems.push(InputProblem::skipped(
                    &display_path(path),
                    NOT_AN_INPUT_KIND,
                ));
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".terraform")
            .build();
        let (mut excluded, mut kept) = (0usize, 0usize);
        for entry in walker {
            if let Ok(e) = &entry {
                if e.file_type().is_some_and(|t| t.is_file()) {
                    if filter.allows(e.path()) {
                        kept += 1;
                    } else {
                        excluded += 1;
                    }
                }
            }
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && !filter.allows(e.path()) => {
                }
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_tf(e.path()) => {
                    let dir = e.path().parent().unwrap_or(Path::new("."));
                    let k = key(dir);
                    let file = k.join(e.file_name());
                    units.entry(k).or_default().push(file);
                }
                Ok(e)
                    if e.file_type().is_some_and(|t| t.is_file())
                        && cloudformation::may_be_template(e.path()) =>
                {
                    templates.push(e.path().to_path_buf());
                }
                Ok(_) => {}
                Err(err) => problems.push(InputProblem {
                    kind: ProblemKind::Unreadable,
                    path: display_path(path),
                    location: None,
                    message: format!("cannot read below {}: {err}", display_path(path)),
                }),
            }
        }
        if kept == 0 && excluded > 0 {
            problems.push(InputProblem::skipped(&display_path(path), EXCLUDED_BELOW));
        }
    }
    // A changed child module is judged inside every root of the repository that calls
    // it, as a full check would (the child alone has no values for its variables).
    if !named_dirs.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_default();
        for caller in callers::callers_of(&named_dirs) {
            // Shown relative to the current directory, as named paths are.
            let shown = relative_to(&caller, &cwd);
            let files = tf_files_in(&shown, boundary);
            if files.iter().any(|f| filter.allows(f)) {
                units.entry(key(&shown)).or_insert(files);
            }
        }
    }
    for files in units.values_mut() {
        files.sort();
        files.dedup();
    }
    units
}

/// `path` relative to `base` when it is below it (`..` steps otherwise), so files found
/// by a search show as a user would have named them.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let base = terraform::canonical(base);
    let mut up = PathBuf::new();
    for ancestor in base.ancestors() {
        if let Ok(rest) = path.strip_prefix(ancestor) {
            let joined = up.join(rest);
            return if joined.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                joined
            };
        }
        up.push("..");
    }
    path.to_path_buf()
}

/// The root modules among the scanned directories: those no other scanned directory calls.
/// A directory that calls itself is still a root, and of a group of directories that only
/// call each other (a cycle Terraform rejects) the first is checked as the root, so a
/// cycle never makes a whole tree go unchecked.
fn roots(units: &BTreeMap<PathBuf, Vec<PathBuf>>) -> Vec<&PathBuf> {
    let canon: Vec<(PathBuf, &PathBuf)> =
        units.keys().map(|d| (terraform::canonical(d), d)).collect();
    // Only the local calls are kept of this first parse: holding every directory's syntax
    // tree until its root is loaded would hold the whole scan's at once. One directory
    // needs no parse (it is the root, whatever it calls).
    let calls: HashMap<&PathBuf, Vec<PathBuf>> = if units.len() < 2 {
        HashMap::new()
    } else {
        canon
            .par_iter()
            .map(|(c, d)| {
                let callees = terraform::local_calls(d, &terraform::load_dir(&units[*d]));
                (c, callees.into_iter().filter(|x| x != c).collect())
            })
            .collect()
    };
    // Every directory's callers, and the cycles (strongly connected components) of the call
    // graph: found once each, so the step stays linear in directories and calls.
    let mut callers: HashMap<&PathBuf, Vec<&PathBuf>> = HashMap::new();
    for (caller, callees) in &calls {
        for callee in callees {
            callers.entry(callee).or_default().push(caller);
        }
    }
    let component = components(&calls);
    // The first directory of each cycle.
    let mut first: HashMap<usize, &PathBuf> = HashMap::new();
    for (dir, &comp) in &component {
        first
            .entry(comp)
            .and_modify(|f| {
                if *dir < *f {
                    *f = dir;
                }
            })
            .or_insert(dir);
    }
    canon
        .iter()
        .filter(|(c, _)| {
            let Some(by) = callers.get(c) else {
                return true;
            };
            // Called only from inside its own cycle: the cycle's first directory is a root.
            let comp = component.get(c);
            by.iter().all(|caller| component.get(caller) == comp)
                && comp.and_then(|k| first.get(k)) == Some(&c)
        })
        .map(|(_, d)| *d)
        .collect()
}

/// The strongly connected component of every directory of a call graph (Tarjan's
/// algorithm, without recursion: a cycle of 10,000 directories must not exhaust the stack).
fn components<'a>(calls: &'a HashMap<&PathBuf, Vec<PathBuf>>) -> HashMap<&'a PathBuf, usize> {
    let mut index: HashMap<&PathBuf, usize> = HashMap::new();
    let mut low: HashMap<&PathBuf, usize> = HashMap::new();
    let mut on_stack: HashSet<&PathBuf> = HashSet::new();
    let mut stack: Vec<&PathBuf> = Vec::new();
    let mut component: HashMap<&PathBuf, usize> = HashMap::new();
    let mut next = 0usize;
    let mut comps = 0usize;
    let mut starts: Vec<&&PathBuf> = calls.keys().collect();
    starts.sort();
    for &start in starts {
        if index.contains_key(start) {
            continue;
        }
        // (node, position in its callee list)
        let mut work: Vec<(&PathBuf, usize)> = vec![(start, 0)];
        index.insert(start, next);
        low.insert(start, next);
        next += 1;
        stack.push(start);
        on_stack.insert(start);
        while let Some(&mut (node, ref mut i)) = work.last_mut() {
            if let Some(callee) = calls.get(node).and_then(|c| c.get(*i)) {
                *i += 1;
                // A callee that is no key of the map calls nothing: still a node.
                let callee = calls.get_key_value(callee).map_or(callee, |(k, _)| *k);
                if let Some(&ci) = index.get(callee) {
                    if on_stack.contains(callee) {
                        let l = low[node].min(ci);
                        low.insert(node, l);
                    }
                } else {
                    index.insert(callee, next);
                    low.insert(callee, next);
                    next += 1;
                    stack.push(callee);
                    on_stack.insert(callee);
                    work.push((callee, 0));
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.insert(member, comps);
                    if member == node {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    component
}

/// Reads every scan unit under the paths, in parallel. Directories that another scanned
/// directory calls as a local module are evaluated through their callers, not on their own.
pub fn read(paths: &[PathBuf], options: &SourceOptions) -> Inputs {
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    let mut templates = Vec::new();
    let boundary = std::sync::Arc::new(Boundary::for_paths(paths));
    let units = discover(
        paths,
        &mut problems,
        &mut plans,
        &mut templates,
        &options.filter,
        &boundary,
    );
    templates.sort();
    templates.dedup_by_key(|t| terraform::canonical(t));
    let roots = roots(&units);
    let cache = terraform::DirCache::new(
        units
            .iter()
            .map(|(dir, files)| (terraform::canonical(dir), files.clone()))
            .collect(),
        std::sync::Arc::clone(&boundary),
    );
    let mut loaded: Vec<terraform::Loaded> = roots
        .par_iter()
        .map(|dir| {
            let mut l = terraform::load_root(dir, &cache, &options.terraform_vars);
            l.estate.shrink_to_fit();
            l
        })
        .collect();
    loaded.extend(
        plans
            .par_iter()
            .map(|p: &PathBuf| {
                let mut l = tfplan::load_plan(p, &boundary);
                l.estate.shrink_to_fit();
                terraform::Loaded {
                    estate: l.estate,
                    problems: l.problems,
                    files: l.files,
                }
            })
            .collect::<Vec<_>>(),
    );
    let named: HashSet<&PathBuf> = paths.iter().collect();
    let cfn: Vec<(PathBuf, Option<cloudformation::Loaded>)> = templates
        .par_iter()
        .map(|t: &PathBuf| {
            let mut loaded = cloudformation::load_template(t, &options.cloudformation);
            if let Some(l) = &mut loaded {
                l.estate.shrink_to_fit();
            }
            (t.clone(), loaded)
        })
        .collect();
    for (path, t) in cfn {
        // A file named on the command line that is no template is said to be skipped.
        let Some(t) = t else {
            if named.contains(&path) {
                problems.push(InputProblem::skipped(&display_path(&path), NOT_A_TEMPLATE));
            }
            continue;
        };
        loaded.push(terraform::Loaded {
            estate: t.estate,
            problems: t.problems,
            files: vec![path],
        });
    }
    if options.ignore_non_inputs {
        problems.retain(|p| {
            p.kind != ProblemKind::Skipped
                || !(p.message.ends_with(NOT_AN_INPUT_KIND) || p.message.ends_with(NOT_A_TEMPLATE))
        });
    }
    let mut files: HashSet<PathBuf> = HashSet::new();
    let mut inputs = Inputs {
        estates: Vec::with_capacity(loaded.len()),
        problems,
        files: 0,
    };
    let mut said: HashSet<String> = inputs.problems.iter().map(|p| p.message.clone()).collect();
    for l in loaded {
        files.extend(l.files.into_iter().map(|f| terraform::canonical(&f)));
        // A var file read by several roots is reported once.
        for p in l.problems {
            if said.insert(p.message.clone()) {
                inputs.problems.push(p);
            }
        }
        inputs.estates.push(l.estate);
    }
    inputs.files = files.len();
    // A named directory that holds nothing lifeboat read (a mistyped path in CI, a
    // directory of other files) checked nothing: said, never a silent green.
    for path in paths.iter().filter(|p| p.is_dir()) {
        let dir = terraform::canonical(path);
        let shown = display_path(path);
        let said_already = inputs.problems.iter().any(|p| p.path == shown);
        if !said_already && !files.iter().any(|f| f.starts_with(&dir)) {
            inputs
                .problems
                .push(InputProblem::skipped(&shown, NOTHING_TO_READ));
        }
    }
    escalate_when_nothing_was_checked(&mut inputs.problems, paths.len());
    inputs
}

/// Why a named directory checked nothing.
const NOTHING_TO_READ: &str = "it holds no Terraform (.tf), CloudFormation template or terraform show -json plan, so nothing in it was checked";

/// When every named path was skipped, nothing was checked: that is an input error (exit
/// 2). What the configuration leaves out on purpose stays a warning.
fn escalate_when_nothing_was_checked(problems: &mut [InputProblem], named: usize) {
    let by_config =
        |p: &InputProblem| p.message.ends_with(EXCLUDED) || p.message.ends_with(EXCLUDED_BELOW);
    let skipped = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Skipped)
        .count();
    let excluded = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Skipped && by_config(p))
        .count();
    if skipped > excluded && skipped >= named {
        for p in problems.iter_mut() {
            if p.kind == ProblemKind::Skipped && !by_config(p) {
                p.kind = ProblemKind::Invalid;
            }
        }
    }
}
