from google.oauth2 import service_account

# The downloaded key file pasted into the code.
INFO = {
    "type": "service_account",
    "project_id": "synthetic-project",
    "private_key_id": "5c2e1f0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e",
    # ruleid: vigil.secrets.gcp-service-account
    "private_key": "@@gen:gcp-private-key@@",
    "client_email": "deployer@synthetic-project.iam.gserviceaccount.com",
    "client_id": "100000000000000000001",
}
credentials = service_account.Credentials.from_service_account_info(INFO)
