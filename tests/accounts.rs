//! Accounts as facts: which provider configurations share an account (LB210) and a region
//! (LB204), across the ways Terraform gives a provider its credentials.

mod common;

/// A root module with a main vault on the default provider, a `dr` vault on `aws.dr`, and
/// a plan that copies from main to `destination`.
fn module(default_provider: &str, dr_provider: &str, destination: &str) -> String {
    format!(
        r#"variable "region" {{
  type = string
}}

variable "role" {{
  type = string
}}

data "aws_caller_identity" "current" {{}}

provider "aws" {{
{default_provider}
}}

provider "aws" {{
  alias = "dr"
{dr_provider}
}}

resource "aws_backup_vault" "main" {{
  name = "main-vault"
}}

resource "aws_backup_vault" "other" {{
  name = "other-vault"
}}

resource "aws_backup_vault" "dr" {{
  provider = aws.dr
  name     = "dr-vault"
}}

resource "aws_backup_plan" "p" {{
  name = "p"

  rule {{
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 ? * * *)"

    lifecycle {{
      delete_after = 35
    }}

    copy_action {{
      destination_vault_arn = {destination}
    }}
  }}
}}
"#
    )
}

fn rules_found(name: &str, text: &str) -> Vec<String> {
    let dir = common::temp_dir(name);
    std::fs::write(dir.join("main.tf"), text).expect("write");
    let (_, report) = common::check_json(&[&dir], &["--select", "LB204,LB210"]);
    let mut ids: Vec<String> = common::findings(&report).into_iter().map(|f| f.0).collect();
    ids.sort();
    ids
}

const EAST: &str = "  region = \"us-east-1\"";
const WEST: &str = "  region = \"us-west-2\"";
const DR: &str = "aws_backup_vault.dr.arn";

#[test]
fn providers_without_credentials_of_their_own_share_the_ambient_account() {
    assert_eq!(
        rules_found("acct-ambient", &module(EAST, WEST, DR)),
        ["LB210"]
    );
}

#[test]
fn an_assumed_role_in_another_account_isolates_when_both_accounts_are_known() {
    let default =
        "  region              = \"us-east-1\"\n  allowed_account_ids = [\"111111111111\"]";
    let dr = "  region = \"us-west-2\"\n  assume_role {\n    role_arn = \"arn:aws:iam::222222222222:role/copy\"\n  }";
    assert!(rules_found("acct-role", &module(default, dr, DR)).is_empty());
    // The same account on both sides: no isolation.
    let same = dr.replace("222222222222", "111111111111");
    assert_eq!(
        rules_found("acct-role-same", &module(default, &same, DR)),
        ["LB210"]
    );
}

#[test]
fn an_assumed_role_against_unknown_ambient_credentials_cannot_be_told() {
    let dr = "  region = \"us-west-2\"\n  assume_role {\n    role_arn = \"arn:aws:iam::222222222222:role/copy\"\n  }";
    assert!(rules_found("acct-role-unknown", &module(EAST, dr, DR)).is_empty());
    // A role whose ARN is unknown: credentials of its own, account unknown.
    let var_role = "  region = \"us-west-2\"\n  assume_role {\n    role_arn = var.role\n  }";
    assert!(rules_found("acct-role-var", &module(EAST, var_role, DR)).is_empty());
}

#[test]
fn configurations_naming_the_same_profile_share_its_account() {
    let default = "  region  = \"us-east-1\"\n  profile = \"prod\"";
    let same = "  region  = \"us-west-2\"\n  profile = \"prod\"";
    assert_eq!(
        rules_found("acct-profile", &module(default, same, DR)),
        ["LB210"]
    );
    let other = "  region  = \"us-west-2\"\n  profile = \"backup\"";
    assert!(rules_found("acct-profile-other", &module(default, other, DR)).is_empty());
}

#[test]
fn allowed_account_ids_name_the_account() {
    let default =
        "  region              = \"us-east-1\"\n  allowed_account_ids = [\"111111111111\"]";
    let same = "  region              = \"us-west-2\"\n  allowed_account_ids = [\"111111111111\"]\n  profile             = \"dr\"";
    assert_eq!(
        rules_found("acct-allowed", &module(default, same, DR)),
        ["LB210"]
    );
    let other = same.replace("111111111111", "333333333333");
    assert!(rules_found("acct-allowed-other", &module(default, &other, DR)).is_empty());
}

#[test]
fn one_provider_is_one_region_and_account_even_when_its_region_is_unknown() {
    let unknown = "  region = var.region";
    assert_eq!(
        rules_found(
            "acct-region-var",
            &module(unknown, WEST, "aws_backup_vault.other.arn")
        ),
        ["LB204", "LB210"]
    );
    // Two providers whose regions are unknown may be in one region or two: LB204 is silent.
    assert_eq!(
        rules_found("acct-region-var-dr", &module(unknown, unknown, DR)),
        ["LB210"]
    );
}

#[test]
fn the_caller_identity_in_an_arn_is_the_account_of_its_provider() {
    let arn = "\"arn:aws:backup:us-west-2:${data.aws_caller_identity.current.account_id}:backup-vault:elsewhere\"";
    assert_eq!(
        rules_found("acct-caller", &module(EAST, WEST, arn)),
        ["LB210"]
    );
    let same_region = arn.replace("us-west-2", "us-east-1");
    assert_eq!(
        rules_found("acct-caller-region", &module(EAST, WEST, &same_region)),
        ["LB204", "LB210"]
    );
    let literal = "\"arn:aws:backup:us-west-2:444444444444:backup-vault:elsewhere\"";
    assert!(rules_found("acct-literal", &module(EAST, WEST, literal)).is_empty());
}
