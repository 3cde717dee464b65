# ok: vigil.iac.terraform.ebs-unencrypted
resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.medium"

  root_block_device {
    volume_size = 30
    encrypted   = true
  }
}

# ok: vigil.iac.terraform.ebs-unencrypted
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  type              = "gp3"
  encrypted         = true
  kms_key_id        = var.kms_key_arn
}
