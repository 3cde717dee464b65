# ok: vigil.iac.terraform.efs-unencrypted
resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
  kms_key_id     = var.kms_key_arn
}
