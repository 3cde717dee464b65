resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = "example-cloudtrail"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  # ruleid: vigil.iac.terraform.cloudtrail-logging-disabled
  enable_logging                = false
}
