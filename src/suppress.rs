//! Inline suppressions: finding `lifeboat:ignore[...]` comments and the source each covers,
//! and applying them (with the baseline) to findings.

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::{Finding, Suppressed};
use crate::model::{Location, SourceFile, Suppression};

/// Comment syntax of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// HCL: `#` and `//` comments, blocks in braces.
    Hcl,
    /// YAML: `#` comments, blocks by indentation.
    Yaml,
}

const MARKER: &str = "lifeboat:ignore[";

/// Finds every suppression comment of a file.
pub fn scan(file: &Arc<SourceFile>, syntax: Syntax) -> Vec<Suppression> {
    let lines: Vec<(usize, &str)> = line_spans(&file.text);
    let mut out = Vec::new();
    for (i, &(start, line)) in lines.iter().enumerate() {
        let Some(m) = line.find(MARKER) else { continue };
        let before = &line[..m];
        let comment_at = match (before.rfind('#'), before.rfind("//")) {
            (Some(a), Some(b)) => a.max(b),
            (Some(a), None) => a,
            (None, Some(b)) if syntax == Syntax::Hcl => b,
            _ => continue, // not in a comment
        };
        let after = &line[m + MARKER.len()..];
        let Some(close) = after.find(']') else {
            continue;
        };
        let rules: Vec<String> = after[..close]
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let reason = after[close + 1..]
            .trim()
            .trim_start_matches([':', '-', '—'])
            .trim();
        let own_line = before[..comment_at].trim().is_empty();
        // A comment on its own line covers the next construct; at the end of a line, that line's.
        let target = if own_line {
            (i + 1..lines.len()).find(|&j| {
                let t = lines[j].1.trim();
                !t.is_empty() && !t.starts_with('#') && !t.starts_with("//")
            })
        } else {
            Some(i)
        };
        let Some(target) = target else { continue };
        let end_line = match syntax {
            Syntax::Hcl => hcl_end(&lines, target),
            Syntax::Yaml => yaml_end(&lines, target),
        };
        let scope_start = lines[target].0;
        let scope_end = lines[end_line].0 + lines[end_line].1.len();
        out.push(Suppression {
            rules,
            reason: (!reason.is_empty()).then(|| reason.to_string()),
            at: Location::file(file, start + comment_at..start + line.len()),
            scope: Location::file(file, scope_start..scope_end),
        });
    }
    out
}

fn line_spans(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        out.push((start, line.strip_suffix('\r').unwrap_or(line)));
        start += line.len() + 1;
    }
    out
}

/// The last line of the HCL construct starting at `from`: to the matching brace or bracket.
fn hcl_end(lines: &[(usize, &str)], from: usize) -> usize {
    let mut depth: i64 = 0;
    for (j, (_, line)) in lines.iter().enumerate().skip(from) {
        let code = line.split(" #").next().unwrap_or(line);
        let mut in_string = false;
        for c in code.chars() {
            match c {
                '"' => in_string = !in_string,
                '{' | '[' | '(' if !in_string => depth += 1,
                '}' | ']' | ')' if !in_string => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            return j;
        }
    }
    lines.len() - 1
}

/// The last line of the YAML construct starting at `from`: its more-indented children.
fn yaml_end(lines: &[(usize, &str)], from: usize) -> usize {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let own = indent(lines[from].1);
    let mut last = from;
    for (j, (_, line)) in lines.iter().enumerate().skip(from + 1) {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if indent(line) <= own {
            break;
        }
        last = j;
    }
    last
}

fn covers(s: &Suppression, f: &Finding) -> bool {
    let (Some((sf, scope)), Some((ff, span))) = (s.scope.file_span(), f.location.file_span())
    else {
        return false;
    };
    sf.path == ff.path
        && scope.contains(&span.start)
        && s.rules
            .iter()
            .any(|r| crate::config::selects(r, f.rule_id, f.rule_name))
}

/// Hides the findings inline suppressions cover, and says which suppressions hid one
/// (for LB003 and LB004's review).
pub fn apply<'s>(
    findings: &mut [Box<Finding>],
    suppressions: &[&'s Suppression],
) -> Vec<crate::rules::review::SuppressionUse<'s>> {
    let mut used = vec![false; suppressions.len()];
    for f in findings.iter_mut() {
        for (i, s) in suppressions.iter().enumerate() {
            if let (Some(reason), true) = (&s.reason, covers(s, f)) {
                f.suppressed = Some(Box::new(Suppressed {
                    in_source: true,
                    justification: reason.clone(),
                }));
                used[i] = true;
                break;
            }
        }
    }
    suppressions
        .iter()
        .zip(used)
        .map(|(s, used)| crate::rules::review::SuppressionUse {
            suppression: s,
            used,
        })
        .collect()
}

