resource "google_storage_bucket" "assets" {
  name                        = "example-public-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_member" "public_read" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # ruleid: vigil.iac.terraform.gcs-public-bucket
  member = "allUsers"
}

resource "google_storage_bucket_iam_binding" "viewers" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # ruleid: vigil.iac.terraform.gcs-public-bucket
  members = [
    "group:marketing@example.com",
    "allAuthenticatedUsers",
  ]
}
