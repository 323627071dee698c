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
/// `*` any run of characters, `?` one. Linear in both lengths: only the last `*` is ever
/// backtracked to, so no pattern (`*?*?*?…`) can make it take exponential time.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let (p, a) = (pattern.as_bytes(), action.as_bytes());
    let (mut pi, mut ai) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ai < a.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ai));
                pi += 1;
            }
            Some(c) if *c == b'?' || c.eq_ignore_ascii_case(&a[ai]) => {
                pi += 1;
                ai += 1;
            }
            _ => match star {
                // Let the last `*` take one more character and try again from there.
                Some((sp, sa)) => {
                    star = Some((sp, sa + 1));
                    pi = sp + 1;
                    ai = sa + 1;
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == b'*')
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

#[cfg(test)]
mod tests {
    use super::action_matches;

    #[test]
    fn iam_wildcards() {
        assert!(action_matches("*", "backup:DeleteRecoveryPoint"));
        assert!(action_matches("backup:*", "backup:DeleteRecoveryPoint"));
        assert!(action_matches(
            "BACKUP:delete*",
            "backup:DeleteRecoveryPoint"
        ));
        assert!(action_matches(
            "backup:Delete?ecoveryPoint",
            "backup:DeleteRecoveryPoint"
        ));
        assert!(action_matches(
            "*Recovery*",
            "backup:UpdateRecoveryPointLifecycle"
        ));
        assert!(!action_matches(
            "backup:Delete",
            "backup:DeleteRecoveryPoint"
        ));
        assert!(!action_matches("s3:*", "backup:DeleteRecoveryPoint"));
        assert!(!action_matches("backup:?", "backup:DeleteRecoveryPoint"));
        assert!(action_matches("**", ""));
        assert!(!action_matches("?", ""));
    }

    #[test]
    fn hostile_patterns_take_linear_time() {
        // Exponential for a naive matcher (it hung a check); instant here.
        let p = "*?".repeat(20) + "z";
        assert!(!action_matches(&p, "backup:DeleteRecoveryPoint"));
        let long = "*a".repeat(5000) + "b";
        assert!(!action_matches(&long, &"a".repeat(10_000)));
    }
}
