# An IAM action pattern that makes a naive wildcard matcher take exponential time (it
# hung a check in LB107); matched in linear time now.
resource "aws_backup_vault" "v" {
  name = "v"
}

resource "aws_backup_vault_policy" "v" {
  backup_vault_name = aws_backup_vault.v.name
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?z"
      Resource  = "*"
    }]
  })
}

resource "aws_backup_plan" "p" {
  name = "p"
  rule {
    rule_name         = "r"
    target_vault_name = aws_backup_vault.v.name
    schedule          = "cron(0 3 ? * * *)"
  }
}
