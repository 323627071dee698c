//! "Did you mean": the rule a misspelled id or name most likely meant.

/// The rule id or name closest to `key` (case aside), when it is close enough to be the
/// one meant: at most two edits, or a quarter of the key's length for long names.
pub fn did_you_mean(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    let limit = (key.chars().count() / 4).max(2);
    crate::rules::meta::ALL
        .iter()
        .flat_map(|r| [r.id, r.name])
        .map(|candidate| (edits(&key, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(d, _)| *d > 0 && *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, candidate)| candidate)
}

/// The Levenshtein distance: insertions, deletions and substitutions.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The hint for a key that names no rule: ` (did you mean LB104?)`, or nothing.
pub fn hint(key: &str) -> String {
    did_you_mean(key).map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_misspellings_are_suggested_and_far_ones_not() {
        assert_eq!(
            did_you_mean("vault-lock-mising"),
            Some("vault-lock-missing")
        );
        assert_eq!(did_you_mean("LB1O4"), Some("LB104"));
        assert_eq!(did_you_mean("lb104x"), Some("LB104"));
        assert_eq!(did_you_mean("completely-unrelated-words"), None);
        assert_eq!(edits("kitten", "sitting"), 3);
    }
}
