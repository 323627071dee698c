//! What only the account knows: protected resources with their newest recovery point, jobs
//! that failed in the lookback window, and the restore jobs of restore testing plans.

use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types::{BackupJobState, CopyJobState};
use aws_sdk_backup::Client;

use super::Windows;
use crate::model::{JobKind, RestoreJob};
use crate::sources::live::call::{pages, Tally};

/// A protected resource as listed.
#[derive(Debug, Clone)]
pub struct Protected {
    /// Resource ARN.
    pub arn: String,
    /// AWS Backup's resource type.
    pub resource_type: String,
    /// Newest recovery point, epoch seconds.
    pub last_backup: Option<i64>,
}

/// A job that did not complete.
#[derive(Debug, Clone)]
pub struct Job {
    /// Backup or copy.
    pub kind: JobKind,
    /// Job id.
    pub id: String,
    /// The resource it was for.
    pub resource_arn: String,
    /// Final state.
    pub state: String,
    /// AWS's explanation.
    pub message: Option<String>,
    /// Creation time, epoch seconds.
    pub created: i64,
}

/// A region's evidence.
#[derive(Debug, Clone, Default)]
pub struct EvidenceData {
    /// Protected resources.
    pub protected: Vec<Protected>,
    /// Failed backup and copy jobs.
    pub failed_jobs: Vec<Job>,
    /// Restore jobs of restore testing plans.
    pub restores: Vec<RestoreJob>,
    /// Whether every restore job page was read.
    pub restores_read: bool,
}

/// Reads the region's evidence.
pub async fn read(client: &Client, region: &str, w: Windows) -> (EvidenceData, Tally) {
    let since_jobs = DateTime::from_secs(w.now - w.lookback_hours * 3600);
    let since_restores = DateTime::from_secs(w.now - w.restore_days * 86_400);
    let (protected, backups, copies, restores) = tokio::join!(
        protected(client, region),
        failed_backups(client, region, since_jobs),
        failed_copies(client, region, since_jobs),
        restores(client, region, since_restores),
    );
    let mut tally = Tally::default();
    let mut failed_jobs = Vec::new();
    for (jobs, t) in [backups, copies] {
        failed_jobs.extend(jobs);
        tally.absorb(t);
    }
    let (protected, t) = protected;
    tally.absorb(t);
    let ((restores, restores_read), t) = restores;
    tally.absorb(t);
    let out = EvidenceData {
        protected,
        failed_jobs,
        restores,
        restores_read,
    };
    (out, tally)
}

async fn protected(client: &Client, region: &str) -> (Vec<Protected>, Tally) {
    let (mut out, mut tally) = (Vec::new(), Tally::default());
    pages!(
        tally,
        region,
        "backup:ListProtectedResources",
        client.list_protected_resources(),
        |page| {
            for r in page.results() {
                if let Some(arn) = r.resource_arn() {
                    out.push(Protected {
                        arn: arn.to_string(),
                        resource_type: r.resource_type().unwrap_or_default().to_string(),
                        last_backup: r.last_backup_time().map(DateTime::secs),
                    });
                }
            }
        }
    );
    (out, tally)
}

async fn failed_backups(client: &Client, region: &str, since: DateTime) -> (Vec<Job>, Tally) {
    let (mut out, mut tally) = (Vec::new(), Tally::default());
    // The list filters by one state at a time; failures are rare, so three small calls
    // beat paging through every completed job.
    for state in [
        BackupJobState::Failed,
        BackupJobState::Aborted,
        BackupJobState::Expired,
    ] {
        pages!(
            tally,
            region,
            "backup:ListBackupJobs",
            client
                .list_backup_jobs()
                .by_state(state)
                .by_created_after(since),
            |page| {
                for j in page.backup_jobs() {
                    // A parent job's children carry the failures themselves.
                    if j.is_parent() {
                        continue;
                    }
                    out.extend(job(
                        JobKind::Backup,
                        j.backup_job_id(),
                        j.resource_arn(),
                        j.state().map(|s| s.as_str()),
                        j.status_message(),
                        j.creation_date(),
                    ));
                }
            }
        );
    }
    (out, tally)
}

async fn failed_copies(client: &Client, region: &str, since: DateTime) -> (Vec<Job>, Tally) {
    let (mut out, mut tally) = (Vec::new(), Tally::default());
    pages!(
        tally,
        region,
        "backup:ListCopyJobs",
        client
            .list_copy_jobs()
            .by_state(CopyJobState::Failed)
            .by_created_after(since),
        |page| {
            for j in page.copy_jobs() {
                if j.is_parent() {
                    continue;
                }
                out.extend(job(
                    JobKind::Copy,
                    j.copy_job_id(),
                    j.resource_arn(),
                    j.state().map(|s| s.as_str()),
                    j.status_message(),
                    j.creation_date(),
                ));
            }
        }
    );
    (out, tally)
}

fn job(
    kind: JobKind,
    id: Option<&str>,
    resource: Option<&str>,
    state: Option<&str>,
    message: Option<&str>,
    created: Option<&DateTime>,
) -> Option<Job> {
    Some(Job {
        kind,
        id: id?.to_string(),
        resource_arn: resource?.to_string(),
        state: state.unwrap_or("FAILED").to_string(),
        message: message.filter(|m| !m.is_empty()).map(str::to_string),
        created: created?.secs(),
    })
}

async fn restores(
    client: &Client,
    region: &str,
    since: DateTime,
) -> ((Vec<RestoreJob>, bool), Tally) {
    let (mut out, mut tally) = (Vec::new(), Tally::default());
    let read = pages!(
        tally,
        region,
        "backup:ListRestoreJobs",
        client.list_restore_jobs().by_created_after(since),
        |page| {
            for j in page.restore_jobs() {
                let plan = j.created_by().and_then(|c| c.restore_testing_plan_arn());
                let (Some(plan), Some(id), Some(created)) =
                    (plan, j.restore_job_id(), j.creation_date())
                else {
                    continue; // not started by a restore testing plan
                };
                out.push(RestoreJob {
                    plan_arn: plan.to_string(),
                    id: id.to_string(),
                    status: j.status().map_or("PENDING", |s| s.as_str()).to_string(),
                    validation_status: j.validation_status().map(|s| s.as_str().to_string()),
                    message: j
                        .validation_status_message()
                        .or(j.status_message())
                        .filter(|m| !m.is_empty())
                        .map(str::to_string),
                    created: created.secs(),
                });
            }
        }
    );
    ((out, read), tally)
}
