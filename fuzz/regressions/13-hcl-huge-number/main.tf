resource "aws_backup_plan" "p" {
  name = "p"
  rule {
    rule_name         = "r"
    target_vault_name = "v"
    lifecycle {
      delete_after = 1e400
    }
  }
}
