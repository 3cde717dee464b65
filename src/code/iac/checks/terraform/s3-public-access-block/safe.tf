# ok: vigil.iac.terraform.s3-public-access-block
resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = "example-marketing-site"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ok: vigil.iac.terraform.s3-public-access-block
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.restrict
}
