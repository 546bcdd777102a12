using Azure.Core;

namespace Serverless.Vault.Azure.KeyVault;

/// <summary>Pipeline options for the Key Vault seal; the retry and timeout settings come from <see cref="KeyVaultSealOptions"/>.</summary>
internal sealed class KeyVaultClientOptions : ClientOptions
{
    public KeyVaultClientOptions()
    {
        Diagnostics.ApplicationId = "serverless-vault";
        // Request and response bodies carry key material (wrapped or not): never log them.
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
