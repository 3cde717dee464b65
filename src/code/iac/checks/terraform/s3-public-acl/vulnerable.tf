resource "aws_s3_bucket" "site" {
  bucket = "example-marketing-site"
  # ruleid: vigil.iac.terraform.s3-public-acl
  acl    = "public-read"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }

  logging {
    target_bucket = "example-access-logs"
    target_prefix = "site/"
  }
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = "example-uploads"
  # ruleid: vigil.iac.terraform.s3-public-acl
  acl    = "public-read-write"
}
