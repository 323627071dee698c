//! The Python wheel that carries the binary (built by scripts/test.sh with maturin into
//! target/wheels): installed into a fresh venv with no index, it puts a working `lifeboat`
//! on PATH, and the pre-commit mirror's `language: python` hook installs it and blocks a
//! commit with a finding, with no Rust toolchain involved.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The wheel scripts/test.sh built for this version.
fn wheel() -> PathBuf {
    let dir = common::root().join("target/wheels");
    let prefix = format!("lifeboat_cli-{}-", env!("CARGO_PKG_VERSION"));
    std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
        .unwrap_or_else(|| {
            panic!(
                "no {prefix}*.whl in {}: run scripts/test.sh, which builds it with maturin",
                dir.display()
            )
        })
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("command runs");
    assert!(
        out.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A PATH without the directory cargo built lifeboat into, so that only the wheel's
/// binary can answer to `lifeboat`.
fn path_without_cargo_builds() -> String {
    let built = Path::new(env!("CARGO_BIN_EXE_lifeboat"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|p| *p != built && !p.join("lifeboat").exists())
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

#[test]
fn the_wheel_installs_offline_into_a_fresh_venv_and_runs() {
    let wheel = wheel();
    let dir = common::temp_dir("wheel-venv");
    let venv = dir.join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/pip"))
        .args([
            "install",
            "--quiet",
            "--no-index",
            "--disable-pip-version-check",
        ])
        .arg(&wheel));
    let installed = venv.join("bin/lifeboat");
    assert!(
        installed.is_file(),
        "the wheel puts lifeboat in the venv's bin"
    );
    let version = run(Command::new(&installed).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("lifeboat {}", env!("CARGO_PKG_VERSION"))
    );
    // The same findings as the binary cargo built.
    let report = |bin: &Path| {
        let out = Command::new(bin)
            .current_dir(common::root())
            .args(["check", "examples/seed", "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["findings"].clone()
    };
    assert_eq!(
        report(&installed),
        report(Path::new(env!("CARGO_BIN_EXE_lifeboat")))
    );
    // The live audit is in the wheel too.
    let audit = run(Command::new(&installed).args(["audit", "--help"]));
    assert!(String::from_utf8_lossy(&audit.stdout).contains("--region"));
}

#[test]
fn the_mirror_versions_match_the_crate() {
    let root = common::root();
    let mirror = std::fs::read_to_string(root.join("packaging/pre-commit-mirror/pyproject.toml"))
        .expect("mirror pyproject");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        mirror.contains(&format!("version = \"{version}\"")),
        "{mirror}"
    );
    assert!(
        mirror.contains(&format!("\"lifeboat-cli=={version}\"")),
        "{mirror}"
    );
    let wheel = std::fs::read_to_string(root.join("pyproject.toml")).expect("pyproject");
    assert!(wheel.contains("name = \"lifeboat-cli\"") && wheel.contains("bindings = \"bin\""));
}

#[test]
fn the_python_hook_installs_the_wheel_and_blocks_a_commit() {
    let wheel = wheel();
    let root = common::root();
    let pre_commit = root.join(".venv/bin/pre-commit");
    assert!(
        pre_commit.exists(),
        "run scripts/test.sh, which installs pre-commit"
    );
    // The packages pip may install: the wheel and the mirror's build backend, nothing from
    // an index.
    let links = common::temp_dir("wheel-links");
    std::fs::copy(&wheel, links.join(wheel.file_name().expect("name"))).expect("copy wheel");
    let setuptools = std::fs::read_dir(root.join(".tools/wheels"))
        .expect(".tools/wheels (scripts/test.sh downloads setuptools there)")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("setuptools-"))
        .expect("a setuptools wheel");
    std::fs::copy(
        &setuptools,
        links.join(setuptools.file_name().expect("name")),
    )
    .expect("copy setuptools");
    let path = path_without_cargo_builds();
    let git = |dir: &Path, args: &[&str]| {
        run(Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com"))
    };
    // The mirror as its own repository, as the release publishes it.
    let mirror = common::temp_dir("wheel-mirror");
    for name in ["pyproject.toml", ".pre-commit-hooks.yaml", "README.md"] {
        std::fs::copy(
            root.join("packaging/pre-commit-mirror").join(name),
            mirror.join(name),
        )
        .expect("copy mirror file");
    }
    git(&mirror, &["init", "-q"]);
    git(&mirror, &["add", "."]);
    git(&mirror, &["commit", "-q", "-m", "mirror"]);
    let rev = String::from_utf8(git(&mirror, &["rev-parse", "HEAD"]).stdout).expect("utf-8");
    // A user repository with a finding.
    let repo = common::temp_dir("wheel-user-repo");
    git(&repo, &["init", "-q"]);
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: lifeboat\n",
            mirror.display(),
            rev.trim()
        ),
    )
    .expect("config");
    std::fs::create_dir_all(repo.join("infra")).expect("dir");
    std::fs::copy(
        root.join("fixtures/LB104/fail/main.tf"),
        repo.join("infra/main.tf"),
    )
    .expect("copy fixture");
    let cache = common::temp_dir("wheel-pre-commit-cache");
    let hook = |args: &[&str]| -> Output {
        Command::new(&pre_commit)
            .args(args)
            .current_dir(&repo)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", &cache)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &links)
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .env("NO_COLOR", "1")
            .output()
            .expect("pre-commit runs")
    };
    git(&repo, &["add", "."]);
    let out = hook(&["run", "--all-files"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the finding fails the hook:\n{text}"
    );
    assert!(text.contains("[LB104]"), "{text}");
    // The hook's lifeboat is the wheel's, in pre-commit's own environment.
    let installed: Vec<PathBuf> = walk(&cache)
        .into_iter()
        .filter(|p| p.ends_with("bin/lifeboat"))
        .collect();
    assert_eq!(installed.len(), 1, "{installed:?}");
    // Fixed, the same hook passes.
    let fixed = std::fs::read_to_string(repo.join("infra/main.tf"))
        .expect("read")
        .replace("keep = 1 }", "keep = 7 }")
        .replace("keep = 400 }", "keep = 365 }");
    std::fs::write(repo.join("infra/main.tf"), fixed).expect("write");
    git(&repo, &["add", "."]);
    let out = hook(&["run", "--all-files"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file below a directory.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
