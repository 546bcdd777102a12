using System.Security.Cryptography;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tokens;

/// <summary>Random keys the token store creates once per vault, behind the barrier, and every instance then shares.</summary>
internal static class TokenSecrets
{
    public const int KeyBytes = 32;

    /// <summary>Reads the key, creating it if absent; of two instances creating it at once, NotExists lets one win.</summary>
    public static async Task<byte[]> LoadOrCreateAsync(IStorage storage, string key, CancellationToken cancellationToken)
    {
        var existing = await storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.Value;
        }

        var fresh = RandomNumberGenerator.GetBytes(KeyBytes);
        try
        {
            await storage.PutAsync(key, fresh, PutCondition.NotExists, CancellationToken.None).ConfigureAwait(false);
            return fresh;
        }
        catch (StorageConflictException)
        {
            // Another instance created it first: use theirs.
            CryptographicOperations.ZeroMemory(fresh);
            var theirs = await storage.GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The token key '{key}' vanished after a conflicting create.");
            return theirs.Value;
        }
    }
}
