//! The live audit against a real AWS API emulator: moto's server mode (installed by
//! scripts/test.sh into .venv) on 127.0.0.1, with an estate built through the API.

#![cfg(feature = "aws")]

mod common;
#[path = "live/faults.rs"]
mod faults;

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command};
use std::time::Duration;

/// The calls the emulator is made to fail, in every region and account: the audit must
/// name each failed call once per region, go on with the rest, and end incomplete. Chosen
/// by these tests (through [`faults::Faults`]), not left to what one emulator release
/// happens not to serve.
const FAILED_CALLS: &[faults::Call] = &[
    faults::Call::rest(
        "backup:ListBackupSelections",
        "GET",
        "/backup/plans/*/selections/",
    ),
    faults::Call::rest(
        "backup:GetBackupVaultNotifications",
        "GET",
        "/backup-vaults/*/notification-configuration",
    ),
    faults::Call::rest(
        "backup:ListRestoreTestingPlans",
        "GET",
        "/restore-testing/plans",
    ),
    faults::Call::rest("backup:ListProtectedResources", "GET", "/resources/"),
    faults::Call::rest("backup:ListBackupJobs", "GET", "/backup-jobs/"),
    faults::Call::rest("backup:ListCopyJobs", "GET", "/copy-jobs/"),
    faults::Call::rest("backup:ListRestoreJobs", "GET", "/restore-jobs/"),
    faults::Call::rest(
        "backup:GetBackupVaultAccessPolicy",
        "GET",
        "/backup-vaults/*/access-policy",
    ),
    faults::Call::rpc("organizations:DescribeEffectivePolicy"),
    faults::Call::query("s3:GetBucketVersioning", "versioning"),
    faults::Call::rpc("cloudwatch:DescribeAlarms"),
];

/// A moto server on a free loopback port behind the proxy that fails [`FAILED_CALLS`],
/// stopped when dropped.
struct Moto {
    child: Child,
    /// The proxy: what lifeboat is pointed at.
    endpoint: String,
    /// The emulator itself: what the estate is built through.
    direct: String,
    _faults: faults::Faults,
}

