using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// The mount's KV v2 settings, cached so that a read or write costs no extra storage round trip; another instance's
/// change is seen within <see cref="StalenessBudget"/>.
/// </summary>
internal sealed class KvConfigStore(IStorage storage, TimeProvider time)
{
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    private volatile Cached? _cached;

    public async Task<KvConfig> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() - cached.LoadedAt < StalenessBudget)
        {
            return cached.Config;
        }

        var (config, _) = await StoredJson.ReadAsync<KvConfig>(storage, KvStorageKeys.ConfigKey, cancellationToken).ConfigureAwait(false);
        config ??= new KvConfig();
        _cached = new Cached(config, time.GetUtcNow());
        return config;
    }

    public async Task SetAsync(KvConfig config, CancellationToken cancellationToken)
    {
        await storage.PutAsync(KvStorageKeys.ConfigKey, StoredJson.Serialize(config), PutCondition.None, cancellationToken).ConfigureAwait(false);
        _cached = new Cached(config, time.GetUtcNow());
    }

    private sealed record Cached(KvConfig Config, DateTimeOffset LoadedAt);
}
