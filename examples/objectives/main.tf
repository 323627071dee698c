# A small estate with recovery objectives: `lifeboat coverage examples/objectives` maps
# every stateful resource's recovery paths against its tier.

provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}

# Copies go to a backup account in another region.
provider "aws" {
  alias  = "backup"
  region = "eu-central-1"

  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/backup-copy"
  }
}

resource "aws_kms_key" "backup" {
  description = "backup vault key"
}

resource "aws_backup_vault" "main" {
  name        = "main"
  kms_key_arn = aws_kms_key.backup.arn
}

resource "aws_backup_vault" "isolated" {
  provider = aws.backup
  name     = "isolated"
}

resource "aws_backup_vault_policy" "isolated" {
  provider          = aws.backup
  backup_vault_name = aws_backup_vault.isolated.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111111111111:root" }
      Action    = "backup:CopyIntoBackupVault"
      Resource  = "*"
    }]
  })
}

# Every day at 02:00 UTC within an hour, kept 35 days, copied to the backup account.
resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 2 ? * * *)"
    start_window      = 60

    lifecycle {
      delete_after = 35
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.isolated.arn
    }
  }
}

resource "aws_backup_selection" "daily" {
  name         = "daily"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111111111111:role/backup"

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "backup"
    value = "daily"
  }
}

# Gold: point-in-time recovery for the RPO, the daily copy for region and account.
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = { backup = "daily", backup-tier = "gold" }
}

# Gold too, but only its own automated backups: nothing outside the region or account,
# and 7 days of history where gold wants 35.
resource "aws_db_instance" "billing" {
  identifier              = "billing"
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  storage_encrypted       = true
  kms_key_id              = aws_kms_key.backup.arn
  backup_retention_period = 7
  deletion_protection     = true
  tags                    = { backup-tier = "gold" }
}

# Silver by default: the daily rule is enough.
resource "aws_dynamodb_table" "sessions" {
  name     = "sessions"
  hash_key = "id"

  attribute {
    name = "id"
    type = "S"
  }

  tags = { backup = "daily" }
}
