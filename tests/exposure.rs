//! Code nobody approved cannot make lifeboat print, read or write anything outside its
//! repository. Each test builds a scratch repository (its own `.git`) with a secret planted
//! outside it — a file beside it, an environment variable, a symbolic link's target, a
//! module, a directory to list — runs the built binary in every output format (and the
//! coverage map in each of its formats), and checks that the secret appears in none. A
//! marker read from inside the repository by the same means must appear: the test can
//! fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What no output may ever contain.
const SECRET: &str = "SECRET-4f1c-outside-the-repository";
/// What the repository itself holds, read by the same functions: must appear.
const INSIDE: &str = "inside-marker-7d2e";

/// A scratch layout: `root/repo` (a git repository) and `root/outside` beside it, with
/// the secret in `outside/secret.txt`, `outside/creds.tf`, `outside/mod/main.tf` and a
/// file in `outside/listing/`.
struct Layout {
    repo: PathBuf,
    outside: PathBuf,
}

fn layout(name: &str) -> Layout {
    let root = common::temp_dir(&format!("exposure-{name}"));
    let repo = root.join("repo");
    let outside = root.join("outside");
    std::fs::create_dir_all(repo.join(".git")).expect("repo");
    std::fs::create_dir_all(outside.join("mod")).expect("outside");
    std::fs::create_dir_all(outside.join("listing")).expect("outside");
    std::fs::write(outside.join("secret.txt"), format!("{SECRET}\n")).expect("secret");
    std::fs::write(
        outside.join("creds.tf"),
        format!("# {SECRET}\nresource \"aws_s3_bucket\" \"{SECRET}\" {{\n"),
    )
    .expect("creds");
    std::fs::write(
        outside.join("mod/main.tf"),
        format!(
            "# {SECRET}\nresource \"aws_dynamodb_table\" \"t\" {{\n  name     = \"{SECRET}\"\n  hash_key = \"id\"\n}}\n"
        ),
    )
    .expect("outside module");
    std::fs::write(outside.join("listing").join(SECRET), "").expect("listing");
    std::fs::write(repo.join("inside.txt"), format!("{INSIDE}\n")).expect("inside");
    Layout { repo, outside }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    std::fs::write(path, text).expect("write");
}

/// Runs the binary in `dir` with the secret in its environment too.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LIFEBOAT_TEST_SECRET", SECRET)
        .output()
        .expect("lifeboat runs");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Every output format of `check` and of the coverage map, strict and not, concatenated.
fn every_output(dir: &Path, paths: &[&str]) -> String {
    let mut all = String::new();
    for format in ["text", "json", "sarif", "junit", "gitlab", "github"] {
        for strict in [false, true] {
            let mut args = vec!["check", "--format", format];
            if strict {
                args.push("--strict");
            }
            args.extend(paths);
            all.push_str(&run(dir, &args).1);
        }
    }
    for format in ["text", "json", "markdown", "html"] {
        let mut args = vec!["coverage", "--format", format];
        args.extend(paths);
        all.push_str(&run(dir, &args).1);
    }
    all
}

fn assert_no_secret(all: &str) {
    assert!(
        !all.contains(SECRET) && !all.contains("4f1c-outside"),
        "the secret reached the output:\n{}",
        &all[all.find("4f1c").unwrap_or(0).saturating_sub(600)..]
    );
}

