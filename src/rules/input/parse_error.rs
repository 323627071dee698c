//! LB001 parse-error: a file in scope cannot be parsed.

use crate::finding::Finding;

use super::super::review::Facts;
use super::super::{Rule, RuleInfo};

/// LB001.
pub struct ParseErrorRule;

/// LB001's identity.
static PARSE_ERROR: &RuleInfo = &crate::rules::meta::LB001;

impl Rule for ParseErrorRule {
    fn info(&self) -> &'static RuleInfo {
        PARSE_ERROR
    }

    /// Every file a scan unit could not read, where reading stopped.
    fn review(&self, facts: &Facts, out: &mut Vec<Finding>) {
        if facts.suppressions.is_some() {
            return; // reviewed before suppressions are matched
        }
        for e in facts.estates.iter().flat_map(|e| &e.parse_errors) {
            let path = e
                .location
                .source()
                // Repository-relative, as in every machine format: the message is part of
                // the fingerprint, which must not depend on the working directory.
                .map(|f| f.repo.clone())
                .unwrap_or_default();
            let mut f = Finding::new(
                (PARSE_ERROR.id, PARSE_ERROR.name),
                PARSE_ERROR.severity,
                format!("{path}: {}", e.message),
                e.location.clone(),
            );
            f.resource = Some(path.into());
            f.headline(e.message.clone())
                .label("reading stopped here")
                .help(
                    "fix the file: every other file is still checked, but nothing in this one is",
                );
            out.push(f);
        }
    }
}
