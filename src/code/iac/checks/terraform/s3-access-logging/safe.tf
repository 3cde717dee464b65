# ok: vigil.iac.terraform.s3-access-logging
resource "aws_s3_bucket" "artifacts" {
  bucket = "example-build-artifacts"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
}

resource "aws_s3_bucket_logging" "artifacts" {
  bucket        = "example-build-artifacts"
  target_bucket = "example-access-logs"
  target_prefix = "artifacts/"
}
