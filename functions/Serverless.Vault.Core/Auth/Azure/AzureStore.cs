using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>The mount's stored config and roles.</summary>
internal static class AzureStore
{
    public const string ConfigKey = "config";

    public static async Task<AzureConfig?> ConfigAsync(IStorage storage, CancellationToken cancellationToken) =>
        (await StoredJson.ReadAsync<AzureConfig>(storage, ConfigKey, cancellationToken).ConfigureAwait(false)).Value;

    public static async Task<AzureConfig> RequiredConfigAsync(IStorage storage, CancellationToken cancellationToken) =>
        await ConfigAsync(storage, cancellationToken).ConfigureAwait(false)
        ?? throw VaultException.InvalidRequest("unable to retrieve configuration: the azure auth method is not configured");

    public static Task<AzureRole?> RoleAsync(IStorage storage, string name, CancellationToken cancellationToken) =>
        LoginRolePaths<AzureRole>.RoleAsync(storage, name, cancellationToken);
}
