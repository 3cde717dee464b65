resource "google_compute_firewall" "ssh" {
  name    = "allow-ssh"
  network = "default"

  allow {
    protocol = "tcp"
    # ruleid: vigil.iac.terraform.gcp-firewall-open-admin-port
    ports    = ["80", "443", "20-25"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "all_tcp" {
  name          = "allow-all-tcp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow {
    # ruleid: vigil.iac.terraform.gcp-firewall-open-admin-port
    protocol = "tcp"
  }
}
