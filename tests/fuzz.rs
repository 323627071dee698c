//! Fuzzing in the test suite: thousands of generated and mutated inputs (.tf, .tfvars,
//! plan JSON, YAML and JSON templates) are checked by the built binary in batches, beside
//! a control whose findings must survive, under a memory limit and a time limit. Every
//! stored regression input (`fuzz/regressions/`) is checked on every run too.
//!
//! - `LIFEBOAT_FUZZ_SEED=N` reproduces a run (the default seed changes daily and is
//!   printed);
//! - `LIFEBOAT_FUZZ_CASES=N` sets how many cases (default 20,000), e.g. 1000000 for a
//!   long local run;
//! - `LIFEBOAT_FUZZ_FROM=N` starts at case N (cases are numbered; each depends only on
//!   the seed and its number).
//!
//! A failing batch is bisected down to the case that fails it, the case is minimized, and
//! the test fails naming the seed and showing the minimized input (also saved under
//! `target/fuzz-failures/`).

mod common;
mod fuzzing;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fuzzing::rng::Rng;

/// One generated case: files relative to its own directory.
#[derive(Clone)]
struct Case {
    id: usize,
    kind: &'static str,
    files: Vec<(String, Vec<u8>)>,
}

/// What the seed inputs are: fixtures and stored regressions, by kind.
struct Seeds {
    tf: Vec<Vec<u8>>,
    yaml: Vec<Vec<u8>>,
    json_templates: Vec<Vec<u8>>,
    plans: Vec<serde_json::Value>,
    tfvars: Vec<Vec<u8>>,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn seeds() -> Seeds {
    let mut files = Vec::new();
    for d in ["fixtures", "examples", "fuzz/regressions"] {
        walk(&common::root().join(d), &mut files);
    }
    files.sort();
    let mut s = Seeds {
        tf: Vec::new(),
        yaml: Vec::new(),
        json_templates: Vec::new(),
        plans: Vec::new(),
        tfvars: Vec::new(),
    };
    for f in files {
        let path = f.to_string_lossy();
        if path.contains("/recorded/") {
            continue; // live API recordings, not inputs
        }
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        match f.extension().and_then(|e| e.to_str()) {
            Some("tf") => s.tf.push(bytes),
            Some("tfvars") => s.tfvars.push(bytes),
            Some("yaml" | "yml") => s.yaml.push(bytes),
            Some("json") => match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(v) if v.get("planned_values").is_some() => s.plans.push(v),
                Ok(v) if v.get("Resources").is_some() => s.json_templates.push(bytes),
                _ => {}
            },
            _ => {}
        }
    }
    assert!(
        s.tf.len() > 50 && s.yaml.len() > 50 && !s.plans.is_empty() && !s.json_templates.is_empty(),
        "too few seed inputs"
    );
    s
}

/// The module the generated `.tfvars` files are for.
const TFVARS_MODULE: &str = "variable \"x\" {}\nvariable \"list\" {}\nvariable \"map\" {}\nresource \"aws_backup_plan\" \"p\" {\n  name = \"p\"\n  rule {\n    rule_name         = \"r\"\n    target_vault_name = var.x\n    schedule          = var.x\n    lifecycle {\n      delete_after       = var.list[0]\n      cold_storage_after = var.map.a\n    }\n  }\n}\n";

/// Now and then a `.tf` case is led by a comment that makes it as big as the files whose
/// resource blocks are split off and parsed on their own (256 KiB), so that the scanner
/// finding them meets hostile text too. True when it did.
fn big(rng: &mut Rng, text: Vec<u8>) -> (Vec<u8>, bool) {
    if !rng.one_in(32) {
        return (text, false);
    }
    let mut out = format!("# {}\n", "-".repeat(256 * 1024)).into_bytes();
    out.extend(text);
    (out, true)
}

