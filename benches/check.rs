//! Benchmarks of the parser floor against the whole check, on the scale cases of the
//! hostile-input issue. `cargo bench --bench check` measures the real sizes (200,000
//! resources, 40,000 coverage groups, 10,000 findings in one file, a 100 x 100 module
//! fan-out, 2,000 fixture modules, a cycle of 10,000 module directories, 20,000 roots
//! calling one shared module); `cargo test` runs each benchmark once on small inputs so
//! they cannot rot. `scripts/bench.sh` measures the binary's wall time and peak memory on
//! the same cases.
//!
//! `parse_floor` is hcl-edit alone over the case's `.tf` files (in parallel, as lifeboat
//! reads them): no evaluation, no rules. The distance between it and `check` is
//! lifeboat's own cost.

#[path = "support/cases.rs"]
mod cases;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use rayon::prelude::*;

/// The generated cases, by name.
struct Cases {
    all: Vec<(&'static str, PathBuf)>,
}

static CASES: OnceLock<Cases> = OnceLock::new();

/// Full sizes under `cargo bench`; small ones when `cargo test` runs the benchmarks once.
fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn cases() -> &'static Cases {
    CASES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("target/bench-cases");
        let (groups, resources, findings, fan, mono, graph) = if full() {
            (40_000, 200_000, 10_000, 100, 2_000, 10_000)
        } else {
            (20, 60, 40, 3, 20, 20)
        };
        let dir = dir.join(if full() { "full" } else { "small" });
        let _ = std::fs::remove_dir_all(&dir);
        Cases {
            all: vec![
                ("coverage_groups", cases::coverage_groups(&dir, groups)),
                ("resources", cases::resources(&dir, resources)),
                ("findings", cases::findings(&dir, findings)),
                ("module_fan_out", cases::module_fan_out(&dir, fan)),
                (
                    "monorepo",
                    cases::monorepo(&dir, &root.join("fixtures"), mono),
                ),
                ("module_cycle", cases::module_cycle(&dir, graph)),
                (
                    "shared_module_roots",
                    cases::shared_module_roots(&dir, 2 * graph),
                ),
            ],
        }
    })
}

fn case(name: &str) -> &'static Path {
    cases()
        .all
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.as_path())
        .expect("a generated case")
}

fn tf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("case dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            tf_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "tf") {
            out.push(p);
        }
    }
}

/// Reads and parses every `.tf` file of the case with hcl-edit, in parallel.
fn parse_all(dir: &Path) -> usize {
    let mut files = Vec::new();
    tf_files(dir, &mut files);
    files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("case text");
            hcl_edit::parser::parse_body(&text).map_or(0, |b| b.len())
        })
        .sum()
}

fn check(dir: &Path) -> lifeboat::check::Outcome {
    lifeboat::check::run(
        &[dir.to_path_buf()],
        &lifeboat::sources::SourceOptions::default(),
        &lifeboat::config::Config::default(),
        None,
    )
}

const CASE_NAMES: &[&str] = &[
    "coverage_groups",
    "resources",
    "findings",
    "module_fan_out",
    "monorepo",
    "module_cycle",
    "shared_module_roots",
];

#[divan::bench(args = CASE_NAMES, sample_count = 3, sample_size = 1)]
fn parse_floor(bencher: Bencher, name: &str) {
    let dir = case(name);
    bencher.bench(|| parse_all(dir));
}

#[divan::bench(args = CASE_NAMES, sample_count = 3, sample_size = 1)]
fn whole_check(bencher: Bencher, name: &str) {
    let dir = case(name);
    bencher.bench(|| check(dir).findings.len());
}

/// The check plus the default text report (code frames) of every finding.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn text_report_of_findings(bencher: Bencher) {
    let outcome = check(case("findings"));
    bencher.bench(|| {
        let report = lifeboat::report::Report {
            findings: &outcome.findings,
            files: outcome.files,
            resources: outcome.resources,
            missing_modules: outcome.missing_modules,
            problems: &[],
            skipped: &[],
            accounts: &Default::default(),
        };
        lifeboat::report::text::render(&report, lifeboat::report::text::TextOptions::default())
            .len()
    });
}

fn main() {
    // Generate before timing starts.
    let made = cases();
    assert!(made.all.iter().all(|(_, p)| p.is_dir()));
    divan::main();
}
