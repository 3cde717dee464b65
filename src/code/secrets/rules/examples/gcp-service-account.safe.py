import json
import os

from google.oauth2 import service_account

# A documentation-style placeholder, not a key.
INFO = {
    "type": "service_account",
    # ok: vigil.secrets.gcp-service-account
    "private_key": "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n",
    "client_email": "name@project.iam.gserviceaccount.com",
}
# The key file's path comes from the environment.
# ok: vigil.secrets.gcp-service-account
credentials = service_account.Credentials.from_service_account_file(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])
# ok: vigil.secrets.gcp-service-account
loaded = json.loads(open("key.json").read())["private_key"]
