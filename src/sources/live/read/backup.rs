//! AWS Backup's configuration: vaults with their locks and notifications, plans with their
//! selections, restore testing plans with theirs.

use aws_sdk_backup::error::ProvideErrorMetadata;
use aws_sdk_backup::types::{BackupPlan, BackupSelection, EncryptionKeyType};
use aws_sdk_backup::Client;

use crate::sources::live::call::{each, pages, Tally};

/// A vault as listed, with its notification settings.
#[derive(Debug, Clone, Default)]
pub struct VaultData {
    /// Vault name.
    pub name: String,
    /// Vault ARN.
    pub arn: String,
    /// The KMS key ARN.
    pub key: Option<String>,
    /// Who manages the key, when that could be told.
    pub key_manager: Option<KeyManager>,
    /// Whether a vault lock is set.
    pub locked: bool,
    /// The lock's minimum retention.
    pub min: Option<i64>,
    /// The lock's maximum retention.
    pub max: Option<i64>,
    /// When the lock becomes immutable (compliance mode), in epoch seconds.
    pub lock_date: Option<i64>,
    /// Notification events and SNS topic, when notifications are configured.
    pub notifications: Option<(Vec<String>, String)>,
    /// A logically air-gapped vault.
    pub air_gapped: bool,
    /// The access policy: `Some(None)` when it has none, None when it could not be read.
    pub access_policy: Option<Option<String>>,
}

/// Who manages a vault's KMS key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyManager {
    /// A customer-managed key.
    Customer,
    /// The AWS-managed key (`aws/backup`).
    Aws,
    /// An AWS-owned key (logically air-gapped vaults).
    AwsOwned,
}

/// A plan with its rules and selections.
#[derive(Debug, Clone)]
pub struct PlanData {
    /// The plan's ARN.
    pub arn: String,
    /// The plan as `GetBackupPlan` returns it.
    pub plan: BackupPlan,
    /// Its selections.
    pub selections: Vec<BackupSelection>,
}

/// A restore testing plan with the resource types its selections test.
#[derive(Debug, Clone)]
pub struct RestorePlanData {
    /// Plan ARN.
    pub arn: String,
    /// Plan name.
    pub name: String,
    /// Schedule expression.
    pub schedule: String,
    /// Creation time, epoch seconds.
    pub created: i64,
    /// Protected resource types of its selections (one per selection).
    pub selections: Vec<String>,
}

/// Vaults with their notifications and key managers; the flag says whether every
/// notification was read.
pub async fn vaults(
    client: &Client,
    kms: &aws_sdk_kms::Client,
    region: &str,
) -> ((Vec<VaultData>, bool), Tally) {
    let mut tally = Tally::default();
    let mut out = Vec::new();
    pages!(
        tally,
        region,
        "backup:ListBackupVaults",
        client.list_backup_vaults(),
        |page| {
            for v in page.backup_vault_list() {
                let (Some(name), Some(arn)) = (v.backup_vault_name(), v.backup_vault_arn()) else {
                    continue;
                };
                out.push(VaultData {
                    name: name.to_string(),
                    arn: arn.to_string(),
                    key: v.encryption_key_arn().map(str::to_string),
                    key_manager: v.encryption_key_type().map(|t| match t {
                        EncryptionKeyType::CustomerManagedKmsKey => KeyManager::Customer,
                        _ => KeyManager::AwsOwned,
                    }),
                    locked: v.locked().unwrap_or(false),
                    min: v.min_retention_days(),
                    max: v.max_retention_days(),
                    lock_date: v.lock_date().map(|d| d.secs()),
                    notifications: None,
                    air_gapped: v.vault_type()
                        == Some(&aws_sdk_backup::types::VaultType::LogicallyAirGappedBackupVault),
                    access_policy: None,
                });
            }
        }
    );
    // No list call returns notifications: one call per vault, a few at a time.
    let names: Vec<String> = out.iter().map(|v| v.name.clone()).collect();
    let answers = each(names, |name| async move {
        client
            .get_backup_vault_notifications()
            .backup_vault_name(name)
            .send()
            .await
    })
    .await;
    let mut complete = true;
    for (vault, answer) in out.iter_mut().zip(answers) {
        tally.calls += 1;
        match answer {
            Ok(n) => {
                vault.notifications = Some((
                    n.backup_vault_events()
                        .iter()
                        .map(|e| e.as_str().to_string())
                        .collect(),
                    n.sns_topic_arn().unwrap_or_default().to_string(),
                ))
            }
            // No notifications configured.
            Err(e) if e.code() == Some("ResourceNotFoundException") => {}
            Err(e) => {
                tally.failed(region, "backup:GetBackupVaultNotifications", &e);
                complete = false;
            }
        }
    }
    // Access policies: one call per vault as well.
    let names: Vec<String> = out.iter().map(|v| v.name.clone()).collect();
    let answers = each(names, |name| async move {
        client
            .get_backup_vault_access_policy()
            .backup_vault_name(name)
            .send()
            .await
    })
    .await;
    for (vault, answer) in out.iter_mut().zip(answers) {
        tally.calls += 1;
        match answer {
            Ok(p) => vault.access_policy = Some(p.policy().map(str::to_string)),
            Err(e) if e.code() == Some("ResourceNotFoundException") => {
                vault.access_policy = Some(None)
            }
            Err(e) => tally.failed(region, "backup:GetBackupVaultAccessPolicy", &e),
        }
    }
    key_managers(kms, region, &mut out, &mut tally).await;
    ((out, complete), tally)
}

