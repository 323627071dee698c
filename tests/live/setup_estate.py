"""Creates a realistic two-region estate in moto's server mode for the live-audit test.
Usage: python setup_estate.py ENDPOINT_URL  (credentials come from the environment)."""
import sys

import boto3

endpoint = sys.argv[1]


def client(service, region):
    return boto3.client(service, region_name=region, endpoint_url=endpoint)


east, west = client("backup", "us-east-1"), client("backup", "us-west-2")

# us-east-1: a locked production vault with a customer-managed key; us-west-2: an unlocked
# DR vault on the AWS-managed key; a legacy vault whose key no longer exists (unknown).
key = client("kms", "us-east-1").create_key(Description="backup vaults")["KeyMetadata"]["Arn"]
prod = east.create_backup_vault(BackupVaultName="prod", EncryptionKeyArn=key)
east.put_backup_vault_lock_configuration(BackupVaultName="prod", MinRetentionDays=7, MaxRetentionDays=365, ChangeableForDays=3)
dr = west.create_backup_vault(BackupVaultName="dr")
copy = east.create_backup_vault(BackupVaultName="copy", EncryptionKeyArn=key)
east.create_backup_vault(BackupVaultName="legacy", EncryptionKeyArn="arn:aws:kms:us-east-1:123456789012:key/deleted")
east.put_backup_vault_lock_configuration(BackupVaultName="copy", MinRetentionDays=1, MaxRetentionDays=365, ChangeableForDays=3)

# A plan whose hourly rule keeps 1 day in a vault locked at 7, copying across regions.
east.create_backup_plan(BackupPlan={"BackupPlanName": "prod", "Rules": [
    {"RuleName": "hourly", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 * ? * * *)",
     "StartWindowMinutes": 60, "CompletionWindowMinutes": 180, "Lifecycle": {"DeleteAfterDays": 1},
     "CopyActions": [{"DestinationBackupVaultArn": dr["BackupVaultArn"], "Lifecycle": {"DeleteAfterDays": 35}}]},
    {"RuleName": "daily", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 3 ? * * *)",
     "StartWindowMinutes": 60, "CompletionWindowMinutes": 240, "Lifecycle": {"DeleteAfterDays": 35},
     "CopyActions": [{"DestinationBackupVaultArn": dr["BackupVaultArn"], "Lifecycle": {"DeleteAfterDays": 35}}]},
]})
# A "DR" plan that copies within its own region.
east.create_backup_plan(BackupPlan={"BackupPlanName": "local-copy", "Rules": [
    {"RuleName": "daily", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 4 ? * * *)",
     "StartWindowMinutes": 60, "CompletionWindowMinutes": 240, "Lifecycle": {"DeleteAfterDays": 35},
     "CopyActions": [{"DestinationBackupVaultArn": copy["BackupVaultArn"], "Lifecycle": {"DeleteAfterDays": 35}}]},
]})

ddb = client("dynamodb", "us-east-1")
for name in ["orders", "sessions"]:
    ddb.create_table(TableName=name, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
                     DeletionProtectionEnabled=(name == "orders"))
ddb.update_continuous_backups(TableName="orders", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})

rds = client("rds", "us-east-1")
rds.create_db_instance(DBInstanceIdentifier="orders-db", Engine="postgres", DBInstanceClass="db.t3.micro",
                       AllocatedStorage=20, MasterUsername="app", MasterUserPassword="not-a-secret-1",
                       BackupRetentionPeriod=14, DeletionProtection=True, StorageEncrypted=True,
                       CopyTagsToSnapshot=True, PreferredBackupWindow="01:00-01:30",
                       PreferredMaintenanceWindow="sun:05:00-sun:06:00")
rds.create_db_instance(DBInstanceIdentifier="scratch-db", Engine="postgres", DBInstanceClass="db.t3.micro",
                       AllocatedStorage=20, MasterUsername="app", MasterUserPassword="not-a-secret-1",
                       BackupRetentionPeriod=0)
rds.create_db_cluster(DBClusterIdentifier="aurora", Engine="aurora-postgresql", MasterUsername="app",
                      MasterUserPassword="not-a-secret-1", BackupRetentionPeriod=14, DeletionProtection=True,
                      StorageEncrypted=True, CopyTagsToSnapshot=True)
# Services with automated backups of their own: a Redshift cluster keeping 3 days, a
# Valkey replication group without snapshots, an FSx file system with automatic backups
# off, and two EFS file systems, one with automatic backups (AWS Backup's default plan).
client("redshift", "us-east-1").create_cluster(
    ClusterIdentifier="warehouse", NodeType="ra3.xlplus", MasterUsername="admin",
    MasterUserPassword="Not-a-secret-1", AutomatedSnapshotRetentionPeriod=3, Encrypted=True)
client("elasticache", "us-east-1").create_replication_group(
    ReplicationGroupId="sessions", ReplicationGroupDescription="sessions",
    CacheNodeType="cache.t4g.small", Engine="valkey")
client("fsx", "us-east-1").create_file_system(
    FileSystemType="WINDOWS", StorageCapacity=32, SubnetIds=["subnet-12345678"],
    WindowsConfiguration={"ThroughputCapacity": 8, "AutomaticBackupRetentionDays": 0})
efs = client("efs", "us-east-1")
efs.create_file_system(CreationToken="home", Backup=True)
efs.create_file_system(CreationToken="scratch")
# Neptune (and DocumentDB) clusters come through rds:DescribeDBClusters: this one keeps
# 3 days. (moto does not take the docdb engine.)
rds.create_db_cluster(DBClusterIdentifier="graph", Engine="neptune", MasterUsername="app",
                      MasterUserPassword="not-a-secret-1", BackupRetentionPeriod=3, DeletionProtection=True,
                      StorageEncrypted=True)
print("estate ready")

# S3: a versioned bucket replicated to another region, and an unversioned log bucket.
s3e, s3w = client("s3", "us-east-1"), client("s3", "us-west-2")
s3e.create_bucket(Bucket="orders-data")
s3w.create_bucket(Bucket="orders-replica", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
for s3, name in [(s3e, "orders-data"), (s3w, "orders-replica")]:
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
s3e.put_bucket_replication(Bucket="orders-data", ReplicationConfiguration={
    "Role": "arn:aws:iam::123456789012:role/replication",
    "Rules": [{"ID": "all", "Priority": 1, "Status": "Enabled", "Filter": {"Prefix": ""},
               "DeleteMarkerReplication": {"Status": "Disabled"},
               "Destination": {"Bucket": "arn:aws:s3:::orders-replica"}}]})
# The orders bucket encrypts with SSE-KMS, and its replication does not select SSE-KMS
# objects: they are not replicated (LB606).
s3e.put_bucket_encryption(Bucket="orders-data", ServerSideEncryptionConfiguration={
    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
s3e.put_bucket_tagging(Bucket="orders-data", Tagging={"TagSet": [{"Key": "backup", "Value": "daily"}]})
s3e.create_bucket(Bucket="app-logs")

# EventBridge: a rule for failed backup jobs that sends them nowhere.
events = client("events", "us-east-1")
events.put_rule(Name="backup-failed", State="ENABLED", EventPattern=(
    '{"source": ["aws.backup"], "detail-type": ["Backup Job State Change"], "detail": {"state": ["FAILED"]}}'))
print("estate extended")
