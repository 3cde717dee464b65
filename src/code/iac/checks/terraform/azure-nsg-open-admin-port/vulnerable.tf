resource "azurerm_network_security_rule" "rdp" {
  name                        = "allow-rdp"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  # ruleid: vigil.iac.terraform.azure-nsg-open-admin-port
  destination_port_range      = "3389"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-vm"
  network_security_group_name = "nsg-vm"
}

resource "azurerm_network_security_group" "jump" {
  name                = "nsg-jump"
  location            = "westeurope"
  resource_group_name = "rg-vm"

  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    # ruleid: vigil.iac.terraform.azure-nsg-open-admin-port
    destination_port_ranges    = ["443", "20-30"]
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}
