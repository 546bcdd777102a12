using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Cubbyhole;

/// <summary>
/// Where each token's cubbyhole lives: a folder of the cubbyhole mount's storage named by the token's storage hash.
/// The token id itself never appears in a storage key, so a storage dump does not hand out usable tokens.
/// </summary>
public sealed class CubbyholeStorage(IBarrier barrier)
{
    /// <summary>The storage of one token's cubbyhole; nothing outside the folder can be named through it.</summary>
    public IStorage For(string tokenKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenKey);
        if (tokenKey.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A token's storage hash has no '/'.", nameof(tokenKey));
        }

        return new StorageView(barrier.Storage, SystemMount.Cubbyhole.StoragePrefix + tokenKey + "/");
    }

    /// <summary>The JSON map stored at <paramref name="path"/> in a token's cubbyhole, or null.</summary>
    public async Task<JsonObject?> ReadAsync(string tokenKey, string path, CancellationToken cancellationToken)
    {
        var entry = await For(tokenKey).GetAsync(path, cancellationToken).ConfigureAwait(false);
        return entry is null ? null : JsonNode.Parse(entry.Value)?.AsObject();
    }

    /// <summary>Replaces the map at <paramref name="path"/> in a token's cubbyhole.</summary>
    public Task WriteAsync(string tokenKey, string path, JsonObject value, CancellationToken cancellationToken) =>
        For(tokenKey).PutAsync(path, StoredJson.SerializeNode(value), PutCondition.None, cancellationToken);

    /// <summary>Deletes everything in a token's cubbyhole; idempotent. Returns how many entries were deleted.</summary>
    public Task<int> DestroyAsync(string tokenKey, CancellationToken cancellationToken) =>
        StorageTree.DeleteAsync(For(tokenKey), "", cancellationToken);
}
