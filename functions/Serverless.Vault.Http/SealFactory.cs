using Serverless.Vault.Azure.KeyVault;
using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Http;

/// <summary>Builds the configured seal; a missing or unknown setting stops the host at start, not at first use.</summary>
internal static class SealFactory
{
    public static ISeal Create(SealSettings settings) => settings.Type switch
    {
        LocalSeal.SealType when !string.IsNullOrEmpty(settings.Key) => LocalSeal.FromBase64(settings.Key),
        LocalSeal.SealType when !string.IsNullOrEmpty(settings.KeyFile) => LocalSeal.FromKeyFile(settings.KeyFile),
        LocalSeal.SealType => throw new InvalidOperationException("The local seal needs Vault:Seal:Key (base64 of 32 bytes) or Vault:Seal:KeyFile."),
        KeyVaultSeal.SealType when Uri.TryCreate(settings.KeyId, UriKind.Absolute, out var keyId) => new KeyVaultSeal(new KeyVaultSealOptions
        {
            KeyId = keyId,
            ManagedIdentityClientId = settings.ManagedIdentityClientId,
        }),
        KeyVaultSeal.SealType => throw new InvalidOperationException("The azurekeyvault seal needs Vault:Seal:KeyId, the key's URI in Key Vault."),
        _ => throw new InvalidOperationException($"Unknown seal type '{settings.Type}': use \"local\" or \"azurekeyvault\"."),
    };
}
