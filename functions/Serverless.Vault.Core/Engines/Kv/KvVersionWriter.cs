using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// Adds a version to a KV v2 secret: check-and-set, the next version number, moving the superseded data to its own
/// row and pruning past max_versions. One metadata read and one transaction, or only the transaction when this
/// instance remembers the row from its last write (<see cref="KvRecordCache"/>); a lost race is retried from a fresh
/// read, unless the caller gave a cas, which the race has then made stale.
/// </summary>
internal sealed class KvVersionWriter(KvConfigStore configs, KvRecordCache cache, TimeProvider time)
{
    private const int MaxPrunedPerWrite = 90;

    /// <summary>Writes a version whose data <paramref name="produce"/> derives from the current record.</summary>
    public async Task<VaultResponse> WriteAsync(
        KvSecretStore store, string path, long? cas, Func<KvSecretRecord?, Task<JsonObject>> produce, CancellationToken cancellationToken)
    {
        var config = await configs.GetAsync(cancellationToken).ConfigureAwait(false);

        // Without a cas a lost race is retried: the write goes on top of the winner's. With a cas the race has made
        // it stale, which is the client's mismatch.
        return await ConflictRetry.RunAsync(async () =>
        {
            if (cache.TryGet(path, out var remembered, out var rememberedETag))
            {
                try
                {
                    return await AttemptAsync(store, path, cas, produce, config, remembered, rememberedETag, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is VaultException or StorageConflictException)
                {
                    // Decided on what this instance remembered: forgotten, and decided again on a fresh read.
                    cache.Forget(path);
                }
            }

            var (current, etag) = await store.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            try
            {
                return await AttemptAsync(store, path, cas, produce, config, current, etag, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageConflictException) when (cas is not null)
            {
                throw CasMismatch();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<VaultResponse> AttemptAsync(
        KvSecretStore store, string path, long? cas, Func<KvSecretRecord?, Task<JsonObject>> produce, KvConfig config,
        KvSecretRecord? current, string? etag, CancellationToken cancellationToken)
    {
        // The data first: a PATCH of a missing key is a 404 before any check-and-set question arises.
        var data = await produce(current).ConfigureAwait(false);
        CheckAndSet(current, cas, config);
        var (next, rows) = NextVersion(path, current, data, config, time.GetUtcNow());
        try
        {
            var (stored, storedETag) = await store.CommitAsync(path, next, etag, rows, cancellationToken).ConfigureAwait(false);
            if (storedETag is not null)
            {
                cache.Remember(path, stored, storedETag);
            }
        }
        catch (StorageConflictException)
        {
            cache.Forget(path);
            throw;
        }

        return VaultResponse.WithData(KvJson.VersionMetadata(next, next.CurrentVersion));
    }

    private static void CheckAndSet(KvSecretRecord? current, long? cas, KvConfig config)
    {
        if (cas is null)
        {
            if (config.CasRequired || current?.CasRequired == true)
            {
                throw VaultException.InvalidRequest("check-and-set parameter required for this call");
            }

            return;
        }

        if (cas < 0 || cas != (current?.CurrentVersion ?? 0))
        {
            throw CasMismatch();
        }
    }

    private static (KvSecretRecord Next, List<StorageWrite> Rows) NextVersion(
        string path, KvSecretRecord? current, JsonObject data, KvConfig config, DateTimeOffset now)
    {
        current ??= new KvSecretRecord { CreatedTime = now };
        var version = current.CurrentVersion + 1;
        var rows = new List<StorageWrite>();
        if (current.CurrentData is { } superseded && current.CurrentVersion > 0)
        {
            rows.Add(KvSecretStore.PutVersion(path, current.CurrentVersion, superseded));
        }

        var deleteAfter = current.EffectiveDeleteVersionAfter(config);
        var versions = new SortedDictionary<long, KvVersionInfo>(current.Versions.ToDictionary())
        {
            [version] = new KvVersionInfo { CreatedTime = now, DeletionTime = deleteAfter > 0 ? now.AddSeconds(deleteAfter) : null, AutoDelete = deleteAfter > 0 },
        };

        // Past max_versions the oldest versions go, data and metadata alike; a batch holds 100 writes, so a large
        // cut (max_versions lowered a lot) is spread over the next few writes.
        var max = current.EffectiveMaxVersions(config);
        for (var pruned = 0; versions.Count > max && pruned < MaxPrunedPerWrite; pruned++)
        {
            var oldest = versions.Keys.First();
            versions.Remove(oldest);
            rows.RemoveAll(row => row.Key == KvStorageKeys.Version(path, oldest));
            rows.Add(KvSecretStore.DeleteVersion(path, oldest));
        }

        var next = current with
        {
            CurrentVersion = version,
            OldestVersion = versions.Keys.First(),
            UpdatedTime = now,
            Versions = versions,
            CurrentData = data,
        };
        return (next, rows);
    }

    public static VaultException CasMismatch() =>
        VaultException.InvalidRequest("check-and-set parameter did not match the current version");
}
