//! The service clients of one region of one account, built from the standard credential
//! chain or an assumed role's credentials.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;

use super::AuditOptions;

/// One region's clients: everything the audit calls there.
#[derive(Clone, Debug)]
pub struct Clients {
    /// AWS Backup.
    pub backup: aws_sdk_backup::Client,
    /// DynamoDB.
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// RDS and Aurora.
    pub rds: aws_sdk_rds::Client,
    /// S3.
    pub s3: aws_sdk_s3::Client,
    /// CloudWatch.
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    /// EventBridge.
    pub events: aws_sdk_eventbridge::Client,
    /// KMS (who manages a vault's key).
    pub kms: aws_sdk_kms::Client,
    /// Redshift.
    pub redshift: aws_sdk_redshift::Client,
    /// ElastiCache.
    pub elasticache: aws_sdk_elasticache::Client,
    /// EFS.
    pub efs: aws_sdk_efs::Client,
    /// FSx.
    pub fsx: aws_sdk_fsx::Client,
    /// AWS Organizations (the account's effective backup policy).
    pub organizations: aws_sdk_organizations::Client,
}

impl Clients {
    /// Clients for a loaded configuration. `path_style` addresses S3 buckets by path,
    /// which emulators on a plain host name need.
    pub fn new(config: &SdkConfig, path_style: bool) -> Clients {
        let s3 = aws_sdk_s3::config::Builder::from(config)
            .force_path_style(path_style)
            .build();
        Clients {
            backup: aws_sdk_backup::Client::new(config),
            dynamodb: aws_sdk_dynamodb::Client::new(config),
            rds: aws_sdk_rds::Client::new(config),
            s3: aws_sdk_s3::Client::from_conf(s3),
            cloudwatch: aws_sdk_cloudwatch::Client::new(config),
            events: aws_sdk_eventbridge::Client::new(config),
            kms: aws_sdk_kms::Client::new(config),
            redshift: aws_sdk_redshift::Client::new(config),
            elasticache: aws_sdk_elasticache::Client::new(config),
            efs: aws_sdk_efs::Client::new(config),
            fsx: aws_sdk_fsx::Client::new(config),
            organizations: aws_sdk_organizations::Client::new(config),
        }
    }
}

/// Loads the shared configuration for a region: credentials from the standard chain (env,
/// profile, SSO, web identity, IMDS), the SDK's standard retry mode (backoff on
/// throttling), and a timeout on every call.
pub async fn load(
    region: &str,
    options: &AuditOptions,
    credentials: Option<SharedCredentialsProvider>,
) -> SdkConfig {
    let timeout = Duration::from_secs(options.timeout_secs.max(1));
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .retry_config(RetryConfig::standard().with_max_attempts(options.max_attempts.max(1)))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(timeout)
                .operation_attempt_timeout(timeout)
                // All attempts of one call together, backoff included.
                .operation_timeout(timeout * options.max_attempts.max(1) * 2)
                .build(),
        );
    if let Some(p) = &options.profile {
        loader = loader.profile_name(p);
    }
    if let Some(e) = &options.endpoint_url {
        loader = loader.endpoint_url(e);
    }
    // An assumed role's credentials (an organization audit), else the standard chain.
    if let Some(c) = credentials {
        loader = loader.credentials_provider(c);
    }
    loader.load().await
}
