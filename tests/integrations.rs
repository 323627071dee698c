//! What CI and shells integrate with: the GitHub Action's run step, the pre-commit hook
//! definitions, shell completions and the man page.

mod common;

use std::path::Path;
use std::process::Command;

fn yaml(path: &str) -> saphyr::Yaml<'static> {
    let text = std::fs::read_to_string(common::root().join(path)).expect("file");
    let docs =
        <saphyr::Yaml as saphyr::LoadableYamlNode>::load_from_str(Box::leak(text.into_boxed_str()))
            .expect("valid YAML");
    docs.into_iter().next().expect("a document")
}

#[test]
fn the_action_declares_its_inputs_and_runs_the_tested_script() {
    let action = yaml("action.yml");
    for input in [
        "paths",
        "format",
        "fail-on",
        "config",
        "sarif-output",
        "sarif-category",
        "args",
    ] {
        assert!(
            !action["inputs"][input]["description"].is_badvalue(),
            "input {input} is documented"
        );
    }
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_vec().expect("steps");
    let run = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        run.contains("scripts/action-install.sh") && run.contains("scripts/action-run.sh"),
        "{run}"
    );
    let install = std::fs::read_to_string(common::root().join("scripts/action-install.sh"))
        .expect("install script");
    assert!(install.contains("cargo install --locked"), "{install}");
    assert!(!action["inputs"]["install"]["description"].is_badvalue());
}

#[test]
fn the_action_run_step_writes_sarif_and_gates_on_fail_on() {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_lifeboat"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out_dir = common::temp_dir("action");
    let sarif = out_dir.join("lifeboat.sarif");
    let summary = out_dir.join("summary.md");
    let run = |fail_on: &str| {
        Command::new("bash")
            .arg(common::root().join("scripts/action-run.sh"))
            .current_dir(common::root())
            .env("PATH", &path)
            .env("LIFEBOAT_PATHS", "fixtures/LB203/fail fixtures/LB104/pass")
            .env("LIFEBOAT_FORMAT", "github")
            .env("LIFEBOAT_FAIL_ON", fail_on)
            .env("LIFEBOAT_SARIF_OUTPUT", &sarif)
            .env("LIFEBOAT_SARIF_CATEGORY", "lifeboat/test/")
            .env("LIFEBOAT_ARGS", "--region us-east-1")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .expect("bash runs")
    };
    let gate = run("warning");
    // The coverage map went to the step summary.
    let md = std::fs::read_to_string(&summary).expect("step summary written");
    assert!(md.contains("### lifeboat coverage map"), "{md}");
    assert_eq!(
        gate.status.code(),
        Some(1),
        "the LB203 warning fails at fail-on=warning"
    );
    let annotations = String::from_utf8_lossy(&gate.stdout);
    assert!(
        annotations.contains("::warning file=fixtures/LB203/fail/main.tf"),
        "{annotations}"
    );
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF written"))
            .expect("json");
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "lifeboat/test/");
    assert!(log["runs"][0]["results"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["ruleId"] == "LB203")));
    assert_eq!(
        run("error").status.code(),
        Some(0),
        "warnings pass at fail-on=error"
    );
}

