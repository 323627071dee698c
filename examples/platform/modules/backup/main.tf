terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.dr]
    }
  }
}

resource "aws_kms_key" "backup" {
  description = "${var.name} backup vault key"
}

resource "aws_backup_vault" "this" {
  name        = "${var.name}-vault"
  kms_key_arn = aws_kms_key.backup.arn

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_backup_vault_lock_configuration" "this" {
  backup_vault_name   = aws_backup_vault.this.name
  min_retention_days  = 7
  max_retention_days  = 400
  changeable_for_days = 3
}

resource "aws_backup_vault" "dr" {
  count    = var.copy_to_dr ? 1 : 0
  provider = aws.dr
  name     = "${var.name}-dr-vault"
}

resource "aws_backup_plan" "this" {
  name = "${var.name}-plan"

  dynamic "rule" {
    for_each = var.rules
    content {
      rule_name         = rule.key
      target_vault_name = aws_backup_vault.this.name
      schedule          = rule.value.schedule
      start_window      = 60
      completion_window = 360

      lifecycle {
        cold_storage_after = rule.value.cold
        delete_after       = rule.value.keep
      }

      dynamic "copy_action" {
        for_each = aws_backup_vault.dr
        content {
          destination_vault_arn = copy_action.value.arn
          lifecycle {
            delete_after = var.dr_keep_days
          }
        }
      }
    }
  }
}

resource "aws_backup_selection" "tagged" {
  name         = "${var.name}-tagged"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = "arn:aws:iam::123456789012:role/backup"

  selection_tag {
    type  = "STRINGEQUALS"
    key   = var.backup_tag
    value = "true"
  }
}

resource "aws_backup_vault_notifications" "this" {
  count               = var.alert_topic_arn == null ? 0 : 1
  backup_vault_name   = aws_backup_vault.this.name
  sns_topic_arn       = var.alert_topic_arn
  backup_vault_events = ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED"]
}

resource "aws_backup_restore_testing_plan" "this" {
  name                = "${replace(var.name, "-", "_")}_restore_test"
  schedule_expression = "cron(0 6 ? * SAT *)"

  recovery_point_selection {
    algorithm            = "LATEST_WITHIN_WINDOW"
    include_vaults       = [aws_backup_vault.this.arn]
    recovery_point_types = ["SNAPSHOT"]
  }
}

resource "aws_backup_restore_testing_selection" "databases" {
  name                      = "databases"
  restore_testing_plan_name = aws_backup_restore_testing_plan.this.name
  protected_resource_type   = "RDS"
  iam_role_arn              = "arn:aws:iam::123456789012:role/restore-testing"
  protected_resource_arns   = ["*"]
}
