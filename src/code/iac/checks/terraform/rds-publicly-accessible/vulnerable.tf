resource "aws_db_instance" "legacy" {
  identifier                  = "legacy-mysql"
  engine                      = "mysql"
  instance_class              = "db.t3.small"
  allocated_storage           = 20
  username                    = "admin"
  manage_master_user_password = true
  storage_encrypted           = true
  # ruleid: vigil.iac.terraform.rds-publicly-accessible
  publicly_accessible         = true
}
