# ok: vigil.iac.terraform.azure-nsg-open-admin-port
resource "azurerm_network_security_rule" "https" {
  name                        = "allow-https"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-vm"
  network_security_group_name = "nsg-vm"
}

# ok: vigil.iac.terraform.azure-nsg-open-admin-port
resource "azurerm_network_security_rule" "ssh_vpn" {
  name                        = "allow-ssh-vpn"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefix       = "10.8.0.0/16"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-vm"
  network_security_group_name = "nsg-vm"
}
