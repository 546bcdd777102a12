using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// Cleans up versions that delete_version_after has expired: reads already answer 404 once the deletion time has
/// passed; this job then destroys their data, so an expired secret does not linger in storage. Versions deleted or
/// undeleted by hand are left alone (they can still be undeleted, as in Vault). Idempotent: a record changed
/// meanwhile is re-read, and a run cut short is finished by the next.
/// </summary>
public sealed class KvVersionExpiryJob(UnsealCoordinator coordinator, IBarrier barrier, MountStore mounts, TimeProvider time) : IVaultJob
{
    public const string JobName = "kv-version-expiry";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(CancellationToken cancellationToken) => MountJobs.ForEachAsync(
        coordinator,
        barrier,
        mounts,
        mount => mount.Type == "kv" && mount.Options?.GetValueOrDefault(KvBackendFactory.VersionOption) == "2",
        (_, storage) => CleanUpAsync(storage, cancellationToken),
        cancellationToken);

    private async Task CleanUpAsync(IStorage storage, CancellationToken cancellationToken)
    {
        var store = new KvSecretStore(storage);
        var changes = new KvVersionChanges(time);
        await foreach (var key in StorageTree.KeysAsync(storage, KvStorageKeys.MetadataPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (key.Contains(KvStorageKeys.VersionSeparator, StringComparison.Ordinal))
            {
                continue;
            }

            var path = key[KvStorageKeys.MetadataPrefix.Length..];
            await changes.ApplyAsync(store, path, Expired, KvVersionChange.Destroy, cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<long> Expired(KvSecretRecord record)
    {
        var now = time.GetUtcNow();
        return record.Versions.Where(pair => pair.Value.AutoDelete && !pair.Value.Destroyed && pair.Value.DeletionTime <= now).Select(pair => pair.Key);
    }
}
