using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Security;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// Tokens behind the barrier, keyed by HMAC-SHA256(salt, token id): a storage dump, even decrypted, holds no
/// usable token. The full token store (create, renew, revoke, children) builds on this.
/// </summary>
public sealed class TokenStore(IBarrier barrier, TimeProvider time)
{
    /// <summary>The HMAC key for token ids: random per vault, behind the barrier.</summary>
    public const string SaltKey = "core/token/salt";

    /// <summary>Token entries, one per keyed hash.</summary>
    public const string IdPrefix = "core/token/id/";

    private const int SaltBytes = 32;

    private byte[]? _salt;

    /// <summary>Creates a root token (policy "root", no expiry) and returns its id, shown once.</summary>
    public async Task<string> CreateRootTokenAsync(string? requestedId, CancellationToken cancellationToken)
    {
        var id = string.IsNullOrEmpty(requestedId) ? RandomIds.ServiceToken() : requestedId;
        var entry = new TokenEntry
        {
            Accessor = RandomIds.Accessor(),
            Policies = ["root"],
            Path = "auth/token/root",
            DisplayName = "root",
            CreationTime = time.GetUtcNow().ToUnixTimeSeconds(),
        };
        var key = IdPrefix + await HashAsync(id, cancellationToken).ConfigureAwait(false);
        await barrier.Storage.PutAsync(key, StoredJson.Serialize(entry), PutCondition.None, CancellationToken.None).ConfigureAwait(false);
        return id;
    }

    /// <summary>The entry of a live token, or null for an unknown or expired one.</summary>
    public async Task<TokenEntry?> LookupAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        var key = IdPrefix + await HashAsync(token, cancellationToken).ConfigureAwait(false);
        var (entry, _) = await StoredJson.ReadAsync<TokenEntry>(barrier.Storage, key, cancellationToken).ConfigureAwait(false);
        return entry is null || entry.IsExpired(time.GetUtcNow()) ? null : entry;
    }

    /// <summary>Hex HMAC-SHA256 of a token id under this vault's salt.</summary>
    public async Task<string> HashAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var salt = _salt ?? await LoadSaltAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(token)));
    }

    private async Task<byte[]> LoadSaltAsync(CancellationToken cancellationToken)
    {
        var existing = await barrier.Storage.GetAsync(SaltKey, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(SaltBytes);
            try
            {
                await barrier.Storage.PutAsync(SaltKey, fresh, PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
                return _salt = fresh;
            }
            catch (StorageConflictException)
            {
                // Another instance created the salt first: use theirs.
                existing = await barrier.Storage.GetAsync(SaltKey, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The token salt vanished after a conflicting create.");
            }
        }

        return _salt = existing.Value;
    }
}
