//! Which accounts an audit reads, and the credentials for each: the ambient account, every
//! active account of an AWS Organization through a role of one name, or a list of roles.

use aws_config::sts::AssumeRoleProvider;
use aws_config::SdkConfig;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};

use super::actions;
use super::call::describe;

/// Which accounts to read.
#[derive(Debug, Clone, Default)]
pub enum Accounts {
    /// The account of the ambient credentials.
    #[default]
    Own,
    /// Every active account of the organization (listed from the management account or a
    /// delegated administrator), through `arn:…:iam::<id>:role/<role_name>`.
    Organization {
        /// The role to assume in each account.
        role_name: String,
        /// Only these account ids (empty: all).
        only: Vec<String>,
        /// Not these account ids.
        exclude: Vec<String>,
    },
    /// These roles, one account each.
    Roles(Vec<String>),
}

/// How to assume the roles.
#[derive(Debug, Clone)]
pub struct RoleOptions {
    /// The external id the roles' trust policies require, if any.
    pub external_id: Option<String>,
    /// The session name (CloudTrail shows it).
    pub session_name: String,
}

impl Default for RoleOptions {
    fn default() -> Self {
        RoleOptions {
            external_id: None,
            session_name: "lifeboat-audit".into(),
        }
    }
}

/// One account to read.
#[derive(Debug, Clone)]
pub struct Target {
    /// The account id (unknown for the ambient account until something names it).
    pub id: Option<String>,
    /// The account's name in the organization.
    pub name: Option<String>,
    /// The role to assume, if any.
    pub role_arn: Option<String>,
}

/// The partition of a region (`aws`, `aws-cn`, `aws-us-gov`).
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The account id an ARN names (`arn:aws:iam::111122223333:role/x`), if it names one.
pub fn account_of_arn(arn: &str) -> Option<String> {
    let id = arn.split(':').nth(4)?;
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_string())
}

/// The accounts to read, in account-id order. Listing the organization's accounts is the
/// only call that can stop an organization audit (nothing else would be known to read).
pub async fn targets(
    accounts: &Accounts,
    base: &SdkConfig,
    home_region: &str,
    calls: &mut usize,
) -> Result<Vec<Target>, String> {
    match accounts {
        Accounts::Own => Ok(vec![Target {
            id: None,
            name: None,
            role_arn: None,
        }]),
        Accounts::Roles(arns) => {
            let mut out: Vec<Target> = arns
                .iter()
                .map(|arn| Target {
                    id: account_of_arn(arn),
                    name: None,
                    role_arn: Some(arn.clone()),
                })
                .collect();
            out.sort_by(|a, b| a.id.cmp(&b.id));
            Ok(out)
        }
        Accounts::Organization {
            role_name,
            only,
            exclude,
        } => {
            let client = aws_sdk_organizations::Client::new(base);
            let mut pages = client.list_accounts().into_paginator().send();
            let mut out = Vec::new();
            while let Some(page) = pages.next().await {
                *calls += 1;
                let page = page.map_err(|e| {
                    format!(
                        "--organization needs {} from the management account or a delegated administrator: {}",
                        actions::LIST_ACCOUNTS,
                        describe(&e)
                    )
                })?;
                for a in page.accounts() {
                    let Some(id) = a.id() else { continue };
                    // Suspended and closing accounts cannot be read.
                    #[allow(deprecated)]
                    let active = a.status().is_none_or(|s| s.as_str() == "ACTIVE");
                    let wanted = (only.is_empty() || only.iter().any(|o| o == id))
                        && !exclude.iter().any(|x| x == id);
                    if active && wanted {
                        out.push(Target {
                            id: Some(id.to_string()),
                            name: a.name().map(str::to_string),
                            role_arn: Some(format!(
                                "arn:{}:iam::{id}:role/{role_name}",
                                partition(home_region)
                            )),
                        });
                    }
                }
            }
            out.sort_by(|a, b| a.id.cmp(&b.id));
            // Accounts named with --accounts that the organization does not list.
            for o in only {
                if !out.iter().any(|t| t.id.as_deref() == Some(o.as_str())) {
                    return Err(format!(
                        "account {o} (--accounts) is not an active account of the organization"
                    ));
                }
            }
            Ok(out)
        }
    }
}

/// The credentials of a target: the ambient ones, or the role's, assumed once now so an
/// account whose role cannot be assumed is known before anything is read there.
pub async fn credentials(
    target: &Target,
    base: &SdkConfig,
    roles: &RoleOptions,
) -> Result<Option<SharedCredentialsProvider>, String> {
    let Some(arn) = &target.role_arn else {
        return Ok(None);
    };
    let mut builder = AssumeRoleProvider::builder(arn.clone())
        .session_name(roles.session_name.clone())
        .configure(base);
    if let Some(id) = &roles.external_id {
        builder = builder.external_id(id.clone());
    }
    let provider = builder.build().await;
    provider
        .provide_credentials()
        .await
        .map_err(|e| format!("cannot assume {arn} ({})", describe(&e)))?;
    Ok(Some(SharedCredentialsProvider::new(provider)))
}
