import os

from azure.identity import ClientSecretCredential

credential = ClientSecretCredential(
    tenant_id=os.environ["AZURE_TENANT_ID"],
    client_id=os.environ["AZURE_CLIENT_ID"],
    # ok: vigil.secrets.azure-client-secret
    client_secret=os.environ["AZURE_CLIENT_SECRET"],
)
# ok: vigil.secrets.azure-client-secret
emoticon = "abc1Q~"
