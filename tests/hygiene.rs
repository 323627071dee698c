//! What reaches the user's terminal and CI log: no raw control characters from the input,
//! file names that are not UTF-8 shown escaped, the same directory read once however it is
//! named, and a broken var file reported once, in one line.

mod common;

use std::path::Path;
use std::process::Command;

fn lifeboat(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn escape_sequences_in_the_input_never_reach_the_terminal() {
    let dir = common::temp_dir("hygiene-esc");
    // An OSC sequence (set the window title) and a CSI sequence in a schedule, which both the
    // message and the code frame show.
    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_backup_vault\" \"v\" {\n  name = \"v\"\n}\nresource \"aws_backup_plan\" \"p\" {\n  name = \"p\"\n  rule {\n    rule_name         = \"r\"\n    target_vault_name = aws_backup_vault.v.name\n    schedule          = \"cron(\u{1b}]0;pwned\u{7}\u{1b}[2J 3 * * ? *)\"\n  }\n}\n",
    )
    .expect("write");
    for format in ["text", "github", "json"] {
        let (_, stdout, _) = lifeboat(
            &dir,
            &["check", ".", "--select", "LB201", "--format", format],
        );
        assert!(
            stdout.contains("LB201") || stdout.contains("schedule-invalid"),
            "{format}: {stdout}"
        );
        assert!(
            !stdout.contains('\u{1b}'),
            "{format} passes ESC through: {stdout:?}"
        );
        assert!(
            !stdout.contains('\u{7}'),
            "{format} passes BEL through: {stdout:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_shown_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = common::temp_dir("hygiene-names");
    // A repository of its own: paths are relative to it.
    std::fs::create_dir_all(dir.join(".git")).expect("git dir");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9");
    std::fs::create_dir_all(dir.join(name)).expect("dir");
    std::fs::write(
        dir.join(name).join("main.tf"),
        "resource \"aws_backup_vault\" \"v\" {\n  name          = \"v\"\n  force_destroy = true\n}\n",
    )
    .expect("write");
    let (_, stdout, _) = lifeboat(
        &dir,
        &["check", ".", "--select", "LB105", "--format", "json"],
    );
    assert!(stdout.contains(r"caf\\xe9/main.tf"), "{stdout}");
    assert!(!stdout.contains('\u{fffd}'), "{stdout}");
}

#[test]
fn the_same_directory_named_twice_is_read_once() {
    let dir = common::temp_dir("hygiene-twice");
    std::fs::create_dir_all(dir.join(".git")).expect("git dir");
    std::fs::create_dir_all(dir.join("infra")).expect("dir");
    std::fs::write(
        dir.join("infra/main.tf"),
        "resource \"aws_backup_vault\" \"v\" {\n  name          = \"v\"\n  force_destroy = true\n}\n",
    )
    .expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("infra"), dir.join("link")).expect("symlink");
    let (_, stdout, _) = lifeboat(
        &dir,
        &[
            "check",
            "infra",
            "./infra",
            "link",
            "infra/main.tf",
            "--select",
            "LB105",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(report["summary"]["files"], 1, "{stdout}");
    assert_eq!(report["summary"]["resources"], 1, "{stdout}");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{stdout}");
    assert_eq!(findings[0]["location"]["path"], "infra/main.tf");
}

#[test]
fn a_broken_var_file_is_one_concise_problem() {
    let dir = common::temp_dir("hygiene-varfile");
    for root in ["a", "b", "c"] {
        std::fs::create_dir_all(dir.join(root)).expect("dir");
        std::fs::write(
            dir.join(root).join("main.tf"),
            "variable \"x\" {}\nresource \"aws_backup_vault\" \"v\" {\n  name = var.x\n}\n",
        )
        .expect("write");
    }
    // A 200 KB line that does not parse.
    let long = format!("x = \"{}\n", "y".repeat(200_000));
    std::fs::write(dir.join("bad.tfvars"), long).expect("write");
    let (code, _, stderr) = lifeboat(&dir, &["check", ".", "--var-file", "bad.tfvars"]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("bad.tfvars"))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr:.2000}");
    assert!(lines[0].len() < 300, "{:.500}", lines[0]);
    assert!(lines[0].contains("line 1"), "{}", lines[0]);
}