#[test]
fn file_functions_read_nothing_outside_the_repository() {
    let l = layout("functions");
    let outside = l.outside.display().to_string();
    write(
        &l.repo.join("main.tf"),
        &format!(
            r#"locals {{
  from_parent = split("\n", file("../outside/secret.txt"))
  absolute    = split("\n", file("{outside}/secret.txt"))
  environ     = split("\u0000", file("/proc/self/environ"))
  listed      = fileset("{outside}/listing", "*")
  listed_up   = fileset("../outside", "**")
  template    = templatefile("../outside/secret.txt", {{}})
  linked      = split("\n", file("link.txt"))
  exists      = fileexists("../outside/secret.txt") ? "there" : "missing"
  inside      = split("\n", trimspace(file("inside.txt")))
}}

resource "aws_dynamodb_table" "parent" {{
  for_each = toset(local.from_parent)
  name     = each.key
  hash_key = "id"
}}

resource "aws_dynamodb_table" "absolute" {{
  for_each = toset(local.absolute)
  name     = each.key
  hash_key = "id"
}}

resource "aws_dynamodb_table" "environ" {{
  for_each = toset(local.environ)
  name     = each.key
  hash_key = "id"
}}

resource "aws_dynamodb_table" "listed" {{
  for_each = toset(concat(local.listed, local.listed_up))
  name     = each.key
  hash_key = "id"
}}

resource "aws_dynamodb_table" "template" {{
  name     = local.template
  hash_key = "id"
}}

resource "aws_dynamodb_table" "linked" {{
  for_each = toset(local.linked)
  name     = each.key
  hash_key = "id"
}}

resource "aws_dynamodb_table" "exists" {{
  name     = local.exists
  hash_key = "id"
}}

resource "aws_dynamodb_table" "inside" {{
  for_each = toset(local.inside)
  name     = each.key
  hash_key = "id"
}}
"#
        ),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(l.outside.join("secret.txt"), l.repo.join("link.txt"))
        .expect("link");
    let all = every_output(&l.repo, &["."]);
    assert_no_secret(&all);
    assert!(all.contains(INSIDE), "the file inside was read: {all}");
    // Under --strict, each refused read is named.
    let (_, strict) = run(&l.repo, &["check", "--strict", "--format", "json", "."]);
    for refused in [
        "file(\\\"../outside/secret.txt\\\")",
        "file(\\\"/proc/self/environ\\\")",
        "fileset(\\\"../outside\\\")",
        "templatefile(\\\"../outside/secret.txt\\\")",
        "file(\\\"link.txt\\\")",
        "fileexists(\\\"../outside/secret.txt\\\")",
    ] {
        assert!(strict.contains(refused), "{refused} not named: {strict}");
    }
}

#[test]
fn modules_outside_the_repository_are_not_read() {
    let l = layout("modules");
    // A local source leaving the repository, and a downloaded-module manifest pointing
    // outside it.
    write(
        &l.repo.join("infra/main.tf"),
        "module \"escape\" {\n  source = \"../../outside/mod\"\n}\n\nmodule \"registry\" {\n  source = \"terraform-aws-modules/dynamodb-table/aws\"\n}\n\nmodule \"inside\" {\n  source = \"../modules/t\"\n}\n",
    );
    write(
        &l.repo.join("infra/.terraform/modules/modules.json"),
        &format!(
            "{{\"Modules\":[{{\"Key\":\"\",\"Source\":\"\",\"Dir\":\".\"}},{{\"Key\":\"registry\",\"Source\":\"x\",\"Dir\":\"{}\"}}]}}",
            l.outside.join("mod").display()
        ),
    );
    write(
        &l.repo.join("modules/t/main.tf"),
        &format!(
            "resource \"aws_dynamodb_table\" \"t\" {{\n  name     = \"{INSIDE}\"\n  hash_key = \"id\"\n}}\n"
        ),
    );
    let all = every_output(&l.repo, &["infra"]);
    assert_no_secret(&all);
    assert!(all.contains(INSIDE), "the module inside was read: {all}");
    // Reported as modules that are not on disk.
    let (_, strict) = run(&l.repo, &["check", "--strict", "infra"]);
    assert!(strict.contains("module.escape"), "{strict}");
    assert!(strict.contains("module.registry"), "{strict}");
}

#[test]
fn a_plans_configuration_outside_the_repository_is_not_read() {
    let l = layout("plan");
    let plan = serde_json::json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {"child_modules": [{
            "address": "module.escape",
            "resources": [{
                "address": "module.escape.aws_dynamodb_table.t",
                "mode": "managed", "type": "aws_dynamodb_table", "name": "t",
                "provider_name": "registry.terraform.io/hashicorp/aws",
                "values": {"name": "orders", "hash_key": "id"}
            }]
        }]}},
        "configuration": {"root_module": {"module_calls": {
            "escape": {"source": "../outside/mod", "module": {}}
        }}}
    });
    write(&l.repo.join("plan.json"), &plan.to_string());
    let all = every_output(&l.repo, &["plan.json"]);
    assert_no_secret(&all);
    // The plan itself was judged.
    assert!(all.contains("module.escape.aws_dynamodb_table.t"), "{all}");
}

