using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>The mount's stored config and roles.</summary>
internal static class JwtStore
{
    public const string ConfigKey = "config";

    public static async Task<JwtConfig?> ConfigAsync(IStorage storage, CancellationToken cancellationToken) =>
        (await StoredJson.ReadAsync<JwtConfig>(storage, ConfigKey, cancellationToken).ConfigureAwait(false)).Value;

    public static async Task<JwtConfig> RequiredConfigAsync(IStorage storage, CancellationToken cancellationToken) =>
        await ConfigAsync(storage, cancellationToken).ConfigureAwait(false)
        ?? throw VaultException.InvalidRequest("could not load configuration");

    public static Task<JwtRole?> RoleAsync(IStorage storage, string name, CancellationToken cancellationToken) =>
        LoginRolePaths<JwtRole>.RoleAsync(storage, name, cancellationToken);

    /// <summary>The login's role: the one named, else the config's default_role; a 400 when there is none.</summary>
    public static async Task<(string Name, JwtRole Role)> LoginRoleAsync(IStorage storage, JwtConfig config, string requested, CancellationToken cancellationToken)
    {
        var name = requested.Length > 0 ? requested.ToLowerInvariant() : config.DefaultRole;
        if (name.Length == 0)
        {
            throw VaultException.InvalidRequest("missing role");
        }

        var role = await RoleAsync(storage, name, cancellationToken).ConfigureAwait(false)
            ?? throw VaultException.InvalidRequest($"role \"{name}\" could not be found");
        return (name, role);
    }
}
