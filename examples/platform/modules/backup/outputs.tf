output "plan_id" {
  value = aws_backup_plan.this.id
}

output "vault_name" {
  value = aws_backup_vault.this.name
}

output "backup_tag" {
  value = var.backup_tag
}
