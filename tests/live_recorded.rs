//! The live audit over recorded AWS responses, for the calls the emulator cannot serve
//! (moto gaps the README lists: backup selections, vault notifications, restore testing,
//! jobs and protected resources, S3 versioning, CloudWatch's CBOR protocol, account
//! regions). The real SDK clients parse the recorded bodies through the SDK's own replay
//! test client, so the wire formats, the lowering and the rules are all exercised.
//!
//! A live fixture is a `fixtures/<rule>/<case>/` directory with:
//! - `recorded/<service>.<Operation>[.<key>].<json|xml>`: a response body. With a key, it
//!   answers only requests whose path, query or body contain the key (one plan id, one
//!   bucket, one job state); without, every request of the operation. CloudWatch bodies are
//!   written as JSON and sent as CBOR. A `.404` before the extension makes it an error
//!   response. Operations without a file answer "nothing there".
//! - `expect`: the findings, one `RULE ARN` per line, exactly.
//! - `lifeboat.toml` (optional): the configuration the case is checked with.
//!
//! The audit reads one region, us-east-1, at 2026-11-25 12:00 UTC.

#![cfg(feature = "aws")]

mod common;

use std::path::{Path, PathBuf};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_backup::config::{Credentials, SharedCredentialsProvider};
use aws_smithy_http_client::test_util::infallible_client_fn;
use lifeboat::config::Config;
use lifeboat::sources::live::{self, Audit, Clients, Windows};

const NOW: i64 = 1_795_608_000;
const REGION: &str = "us-east-1";

/// A recorded response: operation, optional key, status, body.
struct Recorded {
    service: String,
    operation: String,
    key: Option<String>,
    status: u16,
    body: Vec<u8>,
}

fn recorded(dir: &Path) -> Vec<Recorded> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("recorded dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let (stem, ext) = name.rsplit_once('.').expect("an extension");
        let mut parts: Vec<&str> = stem.split('.').collect();
        let status = if parts.last() == Some(&"404") {
            parts.pop();
            404
        } else {
            200
        };
        let (service, operation) = (parts[0].to_string(), parts[1].to_string());
        let key = (parts.len() > 2).then(|| parts[2..].join("."));
        let text = std::fs::read(&path).expect("body");
        let body = if service == "cloudwatch" && ext == "json" {
            let json: serde_json::Value = serde_json::from_slice(&text).expect("JSON body");
            cbor(&json)
        } else {
            text
        };
        out.push(Recorded {
            service,
            operation,
            key,
            status,
            body,
        });
    }
    out
}

/// CloudWatch speaks Smithy RPC v2 CBOR.
fn cbor(json: &serde_json::Value) -> Vec<u8> {
    let value = ciborium::Value::serialized(json).expect("JSON maps to CBOR");
    let mut out = Vec::new();
    ciborium::into_writer(&value, &mut out).expect("CBOR encodes");
    out
}

