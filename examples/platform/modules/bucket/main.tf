terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.dr]
    }
  }
}

variable "name" {
  type = string
}

variable "backup_tag" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags = {
    (var.backup_tag) = "true"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "replica" {
  provider = aws.dr
  bucket   = "${var.name}-replica"

  # Nobody can delete the replica's object versions before their retention ends.
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.dr
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [aws_s3_bucket_versioning.this]
  bucket     = aws_s3_bucket.this.id
  role       = "arn:aws:iam::123456789012:role/replication"

  rule {
    id     = "everything"
    status = "Enabled"
    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = aws_s3_bucket.replica.arn
    }
  }
}