fn generate(rng: &mut Rng, seeds: &Seeds, id: usize) -> Case {
    let functions = lifeboat::sources::terraform::functions::SUPPORTED;
    let (kind, files): (&'static str, Vec<(String, Vec<u8>)>) = match rng.below(12) {
        0..=2 => {
            let base = rng.pick(&seeds.tf).clone();
            let m = fuzzing::mutate::mutate(rng, &base, &seeds.tf);
            match big(rng, m) {
                (m, false) => ("mutated .tf", vec![("main.tf".into(), m)]),
                (m, true) => ("mutated big .tf", vec![("main.tf".into(), m)]),
            }
        }
        3 | 4 => {
            let m = fuzzing::hcl::Gen::new(rng, functions).module();
            match big(rng, m.into_bytes()) {
                (m, false) => ("generated .tf", vec![("main.tf".into(), m)]),
                (m, true) => ("generated big .tf", vec![("main.tf".into(), m)]),
            }
        }
        5 => {
            let vars = if rng.one_in(2) && !seeds.tfvars.is_empty() {
                let base = rng.pick(&seeds.tfvars).clone();
                fuzzing::mutate::mutate(rng, &base, &seeds.tfvars)
            } else {
                fuzzing::hcl::Gen::new(rng, functions).tfvars().into_bytes()
            };
            (
                ".tfvars",
                vec![
                    ("main.tf".into(), TFVARS_MODULE.as_bytes().to_vec()),
                    ("terraform.tfvars".into(), vars),
                ],
            )
        }
        6 | 7 => {
            let base = rng.pick(&seeds.yaml).clone();
            let m = fuzzing::mutate::mutate(rng, &base, &seeds.yaml);
            ("mutated YAML", vec![("template.yaml".into(), m)])
        }
        8 => {
            let t = fuzzing::cfn::template(rng, false);
            let t = if rng.one_in(3) {
                fuzzing::mutate::mutate(rng, t.as_bytes(), &seeds.yaml)
            } else {
                t.into_bytes()
            };
            ("generated YAML template", vec![("template.yaml".into(), t)])
        }
        9 => {
            let t = fuzzing::cfn::template(rng, true);
            let t = if rng.one_in(3) {
                fuzzing::mutate::mutate(rng, t.as_bytes(), &seeds.json_templates)
            } else {
                t.into_bytes()
            };
            ("generated JSON template", vec![("template.json".into(), t)])
        }
        10 => {
            let base = rng.pick(&seeds.json_templates).clone();
            let m = fuzzing::mutate::mutate(rng, &base, &seeds.json_templates);
            ("mutated JSON template", vec![("template.json".into(), m)])
        }
        _ => {
            let base = rng.pick(&seeds.plans).clone();
            let p = if rng.one_in(4) {
                let text = serde_json::to_vec(&base).unwrap_or_default();
                fuzzing::mutate::mutate(rng, &text, &[])
            } else {
                fuzzing::tfplan::mutate(rng, &base).into_bytes()
            };
            ("plan JSON", vec![("plan.json".into(), p)])
        }
    };
    Case { id, kind, files }
}

/// The control: a Terraform module and a template with known findings.
fn write_control(dir: &Path) {
    let c = common::write_control_module(dir);
    std::fs::write(
        c.join("template.yaml"),
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: keep\n      DeletionProtectionEnabled: true\n",
    )
    .expect("control template");
}

type Found = Vec<(String, String, u64)>;

/// What the fuzzer plants outside each batch's repository — in `fuzz-outside/` beside the
/// batch, behind the cases' symbolic links, and in the binary's environment — and what no
/// output may ever contain.
const SECRET: &str = "FUZZ-SECRET-9b3e-outside";

/// The secret outside the batch: a file, a module-looking file, and a directory to list.
fn plant_secret(batch: &Path) {
    let outside = batch.with_file_name("fuzz-outside");
    std::fs::create_dir_all(&outside).expect("outside dir");
    std::fs::write(
        outside.join("secret.txt"),
        format!("{SECRET}\n{SECRET}-2\n"),
    )
    .expect("secret");
    std::fs::write(
        outside.join("creds.tf"),
        format!("# {SECRET}\nresource \"aws_s3_bucket\" \"{SECRET}\" {{\n"),
    )
    .expect("secret module");
    std::fs::write(outside.join(SECRET), "").expect("secret name");
}

