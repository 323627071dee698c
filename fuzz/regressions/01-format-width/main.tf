locals {
  a = format("%65536s", "x")
  b = format("%.65536f", 1)
  c = format("%065536d", 1)
}
resource "aws_s3_bucket" "b" {
  bucket = "${length(local.a)}${length(local.b)}${length(local.c)}"
}
