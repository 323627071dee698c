//! Embeds every rule document in `rules/` so the binary, `explain`, and (later) SARIF rule
//! help always carry the docs that ship with the code.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut docs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .filter_map(|p| {
                    Some((
                        p.file_stem()?.to_str()?.to_string(),
                        p.to_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    docs.sort();
    let mut out = String::from("&[\n");
    for (id, path) in &docs {
        let _ = writeln!(out, "    ({id:?}, include_str!({path:?})),");
    }
    out.push(']');
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rule_docs.rs");
    std::fs::write(dest, out).expect("write the embedded docs list");
}