/// The secret in a report or its errors, if it is there.
fn exposed(out: &std::process::Output) -> Option<String> {
    for (name, bytes) in [("report", &out.stdout), ("errors", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        if let Some(at) = text.find("9b3e-outside") {
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(300)
                .map_or(0, |(i, _)| i);
            let shown: String = text[from..].chars().take(600).collect();
            return Some(format!(
                "the secret planted outside the repository reached the {name}: {shown}"
            ));
        }
    }
    None
}

/// How a run of the binary went wrong, if it did.
fn judge(out: &std::process::Output, took: Duration, control: &Found) -> Option<String> {
    let code = out.status.code();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: String = stderr.chars().take(2000).collect();
    match code {
        None => {
            return Some(format!(
                "killed by a signal after {took:?} (crash, memory or time limit): {tail}"
            ))
        }
        Some(c) if c > 2 => return Some(format!("exit code {c}: {tail}")),
        _ => {}
    }
    if let Some(why) = exposed(out) {
        return Some(why);
    }
    let report: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(r) => r,
        Err(e) => return Some(format!("the report is not JSON ({e}): {tail}")),
    };
    let found = control_findings(&report);
    let lost: Vec<_> = control.iter().filter(|c| !found.contains(c)).collect();
    if !lost.is_empty() {
        return Some(format!("the control's findings were lost: {lost:?}"));
    }
    None
}

/// Runs the binary over a directory under a 3 GiB address-space limit and a time limit.
fn run(dir: &Path) -> (std::process::Output, Duration) {
    run_as(dir, "json")
}

/// Like [`run`], with another report format.
fn run_as(dir: &Path, format: &str) -> (std::process::Output, Duration) {
    let cmd = format!(
        "ulimit -v 3145728; exec timeout -s KILL 120 '{}' check --format {format} '{}'",
        env!("CARGO_BIN_EXE_lifeboat"),
        dir.display()
    );
    let start = Instant::now();
    let out = Command::new("bash")
        .arg("-c")
        .arg(&cmd)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .env("LIFEBOAT_FUZZ_SECRET", SECRET)
        .output()
        .expect("bash runs");
    (out, start.elapsed())
}

/// Writes a batch as a repository of its own (a `.git` directory), each case with
/// symbolic links leading out of it to the planted secret.
fn write_batch(dir: &Path, cases: &[&Case]) {
    let _ = std::fs::remove_dir_all(dir);
    plant_secret(dir);
    std::fs::create_dir_all(dir.join(".git")).expect("batch repository");
    write_control(dir);
    for c in cases {
        let case = dir.join(format!("c{}", c.id));
        for (name, bytes) in &c.files {
            let p = case.join(name);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("case dir");
            std::fs::write(&p, bytes).expect("case file");
        }
        #[cfg(unix)]
        for (link, target) in [
            ("link.txt", "../../fuzz-outside/secret.txt"),
            ("linked.tf", "../../fuzz-outside/creds.tf"),
            ("linked.yaml", "../../fuzz-outside/secret.txt"),
            ("linkdir", "../../fuzz-outside"),
        ] {
            std::os::unix::fs::symlink(target, case.join(link)).expect("case link");
        }
    }
}

