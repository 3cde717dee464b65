resource "azurerm_storage_container" "downloads" {
  name                  = "downloads"
  storage_account_name  = "examplestatic"
  # ok: vigil.iac.terraform.azure-container-public
  container_access_type = "private"
}
