# ok: vigil.iac.terraform.iam-admin-policy
resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::example-artifacts/*"
      },
      {
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}

data "aws_iam_policy_document" "read_only" {
  # ok: vigil.iac.terraform.iam-admin-policy
  statement {
    actions   = ["ec2:Describe*"]
    resources = ["*"]
  }
}
