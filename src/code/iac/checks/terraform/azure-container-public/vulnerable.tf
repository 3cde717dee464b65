resource "azurerm_storage_container" "downloads" {
  name                  = "downloads"
  storage_account_name  = "examplestatic"
  # ruleid: vigil.iac.terraform.azure-container-public
  container_access_type = "container"
}
