using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// Records the deletion time of KV v2 versions that delete_version_after has expired. Reads already treat them as
/// deleted; this makes the metadata say so too, so that it no longer depends on the current settings. Idempotent:
/// a record changed meanwhile (ETag) is left for the next run.
/// </summary>
public sealed class KvVersionExpiryJob(UnsealCoordinator coordinator, IBarrier barrier, MountStore mounts, TimeProvider time) : IVaultJob
{
    public const string JobName = "kv-version-expiry";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var mount in await mounts.GetAsync(cancellationToken).ConfigureAwait(false))
        {
            if (mount.Type == "kv" && mount.Options?.GetValueOrDefault(KvBackendFactory.VersionOption) == "2")
            {
                await ExpireAsync(new StorageView(barrier.Storage, mount.StoragePrefix), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ExpireAsync(IStorage storage, CancellationToken cancellationToken)
    {
        var store = new KvSecretStore(storage);
        var config = await new KvConfigStore(storage, time).GetAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var key in StorageTree.KeysAsync(storage, KvStorageKeys.MetadataPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (key.Contains(KvStorageKeys.VersionSeparator, StringComparison.Ordinal))
            {
                continue;
            }

            var path = key[KvStorageKeys.MetadataPrefix.Length..];
            var (record, etag) = await store.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            var deleteAfter = record?.EffectiveDeleteVersionAfter(config) ?? 0;
            if (record is null || deleteAfter == 0)
            {
                continue;
            }

            var now = time.GetUtcNow();
            var expired = record.Versions
                .Where(pair => pair.Value.DeletionTime is null && pair.Value.CreatedTime.AddSeconds(deleteAfter) <= now)
                .ToArray();
            if (expired.Length == 0)
            {
                continue;
            }

            var versions = record.Versions.ToDictionary();
            foreach (var (version, info) in expired)
            {
                versions[version] = info with { DeletionTime = info.CreatedTime.AddSeconds(deleteAfter) };
            }

            try
            {
                await store.CommitAsync(path, record with { Versions = versions }, etag, [], cancellationToken).ConfigureAwait(false);
            }
            catch (StorageConflictException)
            {
                // Written meanwhile; the next run looks again.
            }
        }
    }
}
