resource "aws_backup_plan" "p" {
  name = "p"
  rule {
    rule_name         = "r"
    target_vault_name = "v"
    schedule          = "cron(\u001b]0;owned\u0007\u001b[2J \u202e)"
  }
}
