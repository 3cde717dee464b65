resource "aws_iam_policy" "deployer" {
  name = "deployer"
  # ruleid: vigil.iac.terraform.iam-admin-policy
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:aws:s3:::example-artifacts/*"
      },
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "ci" {
  name = "ci"
  role = "ci"
  # ruleid: vigil.iac.terraform.iam-admin-policy
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["*"], "Resource": ["*"] }
  ]
}
EOF
}

data "aws_iam_policy_document" "break_glass" {
  statement {
    # ruleid: vigil.iac.terraform.iam-admin-policy
    actions   = ["*"]
    resources = ["*"]
  }
}
