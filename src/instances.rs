//! Findings of the instances of one block that say the same thing become one finding
//! naming how many instances and which. A `count` or `for_each` of a thousand, inside a
//! module called a thousand times, is a million instances: a report of each one's finding
//! is unreadable and unbounded (250 bytes of HCL made 833 MB of JSON), and says nothing
//! the block's finding does not.

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::{Finding, Instances};

/// A resource address without its instance keys: `module.m["a"].aws_x.t[0]` →
/// `module.m.aws_x.t`. `None` when it has none (it is not one of several instances).
pub fn block_of(address: &str) -> Option<String> {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    let mut keyed = false;
    for c in address.chars() {
        if depth == 0 {
            if c == '[' {
                depth = 1;
                keyed = true;
            } else {
                out.push(c);
            }
            continue;
        }
        // Inside a key: a quoted string may hold brackets.
        if quoted {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '[' => depth += 1,
            ']' => depth -= 1,
            _ => {}
        }
    }
    (keyed && depth == 0 && !quoted).then_some(out)
}

/// Groups, in place, the findings of the instances of one block that say the same thing:
/// the same rule at the same place, the same words about each instance's address, the
/// same severity, related places, short texts, fix and suppression. The first of each
/// group (in report order) stands for it; the list stays in report order.
#[allow(clippy::vec_box)] // boxed on purpose: the list is sorted by moving pointers
pub fn group(findings: &mut Vec<Box<Finding>>) {
    let mut keep = vec![true; findings.len()];
    let mut members: HashMap<usize, Vec<Arc<str>>> = HashMap::new();
    let mut blocks: HashMap<usize, String> = HashMap::new();
    let mut start = 0;
    while start < findings.len() {
        let end = start
            + findings[start..]
                .iter()
                .take_while(|f| same_place(f, &findings[start]))
                .count();
        // Heads of the groups in this run, by their words and block.
        let mut heads: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        for i in start..end {
            let f = &findings[i];
            let (Some(words), Some(address)) = (f.shared_words(), f.resource.as_ref()) else {
                continue;
            };
            let Some(block) = block_of(address) else {
                continue;
            };
            let key = (Arc::as_ptr(words).cast::<u8>() as usize, block);
            let candidates = heads.entry(key.clone()).or_default();
            match candidates.iter().find(|&&h| says_the_same(&findings[h], f)) {
                Some(&head) => {
                    keep[i] = false;
                    members
                        .entry(head)
                        .or_insert_with(|| {
                            findings[head].resource.iter().cloned().collect::<Vec<_>>()
                        })
                        .push(Arc::clone(address));
                }
                None => {
                    candidates.push(i);
                    blocks.insert(i, key.1);
                }
            }
        }
        start = end;
    }
    for (head, addresses) in members {
        let block = blocks.remove(&head).unwrap_or_default();
        findings[head].instances = Some(Box::new(Instances {
            block: block.into_boxed_str(),
            addresses,
        }));
    }
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
}

/// The same rule at the same place (file and span, or live resource).
fn same_place(a: &Finding, b: &Finding) -> bool {
    a.rule_id == b.rule_id && a.location.sort_key() == b.location.sort_key()
}

/// Everything but the resource address is the same (the words were compared already).
fn says_the_same(a: &Finding, b: &Finding) -> bool {
    a.severity == b.severity
        && a.headline == b.headline
        && a.label == b.label
        && a.help == b.help
        && a.suppressed == b.suppressed
        && a.related.len() == b.related.len()
        && a.related
            .iter()
            .zip(&b.related)
            .all(|(x, y)| x.message == y.message && x.location.sort_key() == y.location.sort_key())
        && match (&a.fix, &b.fix) {
            (None, None) => true,
            (Some(x), Some(y)) => {
                x.message == y.message
                    && x.applicability == y.applicability
                    && x.edits.len() == y.edits.len()
                    && x.edits.iter().zip(&y.edits).all(|(e, g)| {
                        e.file.path == g.file.path && e.span == g.span && e.text == g.text
                    })
            }
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::model::Location;

    #[test]
    fn instance_keys_are_taken_off_an_address() {
        for (address, block) in [
            ("aws_x.t[0]", Some("aws_x.t")),
            (r#"module.m["a"].aws_x.t[3]"#, Some("module.m.aws_x.t")),
            (r#"aws_x.t["a]b[\"c"]"#, Some("aws_x.t")),
            ("aws_x.t", None),
            ("aws_x.t[0", None),
            (r#"aws_x.t["unterminated]"#, None),
        ] {
            assert_eq!(block_of(address).as_deref(), block, "{address}");
        }
    }

    fn finding(words: &mut crate::finding::Words, address: &str, says: &str) -> Box<Finding> {
        let mut f = Finding::new(
            ("LB000", "test"),
            Severity::Warning,
            format!("table {address} {says}"),
            Location::synthetic("main.tf"),
        );
        f.resource = Some(address.into());
        f.share_words(words);
        Box::new(f)
    }

    /// Instances that say the same are one finding naming the count and the first few;
    /// another message, another block or a resource without keys stays its own.
    #[test]
    fn instances_saying_the_same_are_one_finding() {
        let mut words = crate::finding::Words::default();
        let mut findings: Vec<Box<Finding>> = Vec::new();
        for i in 0..5 {
            findings.push(finding(
                &mut words,
                &format!("aws_x.t[{i}]"),
                "has no backup",
            ));
            findings.push(finding(&mut words, &format!("aws_x.t[{i}]"), "is old"));
        }
        findings.push(finding(&mut words, "aws_x.u[0]", "has no backup"));
        findings.push(finding(&mut words, "aws_x.v", "has no backup"));
        findings.push(finding(&mut words, "aws_x.v", "has no backup"));
        group(&mut findings);
        let messages: Vec<String> = findings.iter().map(|f| f.message().into_owned()).collect();
        assert_eq!(
            messages,
            [
                "table aws_x.t (5 instances: aws_x.t[0], aws_x.t[1], aws_x.t[2] and 2 more) has no backup",
                "table aws_x.t (5 instances: aws_x.t[0], aws_x.t[1], aws_x.t[2] and 2 more) is old",
                "table aws_x.u[0] has no backup",
                "table aws_x.v has no backup",
                "table aws_x.v has no backup",
            ]
        );
        // Each instance keeps the fingerprint it had alone (baselines count them).
        let alone = finding(&mut words, "aws_x.t[3]", "has no backup");
        assert!(crate::fingerprint::of_each(&findings[0]).contains(&crate::fingerprint::of(&alone)));
        assert_eq!(crate::fingerprint::of_each(&findings[0]).len(), 5);
    }
}
