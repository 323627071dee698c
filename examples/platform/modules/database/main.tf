variable "name" {
  type = string
}

variable "retention_days" {
  type    = number
  default = 7
}

variable "backup_tag" {
  type = string
}

variable "protect" {
  type    = bool
  default = true
}

resource "aws_db_instance" "this" {
  identifier                  = var.name
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  backup_retention_period     = var.retention_days
  backup_window               = "01:00-01:30"
  maintenance_window          = "sun:05:00-sun:06:00"
  delete_automated_backups    = false
  deletion_protection         = var.protect
  skip_final_snapshot         = !var.protect
  final_snapshot_identifier   = "${var.name}-final"
  storage_encrypted           = true
  copy_tags_to_snapshot       = true

  tags = {
    (var.backup_tag) = "true"
  }
}

output "arn" {
  value = aws_db_instance.this.arn
}