/// Which service and operation a request is, from its host, path, headers and body.
fn operation(req: &http::Request<aws_smithy_types::body::SdkBody>) -> (String, String) {
    let host = req.uri().host().unwrap_or_default();
    // DynamoDB calls that name a table ARN go to the account's endpoint, ACCOUNT.ddb.REGION.
    let service = if host.contains(".ddb.") {
        "dynamodb".to_string()
    } else {
        host.split('.').next().unwrap_or_default().to_string()
    };
    let path = req.uri().path().trim_end_matches('/');
    let query = req.uri().query().unwrap_or_default();
    let body = String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).into_owned();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let op = match service.as_str() {
        "backup" => match segments.as_slice() {
            ["backup-vaults"] => "ListBackupVaults",
            ["backup-vaults", _, "notification-configuration"] => "GetBackupVaultNotifications",
            ["backup-vaults", _, "access-policy"] => "GetBackupVaultAccessPolicy",
            ["backup", "plans"] => "ListBackupPlans",
            ["backup", "plans", _] => "GetBackupPlan",
            ["backup", "plans", _, "selections"] => "ListBackupSelections",
            ["backup", "plans", _, "selections", _] => "GetBackupSelection",
            ["restore-testing", "plans"] => "ListRestoreTestingPlans",
            ["restore-testing", "plans", _, "selections"] => "ListRestoreTestingSelections",
            ["resources"] => "ListProtectedResources",
            ["backup-jobs"] => "ListBackupJobs",
            ["copy-jobs"] => "ListCopyJobs",
            ["restore-jobs"] => "ListRestoreJobs",
            _ => panic!("unexpected AWS Backup request {path}"),
        }
        .to_string(),
        "s3" => {
            let q = |k: &str| query.split('&').any(|p| p.split('=').next() == Some(k));
            if segments.is_empty() {
                "ListBuckets"
            } else if q("versioning") {
                "GetBucketVersioning"
            } else if q("replication") {
                "GetBucketReplication"
            } else if q("object-lock") {
                "GetObjectLockConfiguration"
            } else if q("tagging") {
                "GetBucketTagging"
            } else if q("encryption") {
                "GetBucketEncryption"
            } else {
                panic!("unexpected S3 request {path}?{query}")
            }
            .to_string()
        }
        // The query protocol: the action is a form field.
        "rds" | "redshift" | "elasticache" => body
            .split('&')
            .find_map(|p| p.strip_prefix("Action="))
            .expect("a query action")
            .to_string(),
        "elasticfilesystem" => match segments.as_slice() {
            [_, "file-systems"] => "DescribeFileSystems",
            [_, "file-systems", _, "backup-policy"] => "DescribeBackupPolicy",
            _ => panic!("unexpected EFS request {path}"),
        }
        .to_string(),
        "monitoring" => segments.last().expect("a CloudWatch operation").to_string(),
        "account" => "ListRegions".to_string(),
        _ => req
            .headers()
            .get("x-amz-target")
            .and_then(|t| t.to_str().ok())
            .and_then(|t| t.split('.').nth(1))
            .expect("a JSON target")
            .to_string(),
    };
    let service = match service.as_str() {
        "monitoring" => "cloudwatch".to_string(),
        _ => service,
    };
    (service, op)
}

/// The answer for an operation nobody recorded: nothing there.
fn nothing(service: &str, op: &str) -> (u16, Vec<u8>) {
    let s3_missing = |code: &str| {
        (
            404,
            format!("<Error><Code>{code}</Code><Message>none</Message></Error>").into_bytes(),
        )
    };
    match (service, op) {
        ("s3", "ListBuckets") => (200, b"<ListAllMyBucketsResult/>".to_vec()),
        ("s3", "GetBucketVersioning") => (200, b"<VersioningConfiguration/>".to_vec()),
        ("s3", "GetBucketReplication") => s3_missing("ReplicationConfigurationNotFoundError"),
        ("s3", "GetObjectLockConfiguration") => s3_missing("ObjectLockConfigurationNotFoundError"),
        ("s3", "GetBucketTagging") => s3_missing("NoSuchTagSet"),
        ("s3", "GetBucketEncryption") => {
            s3_missing("ServerSideEncryptionConfigurationNotFoundError")
        }
        ("rds" | "redshift" | "elasticache", _) => (
            200,
            format!("<{op}Response><{op}Result/></{op}Response>").into_bytes(),
        ),
        ("elasticfilesystem", "DescribeBackupPolicy") => (
            404,
            br#"{"ErrorCode": "PolicyNotFound", "Message": "none"}"#.to_vec(),
        ),
        ("cloudwatch", _) => (200, cbor(&serde_json::json!({}))),
        ("backup", "GetBackupVaultNotifications") => (
            404,
            br#"{"__type": "ResourceNotFoundException", "message": "none"}"#.to_vec(),
        ),
        _ => (200, b"{}".to_vec()),
    }
}

