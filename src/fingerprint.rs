//! Stable fingerprints of findings: the same problem keeps its fingerprint when lines shift
//! above it or unrelated code is reformatted (used by SARIF, GitLab and baselines).

use crate::finding::Finding;
use crate::model::Place;

/// FNV-1a, 64 bits: small, stable across platforms and releases.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of a finding: rule, file, resource, message and the text it points at (with
/// white space folded), but not its line or column.
///
/// A finding standing for the instances of one block has the fingerprint it would have
/// about the block itself, whatever the number of instances.
pub fn of(f: &Finding) -> String {
    match &f.instances {
        Some(instances) => about(f, &instances.block),
        None => about(f, f.resource.as_deref().unwrap_or("")),
    }
}

/// The fingerprint of each finding a finding stands for: one, or one per instance of its
/// block (as each was fingerprinted before they were grouped: baselines count them).
pub fn of_each(f: &Finding) -> Vec<String> {
    match &f.instances {
        Some(instances) => instances.addresses.iter().map(|a| about(f, a)).collect(),
        None => vec![of(f)],
    }
}

/// The fingerprint of the finding as it reads of one resource address.
fn about(f: &Finding, resource: &str) -> String {
    let (path, snippet) = match f.location.place() {
        Place::File { file, span } => {
            let text: Vec<&str> = file.slice(&span).split_whitespace().collect();
            (file.repo.clone(), text.join(" "))
        }
        Place::Resource(r) => (r.arn.clone(), String::new()),
        Place::Synthetic(label) => (label.to_string(), String::new()),
    };
    format!(
        "{:016x}",
        fnv1a(&[
            f.rule_id,
            &path,
            resource,
            &snippet,
            &f.message_about(resource)
        ])
    )
}
