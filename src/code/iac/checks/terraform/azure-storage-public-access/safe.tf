resource "azurerm_storage_account" "logs" {
  name                            = "examplelogs"
  resource_group_name             = "rg-logs"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  min_tls_version                 = "TLS1_2"
  # ok: vigil.iac.terraform.azure-storage-public-access
  allow_nested_items_to_be_public = false
}