fn clients(dir: &Path) -> Clients {
    let recorded = recorded(dir);
    let http = infallible_client_fn(move |req| {
        let (service, op) = operation(&req);
        let uri = req.uri().to_string();
        if std::env::var_os("LIFEBOAT_REPLAY_DEBUG").is_some() {
            eprintln!("{service} {op} {uri}");
        }
        let body = String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).into_owned();
        let matching = |r: &&Recorded| r.service == service && r.operation == op;
        let keyed = recorded.iter().filter(matching).find(|r| {
            r.key
                .as_deref()
                .is_some_and(|k| uri.contains(k) || body.contains(k))
        });
        let any = recorded.iter().filter(matching).find(|r| r.key.is_none());
        let (status, bytes) = match keyed.or(any) {
            Some(r) => (r.status, r.body.clone()),
            None => nothing(&service, &op),
        };
        let content_type = match service.as_str() {
            "s3" | "rds" | "redshift" | "elasticache" => "text/xml",
            "cloudwatch" => "application/cbor",
            "dynamodb" => "application/x-amz-json-1.0",
            "events" | "kms" | "fsx" => "application/x-amz-json-1.1",
            _ => "application/json",
        };
        let mut response = http::Response::builder()
            .status(status)
            .header("content-type", content_type);
        if service == "cloudwatch" {
            response = response.header("smithy-protocol", "rpc-v2-cbor");
        }
        if status == 404 && service == "backup" {
            response = response.header("x-amzn-errortype", "ResourceNotFoundException");
        }
        if status == 404 && service == "elasticfilesystem" {
            response = response.header("x-amzn-errortype", "PolicyNotFound");
        }
        response
            .body(aws_smithy_types::body::SdkBody::from(bytes))
            .expect("a response")
    });
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDRECORDED",
            "recorded-secret",
            None,
            None,
            "recorded",
        )))
        .http_client(http)
        .build();
    Clients::new(&config, true)
}

/// Every live fixture directory (one holding `recorded/`).
fn live_cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for rule in std::fs::read_dir(common::root().join("fixtures")).expect("fixtures") {
        let rule = rule.expect("entry").path();
        if !rule.is_dir() {
            continue;
        }
        for case in std::fs::read_dir(&rule).expect("rule dir") {
            let case = case.expect("entry").path();
            if case.join("recorded").is_dir() {
                out.push(case);
            }
        }
    }
    out.sort();
    out
}

fn audit(case: &Path) -> Audit {
    let windows = Windows {
        now: NOW,
        lookback_hours: 24,
        restore_days: 35,
    };
    live::audit_with(
        vec![(REGION.to_string(), clients(&case.join("recorded")))],
        windows,
    )
    .expect("the audit runs")
}

/// A case's configuration: its `lifeboat.toml` when it has one.
fn config(case: &Path) -> Config {
    let file = case.join("lifeboat.toml");
    if file.is_file() {
        lifeboat::config::load(&file).expect("the case's configuration loads")
    } else {
        Config::default()
    }
}

fn findings(audit: Audit, config: &Config) -> (Vec<String>, Vec<String>) {
    let problems = audit.problems.clone();
    let inputs = lifeboat::sources::Inputs {
        estates: vec![audit.estate],
        problems: Vec::new(),
        files: 0,
    };
    let outcome = lifeboat::check::evaluate(inputs, config, None);
    let mut got: Vec<String> = outcome
        .findings
        .iter()
        .filter(|f| f.is_active())
        .map(|f| {
            let arn = match f.location.place() {
                lifeboat::model::Place::Resource(r) => r.arn.clone(),
                // A finding in an organization policy the account read: its line there.
                lifeboat::model::Place::File { file, span } => {
                    format!("{}:{}", file.display, file.line_col(span.start).line)
                }
                other => format!("{other:?}"),
            };
            format!("{} {arn}", f.rule_id)
        })
        .collect();
    got.sort();
    (got, problems)
}

