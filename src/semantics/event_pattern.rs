//! A small EventBridge event-pattern matcher: does a pattern match a sample event?
//!
//! Fields the sample does not carry (a vault name, a resource type) cannot be decided and
//! count as matching: a rule that watches failures of one vault still watches failures.

use serde_json::Value;

/// Matches a pattern (JSON text) against an event; None when the pattern is not JSON.
pub fn matches(pattern: &str, event: &Value) -> Option<bool> {
    let pattern: Value = serde_json::from_str(pattern).ok()?;
    Some(object_matches(&pattern, event))
}

fn object_matches(pattern: &Value, event: &Value) -> bool {
    let Value::Object(fields) = pattern else {
        return false;
    };
    fields.iter().all(|(key, p)| match (p, event.get(key)) {
        (Value::Object(_), Some(e @ Value::Object(_))) => object_matches(p, e),
        (Value::Array(allowed), Some(e)) => allowed.iter().any(|a| value_matches(a, e)),
        // The sample has no such field: the pattern narrows on something we cannot see.
        (_, None) => true,
        _ => false,
    })
}

fn value_matches(allowed: &Value, actual: &Value) -> bool {
    let text = actual.as_str().unwrap_or_default();
    match allowed {
        Value::Object(m) => m.iter().all(|(op, arg)| match op.as_str() {
            "prefix" => arg.as_str().is_some_and(|p| text.starts_with(p)),
            "suffix" => arg.as_str().is_some_and(|s| text.ends_with(s)),
            "equals-ignore-case" => arg.as_str().is_some_and(|s| s.eq_ignore_ascii_case(text)),
            "wildcard" => arg
                .as_str()
                .is_some_and(|w| crate::semantics::selection::glob(w, text)),
            "exists" => arg.as_bool() != Some(false),
            "anything-but" => match arg {
                Value::Array(items) => !items.iter().any(|i| value_matches(i, actual)),
                Value::Object(_) => !value_matches(arg, actual),
                other => other != actual,
            },
            _ => true, // numeric, cidr...: not decidable on our sample
        }),
        other => other == actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_backup_failure_patterns() {
        let event = json!({"source": "aws.backup", "detail-type": "Backup Job State Change", "detail": {"state": "FAILED"}});
        assert_eq!(matches(r#"{"source":["aws.backup"]}"#, &event), Some(true));
        assert_eq!(
            matches(
                r#"{"source":["aws.backup"],"detail":{"state":["FAILED","ABORTED"]}}"#,
                &event
            ),
            Some(true)
        );
        assert_eq!(
            matches(
                r#"{"source":["aws.backup"],"detail":{"state":["COMPLETED"]}}"#,
                &event
            ),
            Some(false)
        );
        assert_eq!(matches(r#"{"source":["aws.ec2"]}"#, &event), Some(false));
        assert_eq!(
            matches(
                r#"{"detail-type":[{"prefix":"Backup Job"}],"detail":{"state":[{"anything-but":"COMPLETED"}]}}"#,
                &event
            ),
            Some(true)
        );
        assert_eq!(
            matches(
                r#"{"source":["aws.backup"],"detail":{"backupVaultName":["prod"]}}"#,
                &event
            ),
            Some(true)
        );
        assert_eq!(matches("not json", &event), None);
    }
}
