locals {
  x = [for i in range(100000) : [for j in range(100000) : i * j]]
  t = "%{for i in range(100000)}%{for j in range(100000)}a%{endfor}%{endfor}"
}
resource "aws_s3_bucket" "b" {
  bucket = "b${length(local.x)}${length(local.t)}"
}