#[test]
fn every_live_fixture_reports_exactly_what_it_expects() {
    let cases = live_cases();
    assert!(cases.len() >= 6, "only {} live fixtures", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let (got, problems) = findings(audit(case), &config(case));
        let mut want: Vec<String> = std::fs::read_to_string(case.join("expect"))
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        want.sort();
        if got != want || !problems.is_empty() {
            failures.push(format!(
                "{}:\n  expected {want:?}\n  got      {got:?}\n  problems {problems:?}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--all-regions`: the regions come from account:ListRegions, enabled ones only.
#[test]
fn all_regions_lists_the_enabled_regions() {
    let http = infallible_client_fn(|req| {
        let body = String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).into_owned();
        assert_eq!(req.uri().path(), "/listRegions");
        // Both opt-in states are asked for: regions on by default and opted-in ones.
        assert!(
            body.contains("ENABLED_BY_DEFAULT") && body.contains("\"ENABLED\""),
            "{body}"
        );
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(aws_smithy_types::body::SdkBody::from(
                r#"{"Regions": [
                    {"RegionName": "us-east-1", "RegionOptStatus": "ENABLED_BY_DEFAULT"},
                    {"RegionName": "eu-south-1", "RegionOptStatus": "ENABLED"},
                    {"RegionName": "af-south-1", "RegionOptStatus": "ENABLED"}
                ]}"#,
            ))
            .expect("a response")
    });
    let config = aws_sdk_account::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(Credentials::new("AKIDRECORDED", "secret", None, None, "t"))
        .http_client(http)
        .build();
    let client = aws_sdk_account::Client::from_conf(config);
    let regions = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(live::enabled_regions(&client))
        .expect("regions");
    assert_eq!(regions, ["af-south-1", "eu-south-1", "us-east-1"]);
}

/// An organization account whose audit role cannot be assumed (it does not exist, or its
/// trust policy does not name the auditor: AWS answers both with the same AccessDenied,
/// recorded here; moto lets any role be assumed): the account is a problem naming the role
/// and the reason, and the role is assumed with the external id and session name given.
#[test]
fn a_role_that_cannot_be_assumed_is_a_problem_naming_it() {
    let http = infallible_client_fn(|req| {
        let body = String::from_utf8_lossy(req.body().bytes().unwrap_or_default()).into_owned();
        assert!(body.contains("Action=AssumeRole"), "{body}");
        assert!(body.contains("ExternalId=org-audit-7"), "{body}");
        assert!(body.contains("RoleSessionName=lifeboat-audit"), "{body}");
        http::Response::builder()
            .status(403)
            .header("content-type", "text/xml")
            .body(aws_smithy_types::body::SdkBody::from(
                r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/LifeboatAudit</Message>
  </Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>"#,
            ))
            .expect("a response")
    });
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDRECORDED",
            "secret",
            None,
            None,
            "t",
        )))
        .http_client(http)
        // What aws_config::defaults gives a real run: a clock and a sleep for retries.
        .time_source(aws_smithy_async::time::SystemTimeSource::new())
        .sleep_impl(aws_smithy_async::rt::sleep::default_async_sleep().expect("tokio sleep"))
        .build();
    let target = live::organization::Target {
        id: Some("444455556666".into()),
        name: Some("payments".into()),
        role_arn: Some("arn:aws:iam::444455556666:role/LifeboatAudit".into()),
    };
    let roles = live::RoleOptions {
        external_id: Some("org-audit-7".into()),
        ..live::RoleOptions::default()
    };
    let result = tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(live::organization::credentials(&target, &config, &roles));
    let err = result.expect_err("the role is not assumed");
    assert!(
        err.contains("cannot assume arn:aws:iam::444455556666:role/LifeboatAudit"),
        "{err}"
    );
    assert!(
        err.contains("AccessDenied") || err.contains("not authorized"),
        "{err}"
    );
    assert!(
        !err.contains("secret"),
        "no credentials in the message: {err}"
    );
}

/// Live findings in SARIF: valid against the official schema, located by ARN only.
#[test]
fn live_sarif_locates_findings_by_arn() {
    let audit = audit(&common::root().join("fixtures/LB902/fail"));
    let inputs = lifeboat::sources::Inputs {
        estates: vec![audit.estate],
        problems: Vec::new(),
        files: 0,
    };
    let outcome = lifeboat::check::evaluate(inputs, &Config::default(), None);
    let report = lifeboat::report::Report {
        findings: &outcome.findings,
        files: 0,
        resources: outcome.resources,
        missing_modules: 0,
        problems: &[],
        skipped: &[],
        accounts: &Default::default(),
    };
    let log: serde_json::Value = serde_json::from_str(&lifeboat::report::sarif::render(
        &report,
        &lifeboat::report::sarif::SarifOptions::default(),
    ))
    .expect("SARIF is JSON");
    let text = std::fs::read_to_string(common::root().join("tests/schemas/sarif-2.1.0-rtm.5.json"))
        .expect("schema");
    // The same escape as tests/formats.rs: the schema's ECMAScript `]` literal.
    let text = text.replace(r#"-[a-zA-Z]{2}]?$"#, r#"-[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let lb902: Vec<&serde_json::Value> =
        results.iter().filter(|r| r["ruleId"] == "LB902").collect();
    assert_eq!(lb902.len(), 2);
    for r in lb902 {
        let location = &r["locations"][0];
        assert!(location.get("physicalLocation").is_none(), "{r}");
        let logical = &location["logicalLocations"][0];
        assert!(logical["fullyQualifiedName"]
            .as_str()
            .is_some_and(|a| a.starts_with("arn:aws:")));
        assert_eq!(logical["properties"]["region"], "us-east-1");
    }
}
