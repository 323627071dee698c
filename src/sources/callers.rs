//! The Terraform directories of a repository that call a module directory, directly or
//! through other modules: a commit that changes only `modules/backup/main.tf` must still
//! be judged inside the roots that use that module, where its variables have values.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::terraform::canonical;

/// Files larger than this are not read for module sources (no hand-written module block
/// lives in a file that size; a generated one is checked when its directory is named).
const MAX_SCANNED_BYTES: u64 = 4 * 1024 * 1024;

/// The local module sources (`./x`, `../x`) a Terraform file names, as written. A plain
/// scan of `source = "…"` lines: cheap enough to run over a whole repository at every
/// commit, and a line that is not in a module block only adds a directory to check.
fn local_sources(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let rest = line.trim_start().strip_prefix("source")?;
        let rest = rest.trim_start().strip_prefix('=')?.trim_start();
        let value = rest.strip_prefix('"')?;
        let value = &value[..value.find('"')?];
        (value.starts_with("./") || value.starts_with("../")).then_some(value)
    })
}

/// Every directory in the repositories of `dirs` that calls one of them, directly or
/// through a chain of local module calls (canonical paths; `dirs` themselves left out).
/// Directories outside a git repository have no known extent, so no callers.
pub fn callers_of(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let targets: BTreeSet<PathBuf> = dirs.iter().map(|d| canonical(d)).collect();
    let repositories: BTreeSet<PathBuf> = targets
        .iter()
        .filter_map(|d| crate::model::repository_of(d))
        .collect();
    // Who calls whom, for every Terraform file of those repositories.
    let mut called_by: HashMap<PathBuf, BTreeSet<PathBuf>> = HashMap::new();
    for repo in &repositories {
        let walker = ignore::WalkBuilder::new(repo)
            .hidden(true)
            .filter_entry(|e| e.file_name() != ".terraform")
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            let is_tf = path.extension().is_some_and(|e| e == "tf");
            let small = entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() <= MAX_SCANNED_BYTES);
            if !is_tf || !small {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Some(dir) = path.parent() else { continue };
            for source in local_sources(&text) {
                let callee = canonical(&dir.join(source));
                called_by.entry(callee).or_default().insert(canonical(dir));
            }
        }
    }
    let mut found: BTreeSet<PathBuf> = BTreeSet::new();
    let mut stack: Vec<PathBuf> = targets.iter().cloned().collect();
    while let Some(dir) = stack.pop() {
        for caller in called_by.get(&dir).into_iter().flatten() {
            if !targets.contains(caller) && found.insert(caller.clone()) {
                stack.push(caller.clone());
            }
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::local_sources;

    #[test]
    fn only_local_module_sources_are_read() {
        let text = r#"
module "a" {
  source = "../modules/backup"
}
module "b" {
  source   =   "./nested"
}
module "c" {
  source = "terraform-aws-modules/vpc/aws"
}
  resource_source = "./not-a-source"
"#;
        let found: Vec<&str> = local_sources(text).collect();
        assert_eq!(found, ["../modules/backup", "./nested"]);
    }
}
