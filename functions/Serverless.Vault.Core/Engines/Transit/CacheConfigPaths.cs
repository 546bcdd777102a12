using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// cache-config: Vault's bound on how many keys a mount caches. Stored and reported for clients that set it; this
/// engine's cache holds only keys in use and drops them after the staleness budget, so the size does not change it.
/// </summary>
internal static class CacheConfigPaths
{
    /// <summary>Vault's minCacheSize: a smaller LRU would thrash on any real workload.</summary>
    public const long MinSize = 10;

    private static readonly Field<long> Size = Fields.Int("size", "Number of keys to cache; 0 (default) for no bound, else at least 10.");

    public static PathSpec Spec => new("cache-config")
    {
        Fields = [Size],
        Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync },
        Synopsis = "Configure the size of the key cache.",
    };

    private static async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var (stored, _) = await StoredJson.ReadAsync<CacheConfigRecord>(context.Storage, TransitStorageKeys.CacheConfig, cancellationToken).ConfigureAwait(false);
        return Respond(stored?.Size ?? 0);
    }

    private static async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var size = context.Get(Size);
        if (size != 0 && size < MinSize)
        {
            throw VaultException.InvalidRequest($"size must be 0 or a value greater or equal to {MinSize}");
        }

        var record = new CacheConfigRecord { Size = size };
        await context.Storage.PutAsync(TransitStorageKeys.CacheConfig, StoredJson.Serialize(record), PutCondition.None, cancellationToken).ConfigureAwait(false);
        return Respond(size);
    }

    private static VaultResponse Respond(long size) => VaultResponse.WithData(new JsonObject { ["size"] = size });
}
