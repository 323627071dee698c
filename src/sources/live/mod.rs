//! The live account (cargo feature `aws`): read-only calls through the AWS SDK, region by
//! region in parallel, lowered into the same model as Terraform and CloudFormation.
//!
//! Read so far: backup vaults (with their locks), backup plans (rules, lifecycles, copy
//! actions), backup selections, DynamoDB tables (deletion protection, point-in-time
//! recovery) and RDS instances and clusters. Findings point at ARNs.

mod read;

use std::collections::BTreeMap;

use crate::model::{Estate, Field, Location, Meta};

pub use read::{RegionData, ACTIONS};

/// How to reach the account.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// Regions to read.
    pub regions: Vec<String>,
    /// An endpoint to send every call to (an emulator).
    pub endpoint_url: Option<String>,
    /// A named profile of the shared config files.
    pub profile: Option<String>,
}

/// What an audit read.
pub struct Audit {
    /// The account's estate (all regions together, so cross-region copies resolve).
    pub estate: Estate,
    /// Calls that failed (permission missing, service unavailable): the audit went on.
    pub problems: Vec<String>,
    /// API calls made.
    pub calls: usize,
}

/// Where a live resource is.
pub(crate) fn location(arn: &str, region: &str) -> Location {
    Location::Resource {
        arn: arn.to_string(),
        region: region.to_string(),
    }
}

/// A known field located at its resource.
pub(crate) fn known<T>(value: T, at: &Location) -> Field<T> {
    Field::Known {
        value,
        at: at.clone(),
    }
}

/// Identity and placement of a live resource.
pub(crate) fn meta(arn: &str, region: &str, tags: Option<BTreeMap<String, String>>) -> Meta {
    let at = location(arn, region);
    let account = arn.split(':').nth(4).unwrap_or_default().to_string();
    Meta {
        address: arn.to_string(),
        location: at.clone(),
        region: known(region.to_string(), &at),
        account: known(account.clone(), &at),
        provider: format!("live#{account}"),
        region_from_provider: false,
        tags: match tags {
            Some(t) => known(t, &at),
            None => Field::Unknown {
                at: at.clone(),
                expr: "the resource's tags (not read)".into(),
            },
        },
    }
}

/// Reads every region and lowers what it read.
pub fn audit(options: &AuditOptions) -> Audit {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return Audit {
                estate: Estate::default(),
                problems: vec![format!("cannot start the async runtime: {e}")],
                calls: 0,
            };
        }
    };
    let mut regions: Vec<RegionData> = runtime.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for region in &options.regions {
            let (region, options) = (region.clone(), options.clone());
            set.spawn(async move { read::region(&region, &options).await });
        }
        let mut out = Vec::new();
        while let Some(r) = set.join_next().await {
            if let Ok(r) = r {
                out.push(r);
            }
        }
        out
    });
    regions.sort_by(|a, b| a.region.cmp(&b.region));
    let mut estate = Estate {
        name: "live account".into(),
        // Not read yet by the live audit: the rules that need them stay silent.
        monitoring_unknown: true,
        restore_testing_unknown: true,
        ..Estate::default()
    };
    let problems = regions
        .iter()
        .flat_map(|r| r.problems.iter().cloned())
        .collect();
    let calls = regions.iter().map(|r| r.calls).sum();
    read::lower(&regions, &mut estate);
    Audit {
        estate,
        problems,
        calls,
    }
}
