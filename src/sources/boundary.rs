//! The repository boundary. lifeboat runs on code nobody has approved (a pre-commit hook, a
//! CI job on a pull request), so what that code can make it read is confined: file
//! functions, module directories, downloaded-module manifests and symbolic links reach
//! only files inside the repository that holds each path named on the command line
//! (outside any git repository, inside the named directory, or a named file's directory).
//! Whatever lies outside is unknown and never read. Inputs the user names explicitly
//! (`--var-file`, `--config`, ...) are not confined: the user chose them.

use std::path::{Component, Path, PathBuf};

/// Directories that are never read, wherever the boundary is: the kernel's views of
/// processes, devices and the system (a process's environment is its secrets).
const NEVER: &[&str] = &["/proc", "/dev", "/sys"];

/// The directories a scan may read below (canonical paths).
#[derive(Debug, Clone, Default)]
pub struct Boundary {
    roots: Vec<PathBuf>,
}

impl Boundary {
    /// The boundary of a scan of these paths: the work tree of the git repository each is
    /// in, or the path itself (a file's directory) outside any repository.
    pub fn for_paths(paths: &[PathBuf]) -> Boundary {
        let mut roots: Vec<PathBuf> = paths.iter().filter_map(|p| root_of(p)).collect();
        roots.sort();
        roots.dedup();
        Boundary { roots }
    }

    /// A boundary of exactly these directories (canonicalized).
    pub fn of_dirs(dirs: &[&Path]) -> Boundary {
        let mut roots: Vec<PathBuf> = dirs.iter().filter_map(|d| d.canonicalize().ok()).collect();
        roots.sort();
        roots.dedup();
        Boundary { roots }
    }

    /// `path` with every symbolic link resolved, when that lies inside the boundary; None
    /// when it leaves it, does not exist, or lies under `/proc`, `/dev` or `/sys`.
    pub fn admit(&self, path: &Path) -> Option<PathBuf> {
        let real = path.canonicalize().ok()?;
        if NEVER.iter().any(|n| real.starts_with(n)) {
            return None;
        }
        self.roots
            .iter()
            .any(|r| real.starts_with(r))
            .then_some(real)
    }

    /// Whether `path` lies inside the boundary (see [`Boundary::admit`]).
    pub fn contains(&self, path: &Path) -> bool {
        self.admit(path).is_some()
    }
}

/// The boundary root of one named path: the nearest enclosing git work tree, found from
/// the path as written (not from where a symbolic link leads), or the named directory
/// itself (a named file's or link's directory) outside any repository.
fn root_of(path: &Path) -> Option<PathBuf> {
    let lexical = lexical_absolute(path)?;
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    // A directory reached through a link is not trusted to be a repository: the link's
    // target could be any repository on the machine.
    for dir in lexical.ancestors() {
        if is_link(dir) {
            continue;
        }
        if dir.join(".git").exists() {
            return dir.canonicalize().ok();
        }
    }
    let own = if lexical.is_dir() && !is_link(&lexical) {
        lexical.as_path()
    } else {
        lexical.parent()?
    };
    own.canonicalize().ok()
}

/// The path made absolute against the current directory, `.` and `..` resolved by name.
fn lexical_absolute(path: &Path) -> Option<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("lifeboat-boundary-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    }

    #[test]
    fn a_repository_bounds_its_subdirectories_and_nothing_outside() {
        let d = scratch("repo");
        let repo = d.join("repo");
        std::fs::create_dir_all(repo.join(".git")).expect("git dir");
        std::fs::create_dir_all(repo.join("infra/prod")).expect("dirs");
        std::fs::create_dir_all(repo.join("modules/db")).expect("dirs");
        std::fs::write(d.join("secret"), "x").expect("secret");
        std::fs::write(repo.join("modules/db/a.tf"), "").expect("file");
        let b = Boundary::for_paths(&[repo.join("infra/prod")]);
        assert!(b.contains(&repo.join("modules/db/a.tf")));
        assert!(b.contains(&repo.join("infra/prod/../../modules/db")));
        assert!(!b.contains(&d.join("secret")));
        assert!(!b.contains(&repo.join("../secret")));
        assert!(!b.contains(Path::new("/proc/self/environ")));
        assert!(!b.contains(Path::new("/etc/passwd")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d.join("secret"), repo.join("infra/prod/evil.tf"))
                .expect("link");
            assert!(!b.contains(&repo.join("infra/prod/evil.tf")));
            std::os::unix::fs::symlink(repo.join("modules/db/a.tf"), repo.join("infra/prod/ok.tf"))
                .expect("link");
            assert!(b.contains(&repo.join("infra/prod/ok.tf")));
        }
    }

    #[test]
    fn outside_a_repository_the_named_directory_is_the_boundary() {
        let d = scratch("plain");
        std::fs::create_dir_all(d.join("infra")).expect("dirs");
        std::fs::write(d.join("infra/main.tf"), "").expect("file");
        std::fs::write(d.join("beside"), "").expect("file");
        let b = Boundary::for_paths(&[d.join("infra")]);
        assert!(b.contains(&d.join("infra/main.tf")));
        assert!(!b.contains(&d.join("beside")));
        // A named file: its directory.
        let b = Boundary::for_paths(&[d.join("infra/main.tf")]);
        assert!(b.contains(&d.join("infra/main.tf")));
        assert!(!b.contains(&d.join("beside")));
        #[cfg(unix)]
        {
            // A named link: its own directory, not where it leads.
            std::os::unix::fs::symlink("/", d.join("infra/root.yaml")).expect("link");
            let b = Boundary::for_paths(&[d.join("infra/root.yaml")]);
            assert!(!b.contains(&d.join("infra/root.yaml")));
            assert!(b.contains(&d.join("infra/main.tf")));
        }
    }
}
