//! Resource policies (a backup vault's access policy) as far as the rules read them: who
//! is denied or allowed which actions.

use super::Location;

/// An access policy document.
#[derive(Debug, Clone)]
pub struct AccessPolicy {
    /// Where the policy is written.
    pub location: Location,
    /// Its statements; `complete` is false when some could not be read.
    pub statements: Vec<PolicyStatement>,
    /// Every statement was read (none came from an unresolved value).
    pub complete: bool,
}

/// Who a statement applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principals {
    /// `"*"` or `{"AWS": "*"}`: everyone.
    Everyone,
    /// `NotPrincipal`: everyone but the listed principals.
    AllBut(Vec<String>),
    /// The listed principals (ARNs, account ids, services).
    Only(Vec<String>),
    /// Could not be read.
    Unknown,
}

/// How a statement's condition narrows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Narrowing {
    /// No condition.
    None,
    /// Only negated conditions on the calling principal (`StringNotLike` /
    /// `ArnNotEquals`... on `aws:PrincipalArn`, `aws:userid`...): it applies to everyone
    /// but an allowed set.
    ExceptPrincipals,
    /// Anything else: it may apply to only some callers.
    Other,
}

/// One statement.
#[derive(Debug, Clone)]
pub struct PolicyStatement {
    /// Where the statement is written.
    pub location: Location,
    /// `Effect: Deny` (else Allow); None when unresolved.
    pub deny: Option<bool>,
    /// Who it applies to.
    pub principals: Principals,
    /// `Action` patterns; None when unresolved.
    pub actions: Option<Vec<String>>,
    /// `NotAction` patterns (the statement covers every other action).
    pub not_actions: Option<Vec<String>>,
    /// Its condition.
    pub narrowing: Narrowing,
}

/// Does an IAM action pattern (`backup:Delete*`, `*`) match an action? Case-insensitive,
/// `*` any run of characters, `?` one.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    fn go(p: &[u8], a: &[u8]) -> bool {
        match (p.first(), a.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], a) || (!a.is_empty() && go(p, &a[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &a[1..]),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => go(&p[1..], &a[1..]),
            _ => false,
        }
    }
    // Patterns are short; bound the work all the same.
    pattern.len() <= 256 && go(pattern.as_bytes(), action.as_bytes())
}

impl PolicyStatement {
    /// Does the statement cover `action`? None when its actions are unresolved.
    pub fn covers(&self, action: &str) -> Option<bool> {
        match (&self.actions, &self.not_actions) {
            (Some(a), _) if !a.is_empty() => Some(a.iter().any(|p| action_matches(p, action))),
            (_, Some(n)) if !n.is_empty() => Some(!n.iter().any(|p| action_matches(p, action))),
            (Some(_), _) | (_, Some(_)) => Some(false),
            _ => None,
        }
    }
}
