from azure.identity import ClientSecretCredential

credential = ClientSecretCredential(
    tenant_id="00000000-0000-0000-0000-000000000001",
    client_id="00000000-0000-0000-0000-000000000002",
    # ruleid: vigil.secrets.azure-client-secret
    client_secret="@@gen:azure-client-secret@@",
)
