resource "aws_backup_plan" "p" {
  name = "p"
  rule {
    rule_name         = "r"
    target_vault_name = "v"
    schedule          = "cron(0 3 ? * * *)"
    lifecycle {
      cold_storage_after = 9223372036854775808
      delete_after       = -1
    }
  }
}
resource "aws_db_instance" "d" {
  identifier              = "d"
  backup_retention_period = 1e308
}
