resource "google_storage_bucket" "assets" {
  name                        = "example-public-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  # ok: vigil.iac.terraform.gcs-public-bucket
  member = "serviceAccount:cdn@example-project.iam.gserviceaccount.com"
}
