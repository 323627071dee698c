locals {
  r = range(9007199254740992, 9007199254740994)
}
resource "aws_s3_bucket" "b" {
  bucket = "b${length(local.r)}"
}
