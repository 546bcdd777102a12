using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// Rotates every transit key whose auto_rotate_period has passed since its latest version was made (Vault's
/// periodic func). The due check runs again on the row read under the ETag it is written with, so instances that race
/// on one key rotate it once per period: the loser re-reads, finds a version made just now, and writes nothing.
/// Other instances' caches see the new version within <see cref="KeyCache.StalenessBudget"/>, as for a manual rotate.
/// </summary>
public sealed partial class TransitAutoRotateJob(
    UnsealCoordinator coordinator, IBarrier barrier, MountStore mounts, TimeProvider time, ILogger<TransitAutoRotateJob> logger) : IVaultJob
{
    public const string JobName = "transit-auto-rotate";

    public string Name => JobName;

    /// <summary>Hourly, as Vault: periods are at least an hour, so a key rotates at most an hour late.</summary>
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public Task RunAsync(CancellationToken cancellationToken) => MountJobs.ForEachAsync(
        coordinator,
        barrier,
        mounts,
        mount => mount.Type == "transit",
        (mount, storage) => RotateDueKeysAsync(storage, mount.Path, cancellationToken),
        cancellationToken);

    private async Task RotateDueKeysAsync(IStorage storage, string mountPath, CancellationToken cancellationToken)
    {
        var children = await storage.ListAsync(TransitStorageKeys.PolicyPrefix, cancellationToken).ConfigureAwait(false);
        foreach (var name in children.Where(child => !child.EndsWith('/')))
        {
            try
            {
                if (await TryRotateAsync(storage, name, cancellationToken).ConfigureAwait(false) is { } version)
                {
                    LogRotated(logger, mountPath, name, version);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One unreadable or contended key must not hold back the others; the next run tries it again.
                LogFailed(logger, error, mountPath, name);
            }
        }
    }

    /// <summary>The new version when the key was due and this run rotated it; null otherwise.</summary>
    private Task<long?> TryRotateAsync(IStorage storage, string name, CancellationToken cancellationToken) =>
        ConflictRetry.RunAsync<long?>(async () =>
        {
            var key = TransitStorageKeys.Policy(name);
            var (current, entry) = await StoredJson.ReadAsync<KeyPolicyRecord>(storage, key, cancellationToken).ConfigureAwait(false);
            if (current is null || entry is null)
            {
                return null;
            }

            CryptographicOperations.ZeroMemory(entry.Value);
            var now = time.GetUtcNow();
            if (!IsDue(current, now))
            {
                return null;
            }

            var next = current.Rotated(now);
            var bytes = StoredJson.Serialize(next);
            try
            {
                // Not abandoned on cancellation once started: the write is one conditional put, all or nothing.
                await storage.PutAsync(key, bytes, PutCondition.IfMatch(entry.ETag), CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }

            return next.LatestVersion;
        }, cancellationToken);

    /// <summary>
    /// Vault's rule: a period is set and "now" is after the latest version's creation plus the period; an imported key
    /// without allow_rotation is skipped (keys/:name/config can give it a period, but it may not get generated versions).
    /// </summary>
    internal static bool IsDue(KeyPolicyRecord record, DateTimeOffset now) =>
        record.AutoRotatePeriod > 0
        && (!record.Imported || record.AllowImportedKeyRotation)
        && record.Versions.TryGetValue(record.LatestVersion, out var latest)
        && now > latest.CreationTime + TimeSpan.FromSeconds(record.AutoRotatePeriod);

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-rotated transit key {Key} on mount {Mount} to version {Version}")]
    private static partial void LogRotated(ILogger logger, string mount, string key, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not auto-rotate transit key {Key} on mount {Mount}; the next run retries")]
    private static partial void LogFailed(ILogger logger, Exception error, string mount, string key);
}