#[cfg(unix)]
#[test]
fn named_symbolic_links_leaving_the_repository_are_not_followed() {
    use std::os::unix::fs::symlink;
    let l = layout("links");
    write(
        &l.repo.join("main.tf"),
        &format!(
            "resource \"aws_dynamodb_table\" \"t\" {{\n  name     = \"{INSIDE}\"\n  hash_key = \"id\"\n}}\n"
        ),
    );
    symlink(l.outside.join("creds.tf"), l.repo.join("evil.tf")).expect("link");
    symlink("/proc/self/environ", l.repo.join("env.tf")).expect("link");
    symlink(&l.outside, l.repo.join("outside.yaml")).expect("link");
    symlink("/", l.repo.join("root.yaml")).expect("link");
    let named = ["evil.tf", "env.tf", "outside.yaml", "root.yaml", "main.tf"];
    let all = every_output(&l.repo, &named);
    assert_no_secret(&all);
    assert!(all.contains(INSIDE), "{all}");
    let (code, text) = run(&l.repo, &[&["check"][..], &named[..]].concat());
    assert_eq!(
        code, 1,
        "the module's own finding still fails the run: {text}"
    );
    for link in ["evil.tf", "env.tf", "outside.yaml", "root.yaml"] {
        assert!(
            text.contains(&format!(
                "{link} was not checked: it is a symbolic link that leads outside the repository"
            )),
            "{link}: {text}"
        );
    }
    // The whole directory, walked: the links are not followed either.
    assert_no_secret(&every_output(&l.repo, &["."]));
}

#[cfg(unix)]
#[test]
fn fixes_are_written_only_to_regular_files_inside_the_repository() {
    use std::os::unix::fs::symlink;
    let l = layout("fix");
    // LB105 (force_destroy on a vault) has a safe fix.
    let vault = "resource \"aws_backup_vault\" \"v\" {\n  name          = \"v\"\n  force_destroy = true\n}\n";
    write(&l.outside.join("victim.tf"), vault);
    symlink(l.outside.join("victim.tf"), l.repo.join("victim.tf")).expect("link");
    // A downloaded module under .terraform/, reached through the manifest.
    write(
        &l.repo.join("root/main.tf"),
        "module \"dl\" {\n  source = \"example/vault/aws\"\n}\n",
    );
    write(
        &l.repo.join("root/.terraform/modules/modules.json"),
        "{\"Modules\":[{\"Key\":\"dl\",\"Source\":\"example/vault/aws\",\"Dir\":\".terraform/modules/dl\"}]}",
    );
    write(&l.repo.join("root/.terraform/modules/dl/main.tf"), vault);
    // And a regular file of the repository, which is fixed.
    write(&l.repo.join("own/main.tf"), vault);
    let (_, out) = run(
        &l.repo,
        &["check", "--fix", "victim.tf", "root", "own/main.tf"],
    );
    assert_eq!(
        std::fs::read_to_string(l.outside.join("victim.tf")).expect("victim"),
        vault,
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(l.repo.join("root/.terraform/modules/dl/main.tf"))
            .expect("downloaded"),
        vault,
        "{out}"
    );
    assert_ne!(
        std::fs::read_to_string(l.repo.join("own/main.tf")).expect("own"),
        vault,
        "the repository's own file is fixed: {out}"
    );
    assert!(out.contains("not fixing"), "{out}");
}

#[test]
fn a_configuration_or_baseline_that_never_ends_is_refused_without_reading_it() {
    let l = layout("devices");
    write(
        &l.repo.join("main.tf"),
        "resource \"aws_backup_vault\" \"v\" {\n  name = \"v\"\n}\n",
    );
    for args in [
        ["check", "--baseline", "/dev/zero", "."],
        ["check", "--config", "/dev/zero", "."],
        ["check", "--var-file", "/dev/zero", "."],
        ["check", "--parameters-file", "/dev/zero", "."],
    ] {
        let (code, out) = run(&l.repo, &args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(out.contains("/dev/zero"), "{args:?}: {out}");
    }
    // A committed configuration that is a link out of the repository is not read.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(l.outside.join("secret.txt"), l.repo.join("lifeboat.toml"))
            .expect("link");
        let (code, out) = run(&l.repo, &["check", "."]);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains("leads outside the repository"), "{out}");
        assert_no_secret(&out);
    }
}
