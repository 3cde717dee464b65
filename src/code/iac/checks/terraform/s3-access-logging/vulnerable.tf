# ruleid: vigil.iac.terraform.s3-access-logging
resource "aws_s3_bucket" "artifacts" {
  bucket = "example-build-artifacts"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
