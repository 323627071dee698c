//! The live account (cargo feature `aws`): read-only calls through the AWS SDK, region by
//! region and service by service in parallel, lowered into the same model as Terraform and
//! CloudFormation, plus the evidence only an account has. Findings point at ARNs.

mod actions;
mod call;
mod clients;
mod lower;
pub mod organization;
mod progress;
pub mod read;
mod regions;

use std::collections::BTreeMap;

use crate::model::{Estate, Field, Location, Meta};

pub use actions::{ACTIONS, MANAGEMENT_ACTIONS};
pub use clients::Clients;
pub use organization::{Accounts, RoleOptions};
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
    /// Which accounts to read.
    pub accounts: Accounts,
    /// How to assume the audit role in each account.
    pub roles: RoleOptions,
    /// Account × region readers at work at once (each runs its services concurrently).
    pub concurrency: usize,
}

/// Readers at once by default: enough to keep latency hidden across 100 accounts × 17
/// regions, few enough that each service's own calls (8 at a time per reader) stay clear of
/// per-account throttling, since readers of one account share its limits.
pub const DEFAULT_CONCURRENCY: usize = 16;

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
            accounts: Accounts::Own,
            roles: RoleOptions::default(),
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// An account an audit read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// Its id (unknown for the ambient account when nothing it holds names it).
    pub id: Option<String>,
    /// Its name in the organization.
    pub name: Option<String>,
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
    /// The regions read (of any account).
    pub regions: Vec<String>,
    /// The accounts read (an organization audit: every one whose role could be assumed).
    pub accounts: Vec<AccountInfo>,
    /// The accounts that could not be read at all (their role could not be assumed, or
    /// their regions could not be listed); each is also a problem.
    pub not_audited: Vec<AccountInfo>,
}

/// Where a live resource is (its account read from the ARN).
pub(crate) fn location(arn: &str, region: &str) -> Location {
    let account = arn.split(':').nth(4).unwrap_or_default();
    location_in(arn, region, account)
}

/// Where a live resource is whose ARN does not name its account (S3 buckets).
pub(crate) fn location_in(arn: &str, region: &str, account: &str) -> Location {
    Location::resource(crate::model::LiveResource {
        arn: arn.to_string(),
        region: region.to_string(),
        account: account.to_string(),
    })
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
    Meta::from(crate::model::MetaData {
        address: arn.to_string().into(),
        location: at.clone(),
        region: known(region.to_string(), &at),
        account: known(account.clone(), &at),
        provider: format!("live#{account}").into(),
        credentials: format!("account:{account}").into(),
        region_from_provider: false,
        exists: known(true, &at),
        dialect: crate::model::Dialect::default(),
        removal: None,
        tags: match tags {
            Some(t) => known(crate::model::tags(t), &at),
            None => Field::Unknown {
                at: at.clone(),
                expr: "the resource's tags (not read)".into(),
            },
        },
    })
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

/// One account × region to read.
struct Job {
    account: Option<String>,
    region: String,
    clients: Clients,
}

/// Reads every region of every account and lowers what it read. Errors only when the
/// audit cannot start (no runtime, `--all-regions` cannot list the regions of a single
/// account, or the organization's accounts cannot be listed); an account whose role cannot
/// be assumed, or whose regions cannot be listed, is a problem and the others go on.
pub fn audit(options: &AuditOptions) -> Result<Audit, String> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let mut calls = 0;
        let mut problems = Vec::new();
        let home = options.regions.first().map_or("us-east-1", String::as_str);
        let base = clients::load(home, options, None).await;
        let targets = organization::targets(&options.accounts, &base, home, &mut calls).await?;
        let several = !matches!(options.accounts, Accounts::Own);
        // Roles are assumed (and regions listed) a few accounts at a time.
        let prepared = call::each(targets, |t| {
            let base = &base;
            async move {
                let label = account_label(t.id.as_deref(), t.name.as_deref());
                let mut made = 0;
                let credentials = match organization::credentials(&t, base, &options.roles).await {
                    Ok(c) => c,
                    Err(e) => return (t, Err(format!("{label}: {e}; not audited")), 1),
                };
                made += usize::from(t.role_arn.is_some());
                let regions = if options.all_regions {
                    // The account API is global; any region's endpoint answers.
                    let config = clients::load(home, options, credentials.clone()).await;
                    made += 1;
                    match enabled_regions(&aws_sdk_account::Client::new(&config)).await {
                        Ok(r) => r,
                        Err(e) if several => {
                            return (t, Err(format!("{label}: {e}; not audited")), made)
                        }
                        Err(e) => return (t, Err(e), made),
                    }
                } else {
                    options.regions.clone()
                };
                let mut jobs = Vec::new();
                for region in regions {
                    let config = clients::load(&region, options, credentials.clone()).await;
                    jobs.push(Job {
                        account: t.id.clone(),
                        region,
                        clients: Clients::new(&config, options.endpoint_url.is_some()),
                    });
                }
                (t, Ok(jobs), made)
            }
        })
        .await;
        let mut jobs = Vec::new();
        let mut accounts = Vec::new();
        let mut not_audited = Vec::new();
        for (target, result, made) in prepared {
            calls += made;
            let info = AccountInfo {
                id: target.id,
                name: target.name,
            };
            match result {
                Ok(j) => {
                    jobs.extend(j);
                    accounts.push(info);
                }
                Err(e) if several => {
                    problems.push(e);
                    not_audited.push(info);
                }
                Err(e) => return Err(e),
            }
        }
        let mut audit = read_all(
            jobs,
            windows(options),
            options.quiet,
            options.concurrency,
            several,
        )
        .await;
        audit.calls += calls;
        problems.append(&mut audit.problems);
        audit.problems = problems;
        audit.accounts = accounts;
        audit.not_audited = not_audited;
        Ok(audit)
    })
}

