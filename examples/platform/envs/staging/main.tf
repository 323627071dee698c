provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}

module "backup" {
  source = "../../modules/backup"
  providers = {
    aws    = aws
    aws.dr = aws.dr
  }

  name       = "staging"
  copy_to_dr = false
  rules = {
    daily = { schedule = "cron(0 3 ? * * *)", keep = 7, cold = 1 }
  }
}

module "databases" {
  source   = "../../modules/database"
  for_each = toset(["orders"])

  name           = "staging-${each.key}"
  retention_days = 1
  protect        = false
  backup_tag     = module.backup.backup_tag
}
