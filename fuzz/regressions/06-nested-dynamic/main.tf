resource "aws_backup_plan" "p" {
  name = "p"
  dynamic "rule" {
    for_each = range(100000)
    content {
      rule_name         = "r${rule.value}"
      target_vault_name = "v"
      schedule          = "cron(0 3 ? * * *)"
      dynamic "copy_action" {
        for_each = range(100000)
        content {
          destination_vault_arn = "arn:aws:backup:us-east-1:1:backup-vault:x${copy_action.value}"
        }
      }
    }
  }
}