pub use crate::report::account_label;

/// Audits with clients built elsewhere (tests replay recorded responses through them).
pub fn audit_with(regions: Vec<(String, Clients)>, windows: Windows) -> Result<Audit, String> {
    let jobs = regions
        .into_iter()
        .map(|(region, clients)| Job {
            account: None,
            region,
            clients,
        })
        .collect();
    Ok(runtime()?.block_on(read_all(jobs, windows, true, DEFAULT_CONCURRENCY, false)))
}

async fn read_all(
    jobs: Vec<Job>,
    windows: Windows,
    quiet: bool,
    concurrency: usize,
    several: bool,
) -> Audit {
    let accounts = jobs
        .iter()
        .map(|j| j.account.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let progress = Progress::new(accounts, jobs.len(), quiet);
    // One cap over every account and region, so a large organization does not open
    // thousands of connections at once.
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut set = tokio::task::JoinSet::new();
    // The effective backup policy is the account's, whatever the region: one reader each.
    let mut policy_read = std::collections::BTreeSet::new();
    for job in jobs {
        let org_policy = policy_read.insert(job.account.clone());
        let progress = progress.clone();
        let permits = std::sync::Arc::clone(&permits);
        set.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let label = match &job.account {
                Some(a) => format!("{a} {}", job.region),
                None => job.region.clone(),
            };
            let mut data = read::region(
                &job.region,
                &job.clients,
                windows,
                &progress,
                &label,
                org_policy,
            )
            .await;
            data.account = job.account;
            data
        });
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
    // The ambient account's id, from any ARN it read, so its S3 buckets (whose ARNs name
    // no account) are placed in it like everything else.
    let inferred = read.iter().find_map(|r| {
        r.vaults
            .iter()
            .map(|v| v.arn.as_str())
            .chain(r.tables.iter().map(|t| t.arn.as_str()))
            .chain(r.plans.iter().map(|p| p.arn.as_str()))
            .find_map(organization::account_of_arn)
    });
    for r in &mut read {
        if r.account.is_none() {
            r.account.clone_from(&inferred);
        }
    }
    read.sort_by(|a, b| (&a.account, &a.region).cmp(&(&b.account, &b.region)));
    for r in &mut read {
        let mut t = std::mem::take(&mut r.tally);
        // Problems name the account when there are several.
        if several {
            let label = account_label(r.account.as_deref(), None);
            for p in &mut t.problems {
                *p = format!("{label}: {p}");
            }
        }
        tally.absorb(t);
    }
    let mut estate = Estate {
        name: if several {
            "live accounts".into()
        } else {
            "live account".into()
        },
        ..Estate::default()
    };
    lower::lower(&read, windows, &mut estate);
    let mut regions: Vec<String> = read.into_iter().map(|r| r.region).collect();
    regions.sort();
    regions.dedup();
    Audit {
        estate,
        problems: tally.problems,
        calls: tally.calls,
        regions,
        accounts: Vec::new(),
        not_audited: Vec::new(),
    }
}
