using Azure.Storage.Blobs;

public static class Storage
{
    // ruleid: vigil.secrets.azure-storage-account-key
    const string Conn = "DefaultEndpointsProtocol=https;AccountName=synthacct01;AccountKey=@@gen:azure-storage-key@@;EndpointSuffix=core.windows.net";

    public static BlobServiceClient Client() => new BlobServiceClient(Conn);
}
