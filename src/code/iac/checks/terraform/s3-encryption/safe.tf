# ok: vigil.iac.terraform.s3-encryption
resource "aws_s3_bucket" "reports" {
  bucket = "example-finance-reports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = aws_s3_bucket.reports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.reports.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_logging" "reports" {
  bucket        = aws_s3_bucket.reports.id
  target_bucket = "example-access-logs"
  target_prefix = "reports/"
}

resource "aws_kms_key" "reports" {
  description         = "finance reports"
  enable_key_rotation = true
}
