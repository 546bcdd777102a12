using System.Collections.Concurrent;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>
/// The role name a login's role_id belongs to, for role-based quotas (Vault's ResolveRole operation). Two reads of the
/// mount's storage, through the request's read cache, so the login that follows reads the same rows for free.
/// </summary>
internal sealed class AppRoleRoleResolver
{
    /// <summary>Each mount's HMAC key, by mount UUID: one entry per AppRole mount this instance has seen.</summary>
    private readonly ConcurrentDictionary<string, TokenHasher> _hashers = new(StringComparer.Ordinal);

    /// <summary>The role's name, or null when the role_id names no role.</summary>
    public async Task<string?> RoleNameAsync(IStorage storage, string mountUuid, string roleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (string.IsNullOrWhiteSpace(roleId))
        {
            return null;
        }

        if (!_hashers.TryGetValue(mountUuid, out var hasher))
        {
            var salt = await TokenSecrets.LoadOrCreateAsync(storage, AppRoleStorageKeys.Salt, cancellationToken).ConfigureAwait(false);
            hasher = _hashers.GetOrAdd(mountUuid, new TokenHasher(salt));
        }

        var role = await new AppRoleStore(storage, hasher).RoleByIdAsync(roleId.Trim(), cancellationToken).ConfigureAwait(false);
        return role?.Name;
    }
}
