//! The account's effective AWS Organizations backup policy: the plans the organization
//! applies to it (the merge of every backup policy attached to its root, OUs and itself),
//! which are backup plans of the account like the ones it creates.

use aws_sdk_organizations::error::ProvideErrorMetadata;
use aws_sdk_organizations::types::EffectivePolicyType;

use crate::sources::live::call::Tally;

/// What the account's effective backup policy is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum EffectivePolicy {
    /// None applies (no policy, or the account is in no organization).
    #[default]
    None,
    /// The policy document (JSON).
    Content(String),
    /// It could not be read: plans the organization applies are unknown.
    Unread,
}

/// `organizations:DescribeEffectivePolicy` (a member account may read its own).
pub const DESCRIBE_EFFECTIVE_POLICY: &str = "organizations:DescribeEffectivePolicy";

/// Reads the calling account's effective backup policy.
pub async fn effective_backup_policy(
    client: &aws_sdk_organizations::Client,
    region: &str,
) -> (EffectivePolicy, Tally) {
    let mut tally = Tally::default();
    tally.calls += 1;
    let answer = client
        .describe_effective_policy()
        .policy_type(EffectivePolicyType::BackupPolicy)
        .send()
        .await;
    let policy = match answer {
        Ok(out) => out
            .effective_policy()
            .and_then(|p| p.policy_content())
            .map_or(EffectivePolicy::None, |c| {
                EffectivePolicy::Content(c.to_string())
            }),
        // No backup policy applies, or the account is in no organization: nothing to add.
        Err(e)
            if matches!(
                e.code(),
                Some("EffectivePolicyNotFoundException" | "AWSOrganizationsNotInUseException")
            ) =>
        {
            EffectivePolicy::None
        }
        Err(e) => {
            tally.failed(region, DESCRIBE_EFFECTIVE_POLICY, &e);
            EffectivePolicy::Unread
        }
    };
    (policy, tally)
}
