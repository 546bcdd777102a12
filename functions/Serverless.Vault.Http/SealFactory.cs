using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Http;

/// <summary>Builds the configured seal; a missing or unknown setting stops the host at start, not at first use.</summary>
internal static class SealFactory
{
    public static ISeal Create(SealSettings settings) => settings.Type switch
    {
        "local" when !string.IsNullOrEmpty(settings.Key) => LocalSeal.FromBase64(settings.Key),
        "local" when !string.IsNullOrEmpty(settings.KeyFile) => LocalSeal.FromKeyFile(settings.KeyFile),
        "local" => throw new InvalidOperationException("The local seal needs Vault:Seal:Key (base64 of 32 bytes) or Vault:Seal:KeyFile."),
        _ => throw new InvalidOperationException($"Unknown seal type '{settings.Type}': use \"local\" or \"azurekeyvault\"."),
    };
}