/// A baseline: how many findings of each fingerprint were accepted.
pub type Baseline = HashMap<String, usize>;

/// Largest baseline read: one accepting 100,000 findings is about 10 MB; a link to
/// `/dev/zero` is refused, not read.
const MAX_BASELINE_BYTES: u64 = 32 << 20;

/// Reads a baseline file.
pub fn read_baseline(path: &std::path::Path) -> Result<Baseline, String> {
    let text = crate::sources::read_limited_text(path, MAX_BASELINE_BYTES)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}: invalid baseline: {e}", path.display()))?;
    let invalid = |why: String| format!("{}: invalid baseline: {why}", path.display());
    match json.get("version") {
        Some(v) if v.as_u64() == Some(1) => {}
        Some(v) => {
            return Err(invalid(format!(
                "version {v} is not supported (expected 1)"
            )))
        }
        None => return Err(invalid("no \"version\"".into())),
    }
    let map = json["fingerprints"]
        .as_object()
        .ok_or_else(|| invalid("no \"fingerprints\" object".into()))?;
    map.iter()
        .map(|(k, v)| match v.as_u64() {
            Some(n) => Ok((k.clone(), n as usize)),
            None => Err(invalid(format!(
                "the count of fingerprint {k} is {v}, not a whole number"
            ))),
        })
        .collect()
}

/// The baseline of a set of findings: every current finding, including those an earlier
/// baseline accepted (so rewriting a baseline in place keeps it), but not those suppressed
/// in the source.
pub fn baseline_of(findings: &[Box<Finding>]) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let counted = |f: &&Finding| f.suppressed.as_ref().is_none_or(|s| !s.in_source);
    for f in findings.iter().map(|f| &**f).filter(counted) {
        for fingerprint in crate::fingerprint::of_each(f) {
            *counts.entry(fingerprint).or_default() += 1;
        }
    }
    let json = serde_json::json!({
        "version": 1,
        "tool": format!("lifeboat {}", env!("CARGO_PKG_VERSION")),
        "fingerprints": counts,
    });
    serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
}

/// Hides findings the baseline accepted (as many of each fingerprint as it counts).
pub fn apply_baseline(findings: &mut [Box<Finding>], baseline: &Baseline, name: &str) {
    let mut left = baseline.clone();
    for f in findings.iter_mut().filter(|f| f.is_active()) {
        if let Some(n) = left.get_mut(&crate::fingerprint::of(f)).filter(|n| **n > 0) {
            *n -= 1;
            f.suppressed = Some(Box::new(Suppressed {
                in_source: false,
                justification: format!("accepted in the baseline {name}"),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scopes(text: &str, syntax: Syntax) -> Vec<(Vec<String>, Option<String>, String)> {
        let file = Arc::new(SourceFile::new(PathBuf::from("t"), "t".into(), text.into()));
        scan(&file, syntax)
            .into_iter()
            .map(|s| (s.rules, s.reason, s.scope.text().to_string()))
            .collect()
    }

    #[test]
    fn hcl_comments_cover_the_next_block_or_their_line() {
        let text = "// lifeboat:ignore[LB104, vault-lock-missing] accepted for now\nresource \"a\" \"b\" {\n  x = { y = 1 }\n}\nz = 2 # lifeboat:ignore[LB1] legacy\n# lifeboat:ignore[LB105]\nw = 3\n";
        let got = scopes(text, Syntax::Hcl);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0].0,
            vec!["LB104".to_string(), "vault-lock-missing".to_string()]
        );
        assert_eq!(got[0].1.as_deref(), Some("accepted for now"));
        assert_eq!(got[0].2, "resource \"a\" \"b\" {\n  x = { y = 1 }\n}");
        assert_eq!(got[1].2, "z = 2 # lifeboat:ignore[LB1] legacy");
        assert_eq!(got[2].1, None, "no reason");
        assert_eq!(got[2].2, "w = 3");
    }

    #[test]
    fn yaml_comments_cover_the_key_and_its_children() {
        let text = "Resources:\n  # lifeboat:ignore[LB101] sandbox\n  Vault:\n    Type: X\n    Properties:\n      A: 1\n  Other:\n    Type: Y\n";
        let got = scopes(text, Syntax::Yaml);
        assert_eq!(
            got[0].2,
            "  Vault:\n    Type: X\n    Properties:\n      A: 1"
        );
        // `//` is not a YAML comment.
        assert!(scopes("a: b // lifeboat:ignore[LB1] x\n", Syntax::Yaml).is_empty());
    }
}
