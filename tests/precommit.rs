//! The real pre-commit tool (installed by scripts/test.sh into .venv) running this
//! repository's hook in a scratch git repository: a commit with a finding is blocked, and
//! the fixed commit goes through.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pre_commit() -> PathBuf {
    let path = common::root().join(".venv/bin/pre-commit");
    assert!(
        path.exists(),
        "{} is missing: run scripts/test.sh, which installs it",
        path.display()
    );
    path
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

fn head_of_this_repository() -> String {
    let out = git(&common::root(), &["rev-parse", "HEAD"]);
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .trim()
        .to_string()
}

/// A scratch git repository whose pre-commit config uses this repository's
/// `lifeboat-system` hook, with the built lifeboat first on PATH.
struct Scratch {
    dir: PathBuf,
    cache: PathBuf,
    path: String,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = common::temp_dir(name);
        let cache = common::temp_dir(&format!("{name}-cache"));
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_lifeboat"))
            .parent()
            .expect("bin dir")
            .to_path_buf();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        assert!(git(&dir, &["init", "-q"]).status.success());
        let config = format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: lifeboat-system\n",
            common::root().display(),
            head_of_this_repository()
        );
        std::fs::write(dir.join(".pre-commit-config.yaml"), config).expect("write config");
        Scratch { dir, cache, path }
    }

    /// Runs a command in the repository (git with an author, pre-commit with its cache).
    fn run(&self, args: &[&str]) -> Output {
        Command::new(args[0])
            .args(&args[1..])
            .current_dir(&self.dir)
            .env("PATH", &self.path)
            .env("PRE_COMMIT_HOME", &self.cache)
            .env("NO_COLOR", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .expect("command runs")
    }
}

#[test]
fn a_commit_with_a_finding_is_blocked_and_the_fix_goes_through() {
    let repo = Scratch::new("pre-commit-repo");
    let (dir, run) = (&repo.dir, |args: &[&str]| repo.run(args));
    let pc = pre_commit();
    let pc = pc.to_str().expect("utf-8");
    let install = run(&[pc, "install"]);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    // Two files of one module; only one changes, the lock lives in the other.
    std::fs::create_dir_all(dir.join("infra")).expect("dir");
    let fixture = std::fs::read_to_string(common::root().join("fixtures/LB104/fail/main.tf"))
        .expect("fixture");
    let split = fixture.find("\nlocals {").expect("locals block");
    std::fs::write(dir.join("infra/vaults.tf"), &fixture[..split]).expect("write");
    std::fs::write(dir.join("infra/plan.tf"), &fixture[split..]).expect("write");
    assert!(run(&["git", "add", "."]).status.success());
    let blocked = run(&["git", "commit", "-q", "-m", "backups"]);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        !blocked.status.success(),
        "the commit must be blocked:\n{output}"
    );
    assert!(output.contains("LB104"), "{output}");
    // Fix the retention in plan.tf only: the hook sees plan.tf, loads the module, passes.
    let fixed = fixture[split..]
        .replace("keep = 1 }", "keep = 7 }")
        .replace("keep = 400 }", "keep = 365 }");
    std::fs::write(dir.join("infra/plan.tf"), fixed).expect("write");
    assert!(run(&["git", "add", "."]).status.success());
    let allowed = run(&["git", "commit", "-q", "-m", "backups"]);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&allowed.stdout),
        String::from_utf8_lossy(&allowed.stderr)
    );
    assert!(
        allowed.status.success(),
        "the fixed commit goes through:\n{output}"
    );
}

/// The hooks' pattern sends every `.yml` and `.json` to lifeboat: a commit that touches only
/// a workflow and a `package.json` goes through without a word, while a user who names
/// such a file on the command line is still told it was not checked.
#[test]
fn a_commit_of_files_lifeboat_does_not_read_goes_through() {
    let repo = Scratch::new("pre-commit-other-files");
    let (dir, run) = (&repo.dir, |args: &[&str]| repo.run(args));
    let pc = pre_commit();
    let pc = pc.to_str().expect("utf-8");
    assert!(run(&[pc, "install"]).status.success());
    std::fs::create_dir_all(dir.join(".github/workflows")).expect("dir");
    std::fs::write(
        dir.join(".github/workflows/ci.yml"),
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
    )
    .expect("write");
    std::fs::write(dir.join("package.json"), "{\"name\": \"site\"}\n").expect("write");
    assert!(run(&["git", "add", "."]).status.success());
    let commit = run(&["git", "commit", "-q", "-m", "ci"]);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&commit.stdout),
        String::from_utf8_lossy(&commit.stderr)
    );
    assert!(
        commit.status.success(),
        "the commit goes through:\n{output}"
    );
    assert!(!output.contains("was not checked"), "{output}");
    // Named by hand, without the hooks' flag: an input error, as before.
    let by_hand = run(&[
        "lifeboat",
        "check",
        ".github/workflows/ci.yml",
        "package.json",
    ]);
    assert_eq!(by_hand.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&by_hand.stderr).contains("was not checked"));
}

/// Copies a directory tree (files and directories only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn changing_only_a_child_module_checks_the_roots_that_call_it() {
    let repo = Scratch::new("pre-commit-callers");
    let (dir, run) = (&repo.dir, |args: &[&str]| repo.run(args));
    // The example platform: roots envs/prod and envs/staging call modules/backup.
    copy_tree(&common::root().join("examples/platform"), dir);
    assert!(run(&["git", "add", "."]).status.success());
    assert!(run(&["git", "commit", "-q", "-m", "platform"])
        .status
        .success());
    // What a full check of the repository reports.
    let full = run(&["lifeboat", "check", "."]);
    let full = String::from_utf8_lossy(&full.stdout).into_owned();
    let summary = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("Found "))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(summary(&full).starts_with("Found "), "{full}");
    let pc = pre_commit();
    let pc = pc.to_str().expect("utf-8");
    let install = run(&[pc, "install"]);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    // A commit that touches only the child module's file.
    let child = dir.join("modules/backup/main.tf");
    let text = std::fs::read_to_string(&child).expect("read");
    std::fs::write(&child, format!("{text}\n# reviewed\n")).expect("write");
    assert!(run(&["git", "add", "modules/backup/main.tf"])
        .status
        .success());
    let blocked = run(&["git", "commit", "-q", "-m", "touch the backup module"]);
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(!blocked.status.success(), "blocked:\n{output}");
    // The callers' cross-resource verdicts block it, as in the full check.
    for rule in ["LB102", "LB202", "LB407"] {
        assert!(
            full.contains(&format!("[{rule}]")),
            "{rule} in the full check"
        );
        assert!(output.contains(&format!("[{rule}]")), "{rule}:\n{output}");
    }
    assert_eq!(summary(&output), summary(&full), "{output}");
}
