//! Who watches: CloudWatch alarms and EventBridge rules (vault notifications come with the
//! vaults).

use crate::sources::live::call::{each_tallied, pages, token_pages, Tally};

/// An EventBridge rule with its number of targets.
#[derive(Debug, Clone, Default)]
pub struct RuleData {
    /// Rule ARN.
    pub arn: String,
    /// The event pattern (JSON), if the rule has one.
    pub pattern: Option<String>,
    /// Whether the rule is enabled.
    pub enabled: bool,
    /// Number of targets; None when they could not be read.
    pub targets: Option<usize>,
}

/// Metric alarms; the flag says whether every page was read.
pub async fn alarms(
    client: &aws_sdk_cloudwatch::Client,
    region: &str,
) -> ((Vec<aws_sdk_cloudwatch::types::MetricAlarm>, bool), Tally) {
    let (mut out, mut tally) = (Vec::new(), Tally::default());
    let read = pages!(
        tally,
        region,
        "cloudwatch:DescribeAlarms",
        client.describe_alarms(),
        |page| out.extend(page.metric_alarms().iter().cloned())
    );
    ((out, read), tally)
}

/// Rules of the default event bus, with target counts for those about AWS Backup.
pub async fn rules(
    client: &aws_sdk_eventbridge::Client,
    region: &str,
) -> ((Vec<RuleData>, bool), Tally) {
    let (mut out, mut tally) = (Vec::new(), Tally::default());
    let mut complete = token_pages!(
        tally,
        region,
        "events:ListRules",
        |token| client.list_rules().set_next_token(token.clone()),
        |page| {
            for r in page.rules() {
                let Some(arn) = r.arn() else { continue };
                out.push(RuleData {
                    arn: arn.to_string(),
                    pattern: r.event_pattern().map(str::to_string),
                    enabled: r.state().is_some_and(|s| s.as_str() == "ENABLED"),
                    targets: None,
                });
            }
        }
    );
    // Only rules about AWS Backup events matter; count their targets.
    let names: Vec<(usize, String)> = out
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.pattern
                .as_deref()
                .is_some_and(|p| p.contains("aws.backup"))
        })
        .filter_map(|(i, r)| Some((i, r.arn.rsplit('/').next()?.to_string())))
        .collect();
    let counted = each_tallied(&mut tally, names, |(i, name)| async move {
        let mut tally = Tally::default();
        let mut count = 0;
        let read = token_pages!(
            tally,
            region,
            "events:ListTargetsByRule",
            |token| client
                .list_targets_by_rule()
                .rule(&name)
                .set_next_token(token.clone()),
            |page| count += page.targets().len()
        );
        ((i, read.then_some(count)), tally)
    })
    .await;
    for (i, count) in counted {
        complete &= count.is_some();
        out[i].targets = count;
    }
    ((out, complete), tally)
}
