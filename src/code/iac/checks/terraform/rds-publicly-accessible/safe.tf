resource "aws_db_instance" "legacy" {
  identifier                  = "legacy-mysql"
  engine                      = "mysql"
  instance_class              = "db.t3.small"
  allocated_storage           = 20
  username                    = "admin"
  manage_master_user_password = true
  storage_encrypted           = true
  # ok: vigil.iac.terraform.rds-publicly-accessible
  publicly_accessible         = var.expose_database
}

resource "aws_rds_cluster_instance" "reader" {
  identifier          = "analytics-reader"
  cluster_identifier  = "analytics"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  # ok: vigil.iac.terraform.rds-publicly-accessible
  publicly_accessible = false
}
