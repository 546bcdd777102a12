using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Auth.AppRole;

/// <summary>The rows of one AppRole mount: roles, the role_id index, secret IDs and their accessor index.</summary>
internal sealed class AppRoleStore(IStorage storage, TokenHasher hasher)
{
    public IStorage Storage => storage;

    public string Hmac(string value) => hasher.Hash(value);

    public static string NormalizeName(string name) => name.ToLowerInvariant();

    public Task<(AppRoleRole? Value, StorageEntry? Entry)> ReadRoleAsync(string name, CancellationToken cancellationToken) =>
        StoredJson.ReadAsync<AppRoleRole>(storage, AppRoleStorageKeys.Role(NormalizeName(name)), cancellationToken);

    public async Task<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken) =>
        [.. (await storage.ListAsync(AppRoleStorageKeys.RolePrefix, cancellationToken).ConfigureAwait(false)).Where(k => !k.EndsWith('/'))];

    /// <summary>
    /// The role a login's role_id names, or null. Always two reads (the index, then the role or a decoy), so an
    /// unknown role_id costs what a known one does; the stored role_id is compared in constant time.
    /// </summary>
    public async Task<AppRoleRole?> RoleByIdAsync(string roleId, CancellationToken cancellationToken)
    {
        var (index, _) = await StoredJson.ReadAsync<AppRoleIndexEntry>(storage, AppRoleStorageKeys.RoleId(Hmac(roleId)), cancellationToken).ConfigureAwait(false);
        var (role, _) = await StoredJson.ReadAsync<AppRoleRole>(storage, index is null ? AppRoleStorageKeys.DecoyRole : AppRoleStorageKeys.Role(index.Target), cancellationToken).ConfigureAwait(false);
        return role is not null && SameSecret(role.RoleId, roleId) ? role : null;
    }

    /// <summary>Claims a role_id for a role; false when another role holds it.</summary>
    public async Task<bool> ClaimRoleIdAsync(string roleId, string roleName, CancellationToken cancellationToken)
    {
        var key = AppRoleStorageKeys.RoleId(Hmac(roleId));
        var (current, _) = await StoredJson.ReadAsync<AppRoleIndexEntry>(storage, key, cancellationToken).ConfigureAwait(false);
        if (current is not null)
        {
            return current.Target == roleName;
        }

        try
        {
            await storage.PutAsync(key, StoredJson.Serialize(new AppRoleIndexEntry(roleName)), PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }

    public Task ReleaseRoleIdAsync(string roleId, CancellationToken cancellationToken) =>
        storage.DeleteAsync(AppRoleStorageKeys.RoleId(Hmac(roleId)), cancellationToken);

    public Task<(AppRoleSecretId? Value, StorageEntry? Entry)> ReadSecretIdAsync(AppRoleRole? role, string secretIdHmac, CancellationToken cancellationToken) =>
        StoredJson.ReadAsync<AppRoleSecretId>(storage, role is null ? AppRoleStorageKeys.DecoySecretId : AppRoleStorageKeys.SecretId(role.SecretIdPrefix, secretIdHmac), cancellationToken);

    /// <summary>Stores a new secret ID and its accessor; false when that secret ID already exists (custom secret IDs).</summary>
    public async Task<bool> CreateSecretIdAsync(AppRoleRole role, string secretIdHmac, AppRoleSecretId entry, CancellationToken cancellationToken)
    {
        // Accessor first: a secret ID without its accessor row could never be listed or destroyed by accessor.
        await storage.PutAsync(AppRoleStorageKeys.Accessor(role.SecretIdPrefix, Hmac(entry.Accessor)), StoredJson.Serialize(new AppRoleIndexEntry(secretIdHmac)), PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
        try
        {
            await storage.PutAsync(AppRoleStorageKeys.SecretId(role.SecretIdPrefix, secretIdHmac), StoredJson.Serialize(entry), PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (StorageConflictException)
        {
            await storage.DeleteAsync(AppRoleStorageKeys.Accessor(role.SecretIdPrefix, Hmac(entry.Accessor)), CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>The secret ID HMAC an accessor of this role points at, or null (an accessor of another role is not found).</summary>
    public async Task<string?> SecretIdHmacOfAccessorAsync(AppRoleRole role, string accessor, CancellationToken cancellationToken)
    {
        var (index, _) = await StoredJson.ReadAsync<AppRoleIndexEntry>(storage, AppRoleStorageKeys.Accessor(role.SecretIdPrefix, Hmac(accessor)), cancellationToken).ConfigureAwait(false);
        return index?.Target;
    }

    /// <summary>Deletes a secret ID and its accessor row.</summary>
    public async Task DeleteSecretIdAsync(AppRoleRole role, string secretIdHmac, string accessor, CancellationToken cancellationToken)
    {
        // Not abandoned on client cancellation: a destroyed secret ID must not survive half-deleted.
        await storage.DeleteAsync(AppRoleStorageKeys.SecretId(role.SecretIdPrefix, secretIdHmac), CancellationToken.None).ConfigureAwait(false);
        await storage.DeleteAsync(AppRoleStorageKeys.Accessor(role.SecretIdPrefix, Hmac(accessor)), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Every secret ID HMAC of a role.</summary>
    public async Task<IReadOnlyList<string>> ListSecretIdHmacsAsync(AppRoleRole role, CancellationToken cancellationToken) =>
        [.. (await storage.ListAsync(AppRoleStorageKeys.SecretIds(role.SecretIdPrefix), cancellationToken).ConfigureAwait(false)).Where(k => !k.EndsWith('/'))];

    /// <summary>Removes a role with its role_id index, secret IDs and accessors.</summary>
    public async Task DeleteRoleAsync(AppRoleRole role, CancellationToken cancellationToken)
    {
        // The role row goes first: from then on no login can reach its secret IDs, whatever is left of them.
        await storage.DeleteAsync(AppRoleStorageKeys.Role(role.Name), CancellationToken.None).ConfigureAwait(false);
        await ReleaseRoleIdAsync(role.RoleId, CancellationToken.None).ConfigureAwait(false);
        foreach (var prefix in new[] { AppRoleStorageKeys.SecretIds(role.SecretIdPrefix), AppRoleStorageKeys.Accessors(role.SecretIdPrefix) })
        {
            foreach (var key in await storage.ListAsync(prefix, CancellationToken.None).ConfigureAwait(false))
            {
                await storage.DeleteAsync(prefix + key, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Compares two secrets (role IDs, secret IDs) without leaking where they differ through timing.</summary>
    public static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}
