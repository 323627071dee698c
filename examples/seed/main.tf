# The Terraform of the seed article, assembled as written. References to resources it
# does not define (KMS keys, IAM roles, the DR-region vault) are left dangling on purpose.

# Backup vault with encryption and access controls
resource "aws_backup_vault" "production" {
  name        = "production-vault"
  kms_key_arn = aws_kms_key.backup.arn

  # Prevent accidental deletion
  force_destroy = false
}

# Vault lock policy - prevents anyone from deleting backups
resource "aws_backup_vault_lock_configuration" "production" {
  backup_vault_name   = aws_backup_vault.production.name
  min_retention_days  = 7
  max_retention_days  = 365
  changeable_for_days = 3  # 3-day cooling period before lock is permanent
}

# Backup plan with multiple schedules
resource "aws_backup_plan" "production" {
  name = "production-backup-plan"

  # Hourly backups kept for 24 hours (for low RPO workloads)
  rule {
    rule_name         = "hourly-backup"
    target_vault_name = aws_backup_vault.production.name
    schedule          = "cron(0 * * * ? *)"  # Every hour

    lifecycle {
      delete_after = 1  # Keep for 1 day
    }

    # Copy to another region for disaster recovery
    copy_action {
      destination_vault_arn = aws_backup_vault.dr_region.arn
      lifecycle {
        delete_after = 1
      }
    }
  }

  # Daily backups kept for 30 days
  rule {
    rule_name         = "daily-backup"
    target_vault_name = aws_backup_vault.production.name
    schedule          = "cron(0 3 * * ? *)"  # 3 AM daily
    start_window      = 60   # Must start within 60 minutes
    completion_window = 180  # Must complete within 180 minutes

    lifecycle {
      cold_storage_after = 7   # Move to cold storage after 7 days
      delete_after       = 30  # Delete after 30 days
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.dr_region.arn
      lifecycle {
        cold_storage_after = 7
        delete_after       = 30
      }
    }
  }

  # Monthly backups kept for 1 year
  rule {
    rule_name         = "monthly-backup"
    target_vault_name = aws_backup_vault.production.name
    schedule          = "cron(0 3 1 * ? *)"  # 1st of each month at 3 AM

    lifecycle {
      cold_storage_after = 30
      delete_after       = 365
    }
  }
}

# Select resources by tag
resource "aws_backup_selection" "production" {
  name         = "production-resources"
  plan_id      = aws_backup_plan.production.id
  iam_role_arn = aws_iam_role.backup.arn

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "Environment"
    value = "production"
  }
}

resource "aws_db_instance" "production" {
  identifier     = "production-db"
  engine         = "postgres"
  engine_version = "15.4"
  instance_class = "db.r6g.xlarge"

  # Automated backup configuration
  backup_retention_period   = 35       # Maximum retention (35 days)
  backup_window             = "03:00-04:00"
  maintenance_window        = "Mon:04:00-Mon:05:00"
  copy_tags_to_snapshot     = true
  delete_automated_backups_on_termination = false  # Keep backups even if instance is deleted

  # Enable point-in-time recovery (uses transaction logs)
  # This is enabled automatically when backup_retention_period > 0

  storage_encrypted = true
  kms_key_id        = aws_kms_key.database.arn

  tags = {
    Environment = "production"
    Backup      = "critical"
  }
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"

  attribute {
    name = "order_id"
    type = "S"
  }

  # Enable point-in-time recovery
  point_in_time_recovery {
    enabled = true
  }

  # Enable deletion protection
  deletion_protection_enabled = true

  tags = {
    Environment = "production"
    Backup      = "critical"
  }
}

# Source bucket
resource "aws_s3_bucket" "primary" {
  bucket = "my-app-data-primary"
}

resource "aws_s3_bucket_versioning" "primary" {
  bucket = aws_s3_bucket.primary.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Destination bucket in another region
resource "aws_s3_bucket" "replica" {
  provider = aws.dr_region
  bucket   = "my-app-data-replica"
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.dr_region
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Replication configuration
resource "aws_s3_bucket_replication_configuration" "primary" {
  bucket = aws_s3_bucket.primary.id
  role   = aws_iam_role.replication.arn

  rule {
    id     = "replicate-all"
    status = "Enabled"

    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD_IA"

      # Encrypt replicas with a different KMS key
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
    }

    # Replicate delete markers too
    delete_marker_replication {
      status = "Enabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
  }
}
