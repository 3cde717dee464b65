# ruleid: vigil.iac.terraform.rds-unencrypted
resource "aws_db_instance" "orders" {
  identifier             = "orders"
  engine                 = "postgres"
  engine_version         = "16.4"
  instance_class         = "db.t4g.medium"
  allocated_storage      = 50
  username               = "orders"
  manage_master_user_password = true
  db_subnet_group_name   = "private"
  publicly_accessible    = false
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics"
  engine             = "aurora-postgresql"
  master_username    = "analytics"
  manage_master_user_password = true
  # ruleid: vigil.iac.terraform.rds-unencrypted
  storage_encrypted  = false
}
