# ruleid: vigil.iac.terraform.s3-encryption
resource "aws_s3_bucket" "reports" {
  bucket = "example-finance-reports"

  tags = {
    Team = "finance"
  }
}

resource "aws_s3_bucket_logging" "reports" {
  bucket        = aws_s3_bucket.reports.id
  target_bucket = "example-access-logs"
  target_prefix = "reports/"
}

resource "aws_s3_bucket_versioning" "reports" {
  bucket = aws_s3_bucket.reports.id
  versioning_configuration {
    status = "Enabled"
  }
}
