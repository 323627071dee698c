//! LB001 parse-error: a file in scope cannot be parsed.

use crate::model::Estate;

use super::super::{Ctx, Rule, RuleInfo};

/// LB001.
pub struct ParseErrorRule;

/// LB001's identity.
static PARSE_ERROR: &RuleInfo = &crate::rules::meta::LB001;

impl Rule for ParseErrorRule {
    fn info(&self) -> &'static RuleInfo {
        PARSE_ERROR
    }

    fn check(&self, estate: &Estate, ctx: &mut Ctx) {
        for e in &estate.parse_errors {
            let path = e
                .location
                .source()
                .map(|f| f.display.clone())
                .unwrap_or_default();
            ctx.report(&path, &e.location, format!("{path}: {}", e.message))
                .headline(e.message.clone())
                .label("reading stopped here")
                .help(
                    "fix the file: every other file is still checked, but nothing in this one is",
                );
        }
    }
}