/// Does the batch of these cases fail?
fn fails(dir: &Path, cases: &[&Case], control: &Found) -> Option<String> {
    write_batch(dir, cases);
    let (out, took) = run(dir);
    judge(&out, took, control).or_else(|| {
        // The default format draws code frames of whatever the inputs hold: it must end
        // with its summary line too, never crash.
        let (out, took) = run_as(dir, "text");
        if let Some(why) = exposed(&out) {
            return Some(format!("text report: {why}"));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: String = stderr.chars().take(2000).collect();
        let summary = text
            .lines()
            .rev()
            .find(|l| !l.starts_with("Hidden:"))
            .unwrap_or("");
        match out.status.code() {
            None => Some(format!("text report: killed after {took:?}: {tail}")),
            Some(c) if c > 2 => Some(format!("text report: exit code {c}: {tail}")),
            _ if !(summary.starts_with("Found ") || summary.starts_with("No ")) => Some(format!(
                "text report without its summary line: {summary:?} {tail}"
            )),
            _ => None,
        }
    })
}

/// Rules whose findings depend only on their own scan unit: a neighbour cannot change
/// them. (Coverage and monitoring rules read the whole scan by design: a selection in any
/// unit may cover the control's table.)
const UNIT_RULES: &[&str] = &["LB101", "LB105", "LB501"];

/// The control's unit-local findings, by path from the control directory on.
fn control_findings(report: &serde_json::Value) -> Found {
    common::findings(report)
        .into_iter()
        .filter(|(r, _, _)| UNIT_RULES.contains(&r.as_str()))
        .filter_map(|(r, p, l)| {
            let at = p.rfind("control/")?;
            Some((r, p[at..].to_string(), l))
        })
        .collect()
}

/// Halves the failing set until one case fails alone (or the failure needs several).
fn isolate<'c>(dir: &Path, mut cases: Vec<&'c Case>, control: &Found) -> Vec<&'c Case> {
    while cases.len() > 1 {
        let (a, b) = cases.split_at(cases.len() / 2);
        if fails(dir, a, control).is_some() {
            cases = a.to_vec();
        } else if fails(dir, b, control).is_some() {
            cases = b.to_vec();
        } else {
            break;
        }
    }
    cases
}

/// Removes chunks of lines, then of bytes, while the case still fails (at most ~200 runs).
fn minimize(dir: &Path, case: &Case, control: &Found) -> Case {
    let mut best = case.clone();
    let mut runs = 0;
    for unit in [true, false] {
        let Some(largest) = (0..best.files.len()).max_by_key(|i| best.files[*i].1.len()) else {
            break;
        };
        let split = |bytes: &[u8]| -> Vec<Vec<u8>> {
            if unit {
                bytes
                    .split_inclusive(|b| *b == b'\n')
                    .map(<[u8]>::to_vec)
                    .collect()
            } else {
                bytes.iter().map(|b| vec![*b]).collect()
            }
        };
        let mut parts = split(&best.files[largest].1);
        let mut chunk = parts.len() / 2;
        while chunk > 0 && runs < 200 {
            let mut i = 0;
            while i < parts.len() && runs < 200 {
                let mut trial = best.clone();
                let kept: Vec<u8> = parts
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j < i || *j >= i + chunk)
                    .flat_map(|(_, p)| p.iter().copied())
                    .collect();
                trial.files[largest].1 = kept;
                runs += 1;
                if fails(dir, &[&trial], control).is_some() {
                    parts.drain(i..(i + chunk).min(parts.len()));
                    best = trial;
                } else {
                    i += chunk;
                }
            }
            chunk /= 2;
        }
    }
    best
}

