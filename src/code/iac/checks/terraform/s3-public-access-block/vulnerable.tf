resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = "example-marketing-site"
  block_public_acls       = true
  # ruleid: vigil.iac.terraform.s3-public-access-block
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ruleid: vigil.iac.terraform.s3-public-access-block
resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket            = "example-uploads"
  block_public_acls = true
}
