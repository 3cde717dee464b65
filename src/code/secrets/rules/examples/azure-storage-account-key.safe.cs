using System;

public static class Storage
{
    // Azurite's well-known development key is allow-listed.
    // ok: vigil.secrets.azure-storage-account-key
    const string Local = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
    // ok: vigil.secrets.azure-storage-account-key
    const string Dev = "UseDevelopmentStorage=true";
    // ok: vigil.secrets.azure-storage-account-key
    static readonly string Prod = Environment.GetEnvironmentVariable("STORAGE_CONNECTION_STRING");
    // ok: vigil.secrets.azure-storage-account-key
    const string Doc = "DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey=<account-key>";
}
