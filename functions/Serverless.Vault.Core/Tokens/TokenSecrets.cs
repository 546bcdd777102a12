using System.Security.Cryptography;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tokens;

/// <summary>Random keys the token store creates once per vault, behind the barrier, and every instance then shares.</summary>
internal static class TokenSecrets
{
    public const int KeyBytes = 32;

    /// <summary>Reads the key, creating it if absent; of two instances creating it at once, one wins.</summary>
    public static Task<byte[]> LoadOrCreateAsync(IStorage storage, string key, CancellationToken cancellationToken) =>
        StorageOnce.GetOrCreateAsync(storage, key, () => RandomNumberGenerator.GetBytes(KeyBytes), cancellationToken);
}
