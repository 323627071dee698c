locals {
  s = toset(distinct([for i in range(100000) : "k${i}"]))
}
resource "aws_backup_vault" "v" {
  for_each      = local.s
  name          = each.key
  force_destroy = each.key == "k99999"
}
