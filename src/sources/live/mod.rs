//! The live account (cargo feature `aws`): read-only calls through the AWS SDK, region by
//! region and service by service in parallel, lowered into the same model as Terraform and
//! CloudFormation, plus the evidence only an account has. Findings point at ARNs.

mod actions;
mod call;
mod clients;
mod lower;
mod progress;
pub mod read;
mod regions;

use std::collections::BTreeMap;

use crate::model::{Estate, Field, Location, Meta};

pub use actions::ACTIONS;
pub use clients::Clients;
pub use read::Windows;
pub use regions::enabled_regions;

use call::Tally;
use progress::Progress;

/// How to reach the account and what to read.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Regions to read.
    pub regions: Vec<String>,
    /// Read every region enabled for the account (account:ListRegions) instead.
    pub all_regions: bool,
    /// An endpoint to send every call to (an emulator).
    pub endpoint_url: Option<String>,
    /// A named profile of the shared config files.
    pub profile: Option<String>,
    /// Seconds one attempt of a call may take.
    pub timeout_secs: u64,
    /// Attempts per call (the SDK's standard retry mode backs off between them).
    pub max_attempts: u32,
    /// No progress bar.
    pub quiet: bool,
    /// Failed jobs this many hours back count (LB902).
    pub lookback_hours: i64,
    /// Restore jobs this many days back count (LB802).
    pub restore_days: i64,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            regions: Vec::new(),
            all_regions: false,
            endpoint_url: None,
            profile: None,
            timeout_secs: 20,
            max_attempts: 3,
            quiet: true,
            lookback_hours: 24,
            restore_days: 35,
        }
    }
}

/// What an audit read.
#[derive(Debug)]
pub struct Audit {
    /// The account's estate (all regions together, so cross-region copies resolve).
    pub estate: Estate,
    /// Calls that failed (permission missing, service unavailable): the audit went on.
    pub problems: Vec<String>,
    /// API calls made.
    pub calls: usize,
    /// The regions read.
    pub regions: Vec<String>,
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

/// Identity and placement of a live resource; tags None when they were not read.
pub(crate) fn meta(arn: &str, region: &str, tags: Option<BTreeMap<String, String>>) -> Meta {
    let at = location(arn, region);
    let account = arn.split(':').nth(4).unwrap_or_default().to_string();
    Meta {
        address: arn.to_string(),
        location: at.clone(),
        region: known(region.to_string(), &at),
        account: known(account.clone(), &at),
        provider: format!("live#{account}"),
        credentials: format!("account:{account}"),
        region_from_provider: false,
        exists: known(true, &at),
        dialect: crate::model::Dialect::default(),
        removal: None,
        tags: match tags {
            Some(t) => known(t, &at),
            None => Field::Unknown {
                at: at.clone(),
                expr: "the resource's tags (not read)".into(),
            },
        },
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn windows(options: &AuditOptions) -> Windows {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Windows {
        now,
        lookback_hours: options.lookback_hours,
        restore_days: options.restore_days,
    }
}

/// Reads every region of the account and lowers what it read. Errors only when the audit
/// cannot start (no runtime, or `--all-regions` cannot list the regions).
pub fn audit(options: &AuditOptions) -> Result<Audit, String> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let mut calls = 0;
        let regions = if options.all_regions {
            // The account API is global; any region's endpoint answers.
            let home = options.regions.first().map_or("us-east-1", String::as_str);
            let config = clients::load(home, options).await;
            calls += 1;
            enabled_regions(&aws_sdk_account::Client::new(&config)).await?
        } else {
            options.regions.clone()
        };
        let mut clients = Vec::new();
        for region in regions {
            let config = clients::load(&region, options).await;
            clients.push((
                region,
                Clients::new(&config, options.endpoint_url.is_some()),
            ));
        }
        let mut audit = read_all(clients, windows(options), options.quiet).await;
        audit.calls += calls;
        Ok(audit)
    })
}

/// Audits with clients built elsewhere (tests replay recorded responses through them).
pub fn audit_with(regions: Vec<(String, Clients)>, windows: Windows) -> Result<Audit, String> {
    Ok(runtime()?.block_on(read_all(regions, windows, true)))
}

async fn read_all(regions: Vec<(String, Clients)>, windows: Windows, quiet: bool) -> Audit {
    let progress = Progress::new(regions.len(), quiet);
    let mut set = tokio::task::JoinSet::new();
    for (region, clients) in regions {
        let progress = progress.clone();
        set.spawn(async move { read::region(&region, &clients, windows, &progress).await });
    }
    let mut read = Vec::new();
    let mut tally = Tally::default();
    while let Some(r) = set.join_next().await {
        match r {
            Ok(r) => read.push(r),
            Err(e) => tally
                .problems
                .push(format!("a region's reader stopped: {e}")),
        }
    }
    progress.finish();
    read.sort_by(|a, b| a.region.cmp(&b.region));
    for r in &mut read {
        tally.absorb(std::mem::take(&mut r.tally));
    }
    let mut estate = Estate {
        name: "live account".into(),
        ..Estate::default()
    };
    lower::lower(&read, windows, &mut estate);
    Audit {
        estate,
        problems: tally.problems,
        calls: tally.calls,
        regions: read.into_iter().map(|r| r.region).collect(),
    }
}
