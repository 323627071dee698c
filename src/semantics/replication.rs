//! S3 replication as AWS applies it: which rules replicate, and which bucket an
//! unresolved destination may name.

use super::selection::glob;
use crate::model::{Field, ReplicationRule, TOKEN_CLOSE, TOKEN_OPEN};

/// A replication rule that replicates: not `Disabled` (an unknown status may).
pub fn replicates(r: &ReplicationRule) -> bool {
    r.enabled.known() != Some(&false)
}

/// Could a bucket with this name be the destination `arn` (an S3 ARN or bucket name whose
/// `⟨…⟩` parts are unknown)? Unknown parts of either side match anything.
pub fn may_be_named(name: &Field<String>, arn: &str) -> bool {
    let wanted = arn
        .strip_prefix("arn:")
        .map_or(arn, |rest| rest.splitn(5, ':').nth(4).unwrap_or(rest));
    let pattern = wildcard(wanted);
    match name {
        Field::Known { value, .. } => glob(&pattern, &strip_tokens(value)),
        // A name built around unresolved values (`⟨AWS::StackName⟩-…-bucket`) may be it
        // when its known parts fit; a generated or wholly unknown name gives another stack
        // nothing to name it by.
        Field::Unknown { expr, .. } if expr.contains(TOKEN_OPEN) => {
            glob(&pattern, &strip_tokens(expr))
        }
        _ => false,
    }
}

/// Unknown parts as `*`.
fn wildcard(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            TOKEN_OPEN => {
                inside = true;
                out.push('*');
            }
            TOKEN_CLOSE => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// A name with its unknown parts left out (each may be empty, so the rest must fit).
fn strip_tokens(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            TOKEN_OPEN => inside = true,
            TOKEN_CLOSE => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}
