variable "name" {
  type = string
}

variable "rules" {
  description = "Backup rules: schedule and retention in days."
  type = map(object({
    schedule = string
    keep     = number
    cold     = optional(number)
  }))
}

variable "copy_to_dr" {
  type    = bool
  default = true
}

variable "dr_keep_days" {
  type    = number
  default = 35
}

variable "backup_tag" {
  type    = string
  default = "Backup"
}

variable "alert_topic_arn" {
  type    = string
  default = null
}