fn show(case: &Case) -> String {
    case.files
        .iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let shown: String = text.chars().take(3000).collect();
            format!(
                "--- {name} ({} bytes)\n{}",
                bytes.len(),
                shown.escape_debug()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn report_failure(seed: u64, why: &str, culprits: &[&Case], dir: &Path, control: &Found) -> ! {
    let from = culprits.iter().map(|c| c.id).min().unwrap_or(0);
    let count = culprits.iter().map(|c| c.id).max().unwrap_or(0) + 1 - from;
    let saved = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
        .join("fuzz-failures")
        .join(format!("seed-{seed}"));
    let shown = if let [one] = culprits {
        let small = minimize(dir, one, control);
        write_batch(&saved, &[&small]);
        format!(
            "case {} ({}), minimized:\n{}",
            one.id,
            one.kind,
            show(&small)
        )
    } else {
        write_batch(&saved, culprits);
        format!("{} cases fail only together", culprits.len())
    };
    panic!(
        "fuzzing failed: {why}\nreproduce with LIFEBOAT_FUZZ_SEED={seed} LIFEBOAT_FUZZ_FROM={from} LIFEBOAT_FUZZ_CASES={count}\n{shown}\nsaved under {}",
        saved.display()
    );
}

#[test]
fn generated_and_mutated_inputs_never_crash_or_lose_the_control() {
    let seed: u64 = std::env::var("LIFEBOAT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            // A new seed each day, so that coverage grows from run to run.
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() / 86_400)
        });
    let total: usize = std::env::var("LIFEBOAT_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    eprintln!("fuzzing {total} cases with LIFEBOAT_FUZZ_SEED={seed}");
    let root = common::temp_dir("fuzz");
    // The control alone: its findings, which every batch must keep.
    let control_dir = root.join("control-only");
    write_batch(&control_dir, &[]);
    let (out, _) = run(&control_dir);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("control report");
    let control = control_findings(&report);
    assert!(
        control.iter().any(|f| f.1.ends_with(".tf"))
            && control.iter().any(|f| f.1.ends_with(".yaml")),
        "the control has findings in both sources: {control:?}"
    );
    let seeds = seeds();
    let base = Rng::new(seed);
    let batch_dir = root.join("batch");
    let per_batch = 500;
    let start = Instant::now();
    // Where to start (with the seed, a failing batch is reproduced by itself).
    let mut done: usize = std::env::var("LIFEBOAT_FUZZ_FROM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let total = total + done;
    while done < total {
        let n = per_batch.min(total - done);
        let cases: Vec<Case> = (done..done + n)
            .map(|i| generate(&mut base.fork(i as u64), &seeds, i))
            .collect();
        let refs: Vec<&Case> = cases.iter().collect();
        let batch_start = Instant::now();
        if let Some(why) = fails(&batch_dir, &refs, &control) {
            let culprits = isolate(&batch_dir, refs, &control);
            report_failure(seed, &why, &culprits, &batch_dir, &control);
        }
        if batch_start.elapsed() > Duration::from_secs(5) {
            eprintln!("cases {done}..{}: {:?}", done + n, batch_start.elapsed());
        }
        done += n;
    }
    eprintln!("{done} cases in {:?}", start.elapsed());
}

#[test]
fn every_stored_regression_input_is_checked_beside_the_control() {
    // Every stored input named (plans are read only when named), with the control, in
    // one run under the limits; `--strict` so that inputs cut short by a budget say so.
    let stored = common::root().join("fuzz/regressions");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&stored)
        .expect("regressions")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 25, "the issue's cases are stored");
    let dir = common::temp_dir("fuzz-regressions");
    write_control(&dir);
    let mut cmd = format!(
        "ulimit -v 3145728; exec timeout -s KILL 120 '{}' check --strict --format json '{}'",
        env!("CARGO_BIN_EXE_lifeboat"),
        dir.join("control").display()
    );
    for e in &entries {
        cmd.push_str(&format!(" '{}'", e.display()));
    }
    let start = Instant::now();
    let out = Command::new("bash")
        .arg("-c")
        .arg(&cmd)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let control = control_findings(&{
        let (o, _) = run(&dir);
        serde_json::from_slice(&o.stdout).expect("control report")
    });
    assert!(!control.is_empty());
    if let Some(why) = judge(&out, start.elapsed(), &control) {
        panic!("{why}");
    }
    // The default text report of them all draws its frames and ends with its summary.
    let text_cmd = cmd.replace("--format json", "--format text");
    let text = Command::new("bash")
        .arg("-c")
        .arg(&text_cmd)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    assert!(
        matches!(text.status.code(), Some(0..=2)),
        "text report: {:?} {}",
        text.status.code(),
        String::from_utf8_lossy(&text.stderr)
    );
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(
        shown.contains("\nFound "),
        "text report without its summary"
    );
    // Each input was judged: a finding in it, or a warning that it is no input.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report");
    let found = common::findings(&report);
    let skipped = report["skipped"].to_string();
    for e in &entries {
        let name = e.file_name().expect("name").to_string_lossy().into_owned();
        assert!(
            found
                .iter()
                .any(|f| f.1.contains(&format!("regressions/{name}")))
                || skipped.contains(&name),
            "{name} was neither judged nor said to be skipped"
        );
    }
}
