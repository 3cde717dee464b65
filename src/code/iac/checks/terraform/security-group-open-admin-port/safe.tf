variable "vpc_id" {
  type = string
}

variable "admin_cidr" {
  type = string
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = var.vpc_id

  # ok: vigil.iac.terraform.security-group-open-admin-port
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # ok: vigil.iac.terraform.security-group-open-admin-port
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16", var.admin_cidr]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# ok: vigil.iac.terraform.security-group-open-admin-port
resource "aws_security_group_rule" "ssh_from_var" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = [var.admin_cidr]
  security_group_id = aws_security_group.web.id
}
