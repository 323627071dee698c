"""Builds an emulated AWS Organization in a moto server for the organization-audit tests.

Accounts (moto's default account, 123456789012, is the management account, "master"):
- central: two vaults receiving copies, `central-locked` (vault lock) and
  `central-unlocked` (none): the unlocked one must be reported, read in its own account.
- app: a plan whose rule copies into both central vaults, a DynamoDB table.
- sandbox: an unlocked vault named like app's (so is the management account's).
Every account gets the audit role LifeboatAudit. Prints the account ids as JSON.

moto lets any role be assumed (its STS does not check that the role exists) and cannot
enforce IAM on AWS Backup's API, so a role that cannot be assumed is tested from a recorded
AWS answer instead (tests/live_recorded.rs).

Usage: setup_org.py ENDPOINT [--scale N]  (N members with a vault in two regions instead)
"""

import json
import sys

import boto3

ENDPOINT = sys.argv[1]
ROLE = "LifeboatAudit"


def client(service, creds=None, region="us-east-1"):
    kwargs = {}
    if creds:
        kwargs = {
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"],
        }
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=region, **kwargs)


def session_in(account):
    """Credentials in a member account, as the organization's admin role gives them."""
    arn = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    return client("sts").assume_role(RoleArn=arn, RoleSessionName="setup")["Credentials"]


def create_account(org, name):
    status = org.create_account(AccountName=name, Email=f"{name}@example.com")
    return status["CreateAccountStatus"]["AccountId"]


def audit_role(creds):
    iam = client("iam", creds)
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
    iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    read = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_role_policy(RoleName=ROLE, PolicyName="read", PolicyDocument=json.dumps(read))


def main():
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    if "--scale" in sys.argv:
        n = int(sys.argv[sys.argv.index("--scale") + 1])
        ids = []
        for i in range(n):
            account = create_account(org, f"member-{i}")
            creds = session_in(account)
            for region in ("us-east-1", "us-west-2"):
                client("backup", creds, region).create_backup_vault(BackupVaultName=f"vault-{i}")
            ids.append(account)
        print(json.dumps({"accounts": ids}))
        return

    central = create_account(org, "central")
    app = create_account(org, "app")
    sandbox = create_account(org, "sandbox")
    management = "123456789012"

    for account in (central, app, sandbox):
        audit_role(session_in(account))
    audit_role(None)  # the management account is an account of the organization too

    c = session_in(central)
    backup_c = client("backup", c)
    backup_c.create_backup_vault(BackupVaultName="central-locked")
    backup_c.put_backup_vault_lock_configuration(
        BackupVaultName="central-locked", MinRetentionDays=7, MaxRetentionDays=3650
    )
    backup_c.create_backup_vault(BackupVaultName="central-unlocked")

    a = session_in(app)
    backup_a = client("backup", a)
    backup_a.create_backup_vault(BackupVaultName="app-vault")
    backup_a.put_backup_vault_lock_configuration(
        BackupVaultName="app-vault", MinRetentionDays=7, MaxRetentionDays=3650
    )
    dest = "arn:aws:backup:us-east-1:{}:backup-vault:{}"
    backup_a.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "app-daily",
            "Rules": [
                {
                    "RuleName": "daily",
                    "TargetBackupVaultName": "app-vault",
                    "ScheduleExpression": "cron(0 5 ? * * *)",
                    "Lifecycle": {"DeleteAfterDays": 35},
                    "CopyActions": [
                        {
                            "DestinationBackupVaultArn": dest.format(central, "central-locked"),
                            "Lifecycle": {"DeleteAfterDays": 35},
                        },
                        {
                            "DestinationBackupVaultArn": dest.format(central, "central-unlocked"),
                            "Lifecycle": {"DeleteAfterDays": 35},
                        },
                    ],
                }
            ],
        }
    )
    # Vaults named like app's, unlocked, in two other accounts: app's rule targets its own
    # `app-vault` (a rule's vault is always in its plan's account), never these.
    client("backup", session_in(sandbox)).create_backup_vault(BackupVaultName="app-vault")
    client("backup").create_backup_vault(BackupVaultName="app-vault")
    client("dynamodb", a).create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )

    print(json.dumps({"management": management, "central": central, "app": app, "sandbox": sandbox}))


main()