#[test]
fn the_pre_commit_hooks_are_defined_for_cargo_and_installed_binaries() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_vec().expect("a list of hooks");
    let by_id = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"].as_str() == Some(id))
            .expect("hook")
    };
    assert_eq!(by_id("lifeboat")["language"].as_str(), Some("rust"));
    assert_eq!(
        by_id("lifeboat-system")["language"].as_str(),
        Some("system")
    );
    for h in hooks {
        // A commit of files lifeboat does not read (a workflow, package.json) passes.
        assert_eq!(
            h["entry"].as_str(),
            Some("lifeboat check --ignore-non-inputs")
        );
        assert!(h["files"].as_str().is_some_and(|f| f.contains("tf")));
    }
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let bash = common::lifeboat(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    let script = String::from_utf8(bash.stdout).expect("utf-8");
    assert!(script.contains("--fail-on") && script.contains("explain"));
    let dir = common::temp_dir("completions");
    std::fs::write(dir.join("lifeboat.bash"), &script).expect("write");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(dir.join("lifeboat.bash"))
        .status()
        .expect("bash");
    assert!(syntax.success(), "the bash completion script parses");
    for shell in ["zsh", "fish"] {
        let out = common::lifeboat(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("lifeboat"));
    }
    let man = common::lifeboat(&["man"]);
    let page = String::from_utf8(man.stdout).expect("utf-8");
    assert!(
        page.starts_with(".ie") || page.contains(".TH lifeboat"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains("check") && page.contains("explain"));
    // A page per subcommand, with its own options.
    let check = common::lifeboat(&["man", "check"]);
    let page = String::from_utf8(check.stdout).expect("utf-8");
    assert!(
        page.contains(".TH lifeboat-check"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(
        page.contains("unsafe\\-fixes") || page.contains("unsafe-fixes"),
        "{page}"
    );
    let unknown = common::lifeboat(&["man", "chek"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_action_downloads_modules_first_and_says_when_it_cannot() {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_lifeboat"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    // No network here: `terraform get` cannot succeed (whether or not Terraform is
    // installed), so the run warns about the directory and still checks everything.
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = |get: &str| {
        Command::new("bash")
            .arg(common::root().join("scripts/action-run.sh"))
            .current_dir(common::root())
            .env("PATH", &path)
            .env(
                "LIFEBOAT_PATHS",
                "fixtures/LB601/pass-doubtful fixtures/LB203/fail",
            )
            .env("LIFEBOAT_FORMAT", "github")
            .env("LIFEBOAT_FAIL_ON", "warning")
            .env("LIFEBOAT_TERRAFORM_GET", get)
            .output()
            .expect("bash runs")
    };
    let tried = run("true");
    let stdout = String::from_utf8_lossy(&tried.stdout);
    assert!(
        stdout.contains("::warning::terraform get failed in fixtures/LB601/pass-doubtful"),
        "{stdout}"
    );
    // Only directories that call a registry or git module are visited.
    assert!(
        !stdout.contains("get failed in fixtures/LB203/fail"),
        "{stdout}"
    );
    assert_eq!(
        tried.status.code(),
        Some(1),
        "the LB203 warning still gates"
    );
    let skipped = run("false");
    assert!(!String::from_utf8_lossy(&skipped.stdout).contains("terraform get"));
}

/// The release workflow cannot run here (it needs GitHub's runners): this checks what can
/// be checked offline, that it parses and builds what the README promises.
#[test]
fn the_release_workflow_builds_every_promised_artifact() {
    let wf = yaml(".github/workflows/release.yml");
    assert_eq!(wf["on"]["push"]["tags"][0].as_str(), Some("v*"));
    let jobs = &wf["jobs"];
    let targets: Vec<&str> = jobs["binaries"]["strategy"]["matrix"]["include"]
        .as_vec()
        .expect("binary matrix")
        .iter()
        .filter_map(|e| e["target"].as_str())
        .collect();
    for t in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&t), "{t} in {targets:?}");
    }
    let text = std::fs::read_to_string(common::root().join(".github/workflows/release.yml"))
        .expect("workflow");
    for needle in [
        "build --release --locked --features aws",
        "PyO3/maturin-action",
        "--release --locked --strip --out dist",
        "sha256sum * > SHA256SUMS",
        "pypa/gh-action-pypi-publish",
        "test \"v$version\" = \"$GITHUB_REF_NAME\"",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    for job in [
        "version",
        "binaries",
        "wheels",
        "sdist",
        "release",
        "image",
        "pre-commit-mirror",
    ] {
        assert!(!jobs[job]["runs-on"].is_badvalue(), "job {job}");
    }
    // Linux wheels pip installs on glibc (manylinux) and on musl, both architectures.
    let wheels: Vec<(String, String)> = jobs["wheels"]["strategy"]["matrix"]["include"]
        .as_vec()
        .expect("wheel matrix")
        .iter()
        .map(|e| {
            (
                e["target"].as_str().unwrap_or_default().to_string(),
                e["manylinux"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for arch in ["x86_64", "aarch64"] {
        for tag in ["2_17", "musllinux_1_2"] {
            assert!(
                wheels.contains(&(arch.to_string(), tag.to_string())),
                "{arch} {tag} in {wheels:?}"
            );
        }
    }
    // No retired runner image; the image is built only for a tag that names the version.
    assert!(!text.contains("macos-13"));
    assert_eq!(jobs["image"]["needs"].as_str(), Some("version"));
    // Every third-party action is pinned by a full commit.
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("- uses:") || l.trim_start().starts_with("uses:"))
    {
        let reference = line.split("uses:").nth(1).unwrap_or_default().trim();
        let reference = reference.split(' ').next().unwrap_or_default();
        let commit = reference.rsplit('@').next().unwrap_or_default();
        assert!(
            commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "not pinned by commit: {line}"
        );
    }
    // The container: a static binary on distroless, built from the lock file.
    let docker = std::fs::read_to_string(common::root().join("Dockerfile")).expect("Dockerfile");
    assert!(docker.contains("FROM gcr.io/distroless/static"));
    assert!(docker.contains("cargo build --release --locked --features aws"));
}

/// The action's `install: pypi` path: pip installs the lifeboat-cli wheel at the action's
/// version (here offline, from the wheel scripts/test.sh built) into the job's Python, and
/// the step puts its scripts directory on GITHUB_PATH; `path` accepts a lifeboat already
/// there and an unknown choice is refused.
#[test]
fn the_action_installs_the_prebuilt_wheel_with_pip() {
    let wheels = common::root().join("target/wheels");
    assert!(
        std::fs::read_dir(&wheels).is_ok_and(|mut d| d.next().is_some()),
        "run scripts/test.sh, which builds the wheel into target/wheels"
    );
    let dir = common::temp_dir("action-install");
    let github_path = dir.join("github_path");
    std::fs::write(&github_path, "").expect("GITHUB_PATH file");
    // The system's Python, as on a runner; nothing on this PATH provides a lifeboat.
    let run_with = |install: &str, path: &str| {
        Command::new("bash")
            .arg(common::root().join("scripts/action-install.sh"))
            .env("PATH", path)
            .env("RUNNER_TEMP", &dir)
            .env("GITHUB_ACTION_PATH", common::root())
            .env("GITHUB_PATH", &github_path)
            .env("LIFEBOAT_INSTALL", install)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &wheels)
            .output()
            .expect("the install step runs")
    };
    let run = |install: &str| run_with(install, "/usr/bin:/bin");
    let out = run("path");
    assert_eq!(out.status.code(), Some(2), "nothing on PATH yet");
    let out = run("pypi");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("lifeboat {}", env!("CARGO_PKG_VERSION"))
    );
    let added = std::fs::read_to_string(&github_path).expect("GITHUB_PATH");
    assert!(
        Path::new(added.trim()).join("lifeboat").is_file(),
        "{added}"
    );
    // A later step sees GITHUB_PATH's directory on its PATH.
    let later = format!("{}:/usr/bin:/bin", added.trim());
    assert!(
        run_with("path", &later).status.success(),
        "now it is on PATH"
    );
    let out = run("brew");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pypi, source or path"));
}