/// Asks KMS who manages each vault key the vault list did not type (once per key): the
/// AWS-managed key and a customer key look alike in the vault list.
async fn key_managers(
    kms: &aws_sdk_kms::Client,
    region: &str,
    vaults: &mut [VaultData],
    tally: &mut Tally,
) {
    let mut keys: Vec<String> = vaults
        .iter()
        .filter(|v| v.key_manager.is_none())
        .filter_map(|v| v.key.clone())
        .collect();
    keys.sort();
    keys.dedup();
    let answers = each(keys.clone(), |key| async move {
        kms.describe_key().key_id(key).send().await
    })
    .await;
    let mut managers = std::collections::HashMap::new();
    for (key, answer) in keys.into_iter().zip(answers) {
        tally.calls += 1;
        match answer {
            Ok(d) => {
                let manager = d
                    .key_metadata()
                    .and_then(|m| m.key_manager())
                    .map(|m| match m {
                        aws_sdk_kms::types::KeyManagerType::Aws => KeyManager::Aws,
                        _ => KeyManager::Customer,
                    });
                if let Some(m) = manager {
                    managers.insert(key, m);
                }
            }
            // A key that no longer exists stays unknown here.
            Err(e) if e.code() == Some("NotFoundException") => {}
            Err(e) => tally.failed(region, "kms:DescribeKey", &e),
        }
    }
    for v in vaults.iter_mut().filter(|v| v.key_manager.is_none()) {
        v.key_manager = v.key.as_ref().and_then(|k| managers.get(k).copied());
    }
}

/// Plans with their rules and selections; the flag says whether every selection was read.
pub async fn plans(client: &Client, region: &str) -> ((Vec<PlanData>, bool), Tally) {
    let mut tally = Tally::default();
    let mut ids = Vec::new();
    let listed = pages!(
        tally,
        region,
        "backup:ListBackupPlans",
        client.list_backup_plans(),
        |page| {
            for p in page.backup_plans_list() {
                if let (Some(id), Some(arn)) = (p.backup_plan_id(), p.backup_plan_arn()) {
                    ids.push((id.to_string(), arn.to_string()));
                }
            }
        }
    );
    let read = each(ids, |(id, arn)| async move {
        let mut tally = Tally::default();
        let plan = plan(client, region, &id, &mut tally).await;
        let selections = selections(client, region, &id, &mut tally).await;
        (plan.map(|plan| (arn, plan)), selections, tally)
    })
    .await;
    let mut out = Vec::new();
    let mut complete = listed;
    for (plan, selections, t) in read {
        tally.absorb(t);
        complete &= selections.is_some();
        if let Some((arn, plan)) = plan {
            out.push(PlanData {
                arn,
                plan,
                selections: selections.unwrap_or_default(),
            });
        }
    }
    ((out, complete), tally)
}

async fn plan(client: &Client, region: &str, id: &str, tally: &mut Tally) -> Option<BackupPlan> {
    tally.calls += 1;
    match client.get_backup_plan().backup_plan_id(id).send().await {
        Ok(r) => r.backup_plan().cloned(),
        Err(e) => {
            tally.failed(region, "backup:GetBackupPlan", &e);
            None
        }
    }
}

/// A plan's selections; None when they could not all be read.
async fn selections(
    client: &Client,
    region: &str,
    id: &str,
    tally: &mut Tally,
) -> Option<Vec<BackupSelection>> {
    let mut ids = Vec::new();
    let listed = pages!(
        tally,
        region,
        "backup:ListBackupSelections",
        client.list_backup_selections().backup_plan_id(id),
        |page| {
            ids.extend(
                page.backup_selections_list()
                    .iter()
                    .filter_map(|s| s.selection_id().map(str::to_string)),
            );
        }
    );
    if !listed {
        return None;
    }
    let answers = each(ids, |sid| async move {
        client
            .get_backup_selection()
            .backup_plan_id(id)
            .selection_id(sid)
            .send()
            .await
    })
    .await;
    let mut out = Vec::new();
    for answer in answers {
        tally.calls += 1;
        match answer {
            Ok(r) => out.extend(r.backup_selection().cloned()),
            Err(e) => {
                tally.failed(region, "backup:GetBackupSelection", &e);
                return None;
            }
        }
    }
    Some(out)
}

/// Restore testing plans and the resource types their selections test.
pub async fn restore_testing(
    client: &Client,
    region: &str,
) -> ((Vec<RestorePlanData>, bool), Tally) {
    let mut tally = Tally::default();
    let mut out = Vec::new();
    let mut complete = pages!(
        tally,
        region,
        "backup:ListRestoreTestingPlans",
        client.list_restore_testing_plans(),
        |page| {
            for p in page.restore_testing_plans() {
                out.push(RestorePlanData {
                    arn: p.restore_testing_plan_arn().to_string(),
                    name: p.restore_testing_plan_name().to_string(),
                    schedule: p.schedule_expression().to_string(),
                    created: p.creation_time().secs(),
                    selections: Vec::new(),
                });
            }
        }
    );
    let names: Vec<String> = out.iter().map(|p| p.name.clone()).collect();
    let answers = each(names, |name| async move {
        let mut tally = Tally::default();
        let mut types = Vec::new();
        let read = pages!(
            tally,
            region,
            "backup:ListRestoreTestingSelections",
            client
                .list_restore_testing_selections()
                .restore_testing_plan_name(name),
            |page| {
                types.extend(
                    page.restore_testing_selections()
                        .iter()
                        .map(|s| s.protected_resource_type().to_string()),
                );
            }
        );
        (types, read, tally)
    })
    .await;
    for (plan, (types, read, t)) in out.iter_mut().zip(answers) {
        plan.selections = types;
        complete &= read;
        tally.absorb(t);
    }
    ((out, complete), tally)
}
