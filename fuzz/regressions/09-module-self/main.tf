module "self" {
  source = "./"
}
resource "aws_s3_bucket" "b" {
  bucket = "self"
}