impl Moto {
    fn start() -> Moto {
        let bin = common::root().join(".venv/bin/moto_server");
        assert!(
            bin.exists(),
            "{} is missing: run scripts/test.sh, which installs it",
            bin.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .expect("a free port")
            .local_addr()
            .expect("addr")
            .port();
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("moto starts");
        // The guard owns the process from here: dropping it (also on panic) stops and reaps it.
        let addr = format!("127.0.0.1:{port}");
        let faults = faults::Faults::start(addr.clone(), FAILED_CALLS);
        let moto = Moto {
            child,
            endpoint: faults.endpoint.clone(),
            direct: format!("http://{addr}"),
            _faults: faults,
        };
        for _ in 0..100 {
            if TcpStream::connect(&addr).is_ok() {
                return moto;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("moto did not listen on {addr} within 10 seconds");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn with_test_credentials(cmd: &mut Command) -> &mut Command {
    cmd.env("AWS_ACCESS_KEY_ID", "AKIAEMULATORTESTKEY")
        .env("AWS_SECRET_ACCESS_KEY", "emulator-secret-never-printed")
        .env("AWS_SESSION_TOKEN", "emulator-session-token")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
}

/// The resources a coverage map written as JSON lists.
fn mapped_resources(map_file: &std::path::Path) -> Vec<String> {
    let map: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(map_file).expect("map written"))
            .expect("JSON map");
    map["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["resource"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn audit_of_an_emulated_two_region_estate() {
    let moto = Moto::start();
    let setup = with_test_credentials(&mut Command::new(common::root().join(".venv/bin/python")))
        .arg(common::root().join("tests/live/setup_estate.py"))
        .arg(&moto.direct)
        .output()
        .expect("python runs");
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let map_file = common::temp_dir("live-coverage").join("map.json");
    let out = with_test_credentials(&mut Command::new(env!("CARGO_BIN_EXE_lifeboat")))
        .args([
            "audit",
            "--region",
            "us-east-1",
            "--region",
            "us-west-2",
            "--endpoint-url",
            &moto.endpoint,
            "--format",
            "json",
            "--coverage",
            map_file.to_str().expect("utf-8"),
        ])
        .output()
        .expect("lifeboat runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The coverage map of the account, beside the report.
    let mapped = mapped_resources(&map_file);
    assert!(
        mapped.iter().any(|r| r.ends_with(":table/orders")),
        "{mapped:?}"
    );
    // The calls the proxy fails (FAILED_CALLS): the audit names each failed action once per
    // region, goes on, and exits 2 because it is incomplete.
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // (us-west-2 has no plan, so no selections to list; the organization's effective
    // backup policy is read once, in the first region.)
    let once = [
        "backup:ListBackupSelections",
        "organizations:DescribeEffectivePolicy",
    ];
    for action in once {
        let line = format!("us-east-1: {action} failed");
        assert_eq!(stderr.matches(&line).count(), 1, "{line}\n{stderr}");
    }
    for gap in FAILED_CALLS
        .iter()
        .map(|c| c.action)
        .filter(|a| !once.contains(a))
    {
        for region in ["us-east-1", "us-west-2"] {
            let line = format!("{region}: {gap} failed");
            assert_eq!(stderr.matches(&line).count(), 1, "{line}\n{stderr}");
        }
    }
    // Nothing else failed: every other call the audit made was read.
    let failed: Vec<&str> = stderr.lines().filter(|l| l.contains(" failed (")).collect();
    assert!(
        failed.iter().all(|l| FAILED_CALLS
            .iter()
            .any(|c| l.contains(&format!("{} failed", c.action)))),
        "{stderr}"
    );
    // What the emulator serves was read: no failure for these.
    for served in [
        "backup:ListBackupVaults",
        "dynamodb:",
        "rds:",
        "s3:ListAllMyBuckets",
        "events:",
    ] {
        assert!(!stderr.contains(served), "{served}: {stderr}");
    }
    for secret in [
        "emulator-secret-never-printed",
        "emulator-session-token",
        "AKIAEMULATORTESTKEY",
    ] {
        assert!(
            !stderr.contains(secret) && !String::from_utf8_lossy(&out.stdout).contains(secret),
            "credentials are never printed"
        );
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut got: Vec<(String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let arn = f["location"]["arn"].as_str().unwrap_or_default();
            let name = arn.rsplit([':', '/']).next().unwrap_or_default();
            // Plan and FSx ids are generated by the emulator.
            let kind = if arn.contains(":backup-plan:") {
                "plan"
            } else if arn.contains(":fsx:") {
                "fsx"
            } else {
                name
            };
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                kind.to_string(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = [
        // The hourly rule keeps 1 day in a vault locked at 7 days.
        ("LB104", "plan"),
        // Both locks were just set with a 3-day grace period: still removable.
        ("LB103", "prod"),
        ("LB103", "copy"),
        // The EventBridge rule for failed jobs has no target.
        ("LB702", "backup-failed"),
        // The log bucket is not replicated; the orders bucket's replication leaves delete
        // markers behind, and the SSE-KMS objects its default encryption makes are not
        // selected for replication.
        ("LB602", "app-logs"),
        ("LB604", "orders-data"),
        ("LB606", "orders-data"),
        // The DR vault in us-west-2 receives copies but has no lock and no customer key (the
        // legacy vault's key is gone: unknown, no finding).
        ("LB102", "dr"),
        ("LB101", "dr"),
        // The "local-copy" plan copies within us-east-1: no cross-region copy, same region.
        ("LB203", "plan"),
        ("LB204", "plan"),
        // Automated backups of their own: Redshift keeps 3 days (below 7), the Valkey group
        // and the FSx file system none. (EFS: coverage is not judged, selections unread.)
        ("LB401", "warehouse"),
        ("LB401", "graph"),
        ("LB401", "sessions"),
        ("LB401", "fsx"),
        // The replica bucket has no Object Lock.
        ("LB607", "orders-replica"),
        // One account: neither plan copies out of it.
        ("LB210", "plan"),
        ("LB210", "plan"),
        // The lock of the copy vault allows a 1-day minimum (below the 7-day floor).
        ("LB106", "copy"),
        // The sessions table: no point-in-time recovery, no deletion protection.
        ("LB501", "sessions"),
        ("LB502", "sessions"),
        // The scratch database: no automated backups, no protection, unencrypted.
        ("LB401", "scratch-db"),
        ("LB403", "scratch-db"),
        ("LB405", "scratch-db"),
        ("LB406", "scratch-db"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want, "{report}");
    // Findings carry the ARN and region, and are grouped by region in the text report.
    let lb102 = report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule_id"] == "LB102"))
        .expect("LB102");
    assert_eq!(lb102["location"]["region"], "us-west-2");
    assert!(stderr.contains("API calls"), "{stderr}");
    // The text report groups the findings by region.
    let text = with_test_credentials(&mut Command::new(env!("CARGO_BIN_EXE_lifeboat")))
        .args([
            "audit",
            "--quiet",
            "--region",
            "us-east-1",
            "--region",
            "us-west-2",
        ])
        .args(["--endpoint-url", &moto.endpoint])
        .env("NO_COLOR", "1")
        .output()
        .expect("lifeboat runs");
    let text = String::from_utf8_lossy(&text.stdout);
    let east = text.find("── us-east-1 ──").expect("us-east-1 heading");
    let west = text.find("── us-west-2 ──").expect("us-west-2 heading");
    assert!(
        east < west && text[west..].contains("backup-vault:dr"),
        "{text}"
    );
    assert!(!text[west..].contains("table/sessions"), "{text}");
}

#[test]
fn the_readme_policy_lists_exactly_the_calls_the_audit_makes() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let start = readme
        .find("<!-- iam-policy -->")
        .expect("the README has the IAM policy");
    let block = &readme[start..];
    let json = &block[block.find("```json").expect("json block") + 7..];
    let json = &json[..json.find("```").expect("end of block")];
    let policy: serde_json::Value = serde_json::from_str(json).expect("the policy is JSON");
    let mut actions: Vec<String> = policy["Statement"][0]["Action"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect();
    actions.sort();
    let mut code: Vec<String> = lifeboat::sources::live::ACTIONS
        .iter()
        .map(|a| a.to_string())
        .collect();
    code.sort();
    assert_eq!(actions, code);
    // The management account's policy: list the accounts, assume the audit role.
    let start = readme
        .find("<!-- iam-policy-management -->")
        .expect("the README has the management-account policy");
    let block = &readme[start..];
    let json = &block[block.find("```json").expect("json block") + 7..];
    let json = &json[..json.find("```").expect("end of block")];
    let policy: serde_json::Value = serde_json::from_str(json).expect("the policy is JSON");
    let mut management: Vec<&str> = policy["Statement"]
        .as_array()
        .expect("statements")
        .iter()
        .flat_map(|s| s["Action"].as_array().into_iter().flatten())
        .filter_map(|a| a.as_str())
        .collect();
    management.sort_unstable();
    let mut code: Vec<&str> = lifeboat::sources::live::MANAGEMENT_ACTIONS.to_vec();
    code.sort_unstable();
    assert_eq!(management, code);
    // The role it assumes is only the audit role.
    assert!(json.contains("arn:aws:iam::*:role/LifeboatAudit"), "{json}");
    let code: Vec<String> = lifeboat::sources::live::ACTIONS
        .iter()
        .map(|a| a.to_string())
        .collect();
    // Read-only: only Describe, List and Get.
    assert!(code.iter().all(|a| {
        let verb = a.split(':').nth(1).unwrap_or_default();
        verb.starts_with("Describe") || verb.starts_with("List") || verb.starts_with("Get")
    }));
}

/// An endpoint that accepts connections and never answers: every call times out, the audit
/// reports each action once per region, and ends incomplete (exit 2) instead of hanging.
#[test]
fn calls_that_never_answer_time_out() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream); // keep it open, say nothing
        }
    });
    let out = with_test_credentials(&mut Command::new(env!("CARGO_BIN_EXE_lifeboat")))
        .args([
            "audit",
            "--quiet",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            &endpoint,
        ])
        .args(["--timeout", "1", "--max-attempts", "1", "--format", "json"])
        .output()
        .expect("lifeboat runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for action in [
        "backup:ListBackupVaults",
        "dynamodb:ListTables",
        "s3:ListAllMyBuckets",
    ] {
        let line = format!("eu-west-1: {action} failed");
        assert_eq!(stderr.matches(&line).count(), 1, "{line}\n{stderr}");
    }
    assert!(
        stderr.to_lowercase().contains("timeout") || stderr.contains("timed out"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(0));
    // The JSON report says it is incomplete, too.
    let problems = report["problems"].as_array().expect("problems");
    assert!(problems.iter().any(|p| p
        .as_str()
        .is_some_and(|p| p.contains("backup:ListBackupVaults"))));
    // Without the region list there is nothing to audit: a usage error naming the action.
    let all = with_test_credentials(&mut Command::new(env!("CARGO_BIN_EXE_lifeboat")))
        .args([
            "audit",
            "--quiet",
            "--all-regions",
            "--endpoint-url",
            &endpoint,
        ])
        .args(["--timeout", "1", "--max-attempts", "1"])
        .output()
        .expect("lifeboat runs");
    let stderr = String::from_utf8_lossy(&all.stderr);
    assert_eq!(all.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--all-regions needs account:ListRegions"),
        "{stderr}"
    );
}

/// Builds the emulated organization (tests/live/setup_org.py): the account ids by role.
fn organization(moto: &Moto, extra: &[&str]) -> serde_json::Value {
    let setup = with_test_credentials(&mut Command::new(common::root().join(".venv/bin/python")))
        .arg(common::root().join("tests/live/setup_org.py"))
        .arg(&moto.direct)
        .args(extra)
        .output()
        .expect("python runs");
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    serde_json::from_slice(&setup.stdout).expect("account ids")
}

/// `lifeboat audit` against the emulator: exit code, stdout, stderr.
fn audit(moto: &Moto, args: &[&str]) -> (Option<i32>, String, String) {
    let out = with_test_credentials(&mut Command::new(env!("CARGO_BIN_EXE_lifeboat")))
        .args([
            "audit",
            "--region",
            "us-east-1",
            "--endpoint-url",
            &moto.endpoint,
        ])
        .args(args)
        .output()
        .expect("lifeboat runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn organization_audit_reads_every_account_and_follows_copies_across_them() {
    let moto = Moto::start();
    let ids = organization(&moto, &[]);
    let id = |k: &str| ids[k].as_str().expect("an id").to_string();
    let (central, app, sandbox) = (id("central"), id("app"), id("sandbox"));
    let org = [
        "--organization",
        "--role-name",
        "LifeboatAudit",
        "--concurrency",
        "4",
    ];

    let (code, stdout, stderr) = audit(&moto, &[&org[..], &["--format", "json"]].concat());
    // The failed calls make every account's audit incomplete (exit 2), named per account.
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("account {app}: us-east-1: ")),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    let has = |rule: &str, arn_end: &str| {
        findings.iter().find(|f| {
            f["rule_id"] == rule
                && f["location"]["arn"]
                    .as_str()
                    .is_some_and(|a| a.ends_with(arn_end))
        })
    };
    // The copy from app lands in central's unlocked vault: judged there, in central.
    let unlocked =
        has("LB102", "backup-vault:central-unlocked").expect("LB102 on the copy destination");
    assert_eq!(unlocked["location"]["account"], central.as_str());
    assert_eq!(unlocked["location"]["account_name"], "central");
    assert!(has("LB102", "backup-vault:central-locked").is_none());
    // Same-named vaults of other accounts receive nothing from app's plan.
    assert!(
        findings.iter().all(|f| !(f["rule_id"] == "LB102"
            && f["location"]["arn"]
                .as_str()
                .is_some_and(|a| a.ends_with("backup-vault:app-vault")))),
        "{findings:#?}"
    );
    // The plan copies into another account: no LB210 (no cross-account copy) on it.
    assert!(
        findings.iter().all(|f| f["rule_id"] != "LB210"),
        "{findings:#?}"
    );
    let table = has("LB501", ":table/orders").expect("the app table");
    assert_eq!(table["location"]["account"], app.as_str());
    // One line per account, the management account included.
    let accounts: Vec<&str> = report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    for a in [&central, &app, &sandbox, &"123456789012".to_string()] {
        assert!(accounts.contains(&a.as_str()), "{a} in {accounts:?}");
    }
    let central_row = report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["id"] == central.as_str())
        .expect("central's row");
    assert_eq!(central_row["name"], "central");
    assert_eq!(central_row["errors"], 1);

    // The coverage map covers every account.
    let map_file = common::temp_dir("org-coverage").join("map.json");
    audit(
        &moto,
        &[
            &org[..],
            &["--quiet", "--coverage", map_file.to_str().expect("utf-8")],
        ]
        .concat(),
    );
    let mapped = mapped_resources(&map_file);
    assert!(
        mapped
            .iter()
            .any(|r| r.contains(&format!(":{app}:table/orders"))),
        "{mapped:?}"
    );

    // The text report groups by account, then region, and ends with the account table.
    let (_, text, _) = audit(&moto, &[&org[..], &["--quiet"]].concat());
    let heading = format!("── account {central} (central) · us-east-1 ──");
    assert!(text.contains(&heading), "{text}");
    assert!(text.contains("in 4 accounts"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with(&central) && l.contains("central")),
        "{text}"
    );

    // SARIF carries the account in the logical location.
    let (_, sarif, _) = audit(&moto, &[&org[..], &["--format", "sarif"]].concat());
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let props = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0]["properties"].as_object())
        .find(|p| p["account"] == central.as_str())
        .expect("a result in central");
    assert_eq!(props["accountName"], "central");

    // An account that cannot be read is a problem of its own and the run goes on: moto has
    // no account API, so with --all-regions no account can list its regions; each is named,
    // not audited, and kept in the account table.
    let (code, stdout, stderr) = audit(
        &moto,
        &[&org[..], &["--all-regions", "--format", "json"]].concat(),
    );
    assert_eq!(code, Some(2), "{stderr}");
    for (id, name) in [(&central, "central"), (&app, "app"), (&sandbox, "sandbox")] {
        assert!(
            stderr.contains(&format!(
                "account {id} ({name}): --all-regions needs account:ListRegions"
            )) && stderr.contains("not audited"),
            "{stderr}"
        );
    }
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let rows = report["accounts"].as_array().expect("accounts");
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert!(rows.iter().all(|r| r["problems"] == 1), "{rows:#?}");

    // --exclude-accounts leaves central out: its vaults are not read, so the copy
    // destination is not judged (no finding rather than a guess).
    let (_, stdout, _) = audit(
        &moto,
        &[
            &org[..],
            &["--exclude-accounts", &central, "--format", "json"],
        ]
        .concat(),
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .all(|f| f["location"]["account"] != central.as_str() && f["rule_id"] != "LB102"));
    // --accounts keeps only the named ones; --role-arn audits a list of roles.
    for args in [
        vec![
            "--organization",
            "--role-name",
            "LifeboatAudit",
            "--accounts",
            &app,
        ],
        vec![
            "--role-arn",
            &format!("arn:aws:iam::{app}:role/LifeboatAudit"),
        ],
    ] {
        let owned: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let mut refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        refs.extend(["--format", "json"]);
        let (_, stdout, stderr) = audit(&moto, &refs);
        let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        let seen: std::collections::BTreeSet<&str> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["location"]["account"].as_str())
            .collect();
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            [app.as_str()],
            "{args:?}: {stderr}"
        );
    }
}
