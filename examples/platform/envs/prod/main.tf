provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
  default_tags {
    tags = {
      Environment = "prod"
    }
  }
}

# Copies go to a separate backup account: a compromised production account cannot
# delete them.
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"

  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/backup-copy"
  }
}

resource "aws_sns_topic" "alerts" {
  name = "prod-backup-alerts"
}

module "backup" {
  source = "../../modules/backup"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name            = "prod"
  alert_topic_arn = aws_sns_topic.alerts.arn
  rules = {
    hourly  = { schedule = "cron(0 * ? * * *)", keep = 7 }
    daily   = { schedule = "cron(0 3 ? * * *)", keep = 35 }
    monthly = { schedule = "cron(0 4 1 * ? *)", keep = 365, cold = 30 }
  }
}

module "databases" {
  source   = "../../modules/database"
  for_each = toset(["orders", "billing"])

  name           = "prod-${each.key}"
  retention_days = 14
  backup_tag     = module.backup.backup_tag
}

module "assets" {
  source = "../../modules/bucket"
  providers = {
    aws.dr = aws.dr
  }

  name       = "acme-prod-assets"
  backup_tag = module.backup.backup_tag
}

# A second selection in the root, attached to the module's plan through its output.
resource "aws_backup_selection" "analytics" {
  name         = "analytics-tables"
  plan_id      = module.backup.plan_id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"
  resources    = ["arn:aws:dynamodb:*:*:table/analytics-*"]
}

resource "aws_dynamodb_table" "analytics_events" {
  name         = "analytics-events"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = true
}

# A registry module that `terraform init` downloaded (see .terraform/modules/modules.json).
module "sessions" {
  source  = "example-corp/dynamodb-table/aws"
  version = "2.1.0"
  name    = "prod-sessions"
}

# A registry module that is not downloaded: its outputs are unknown, never an error.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
  name    = "prod"
}
