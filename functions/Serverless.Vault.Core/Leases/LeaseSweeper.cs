using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Leases;

/// <summary>
/// Revokes due leases, every minute on every instance. It lists the minute markers that are due, claims one group
/// (minute, token) at a time with an ETag so no two sweepers work on the same leases, and revokes the group's due
/// leases through <see cref="LeaseRevoker"/>. A claim left by a crashed sweeper lapses after
/// <see cref="LeaseOptions.ClaimDuration"/>. One run revokes at most <see cref="LeaseOptions.MaxRevocationsPerRun"/>,
/// so a backlog after downtime drains at a bounded rate.
/// </summary>
public sealed partial class LeaseSweeper(
    UnsealCoordinator coordinator,
    LeaseStore store,
    LeaseRevoker revoker,
    IOptions<LeaseOptions> options,
    ILogger<LeaseSweeper> logger) : IVaultJob
{
    public const string JobName = "lease-sweeper";

    /// <summary>
    /// A marker is deleted only once its minute ended this long ago: longer than a request's deadline plus clock skew,
    /// so no instance can still be indexing a lease under it.
    /// </summary>
    public static readonly TimeSpan MarkerGrace = TimeSpan.FromMinutes(3);

    public string Name => JobName;

    public TimeSpan Interval => options.Value.SweepInterval;

    public async Task RunAsync(CancellationToken cancellationToken) => await SweepAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>One pass; returns the number of leases revoked (none while the vault cannot be unsealed).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!await coordinator.TryEnsureUnsealedAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var now = store.Time.GetUtcNow();
        // Each run claims as itself: two runs of one instance (a slow run overlapping the next timer) exclude each other too.
        var run = new SweepRun(options.Value.MaxRevocationsPerRun, RandomNumberGenerator.GetHexString(16, lowercase: true));
        foreach (var dayFolder in await store.Storage.ListAsync(LeaseStoragePaths.Due, cancellationToken).ConfigureAwait(false))
        {
            if (!LeaseStoragePaths.TryParseDay(dayFolder, out var day) || day > now)
            {
                continue;
            }

            foreach (var minuteFolder in await store.Storage.ListAsync(LeaseStoragePaths.DayFolder(day), cancellationToken).ConfigureAwait(false))
            {
                if (!LeaseStoragePaths.TryParseMinute(day, minuteFolder, out var minute) || minute > now)
                {
                    continue;
                }

                foreach (var group in await store.Storage.ListAsync(LeaseStoragePaths.MinuteFolder(minute), cancellationToken).ConfigureAwait(false))
                {
                    if (run.Left <= 0)
                    {
                        LogBudgetSpent(logger, run.Revoked);
                        return run.Revoked;
                    }

                    if (!group.EndsWith('/'))
                    {
                        await SweepGroupAsync(minute, group, now, run, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        return run.Revoked;
    }

    /// <summary>Revokes one due lease this run has claimed, counting it against the run's budget.</summary>
    private async Task RevokeCountedAsync(LeaseEntry entry, StorageEntry stored, SweepRun run)
    {
        run.Left--;
        if (await revoker.RevokeDueAsync(entry, stored).ConfigureAwait(false))
        {
            run.Revoked++;
        }
    }

    private async Task SweepGroupAsync(DateTimeOffset minute, string tokenFolder, DateTimeOffset now, SweepRun run, CancellationToken cancellationToken)
    {
        var markerPath = LeaseStoragePaths.MinuteFolder(minute) + tokenFolder;
        var (marker, stored) = await StoredJson.ReadAsync<LeaseMarker>(store.Storage, markerPath, cancellationToken).ConfigureAwait(false);
        var nowSeconds = now.ToUnixTimeSeconds();
        if (marker is null || stored is null || marker.ClaimUntil > nowSeconds)
        {
            return;
        }

        string claimETag;
        try
        {
            var claim = new LeaseMarker { ClaimOwner = run.Owner, ClaimUntil = nowSeconds + (long)options.Value.ClaimDuration.TotalSeconds };
            claimETag = await store.Storage.PutAsync(markerPath, StoredJson.Serialize(claim), PutCondition.IfMatch(stored.ETag), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            return;
        }

        var start = minute.ToUnixTimeSeconds();
        var tokenKey = LeaseStoragePaths.TokenKeyOf(tokenFolder);
        var left = 0;
        foreach (var (due, path) in await store.TokenRowsAsync(tokenKey, cancellationToken).ConfigureAwait(false))
        {
            if (due < start || due >= start + 60)
            {
                continue;
            }

            if (due > nowSeconds || run.Left <= 0)
            {
                left++;
            }
            else if (await store.FollowAsync(path, due, cancellationToken).ConfigureAwait(false) is var (entry, entryStored))
            {
                await RevokeCountedAsync(entry, entryStored, run).ConfigureAwait(false);
            }
        }

        // The token's own lease is indexed by this marker alone (it has no row in the token folder).
        if (await revoker.OwnTokenLeaseAsync(tokenKey, cancellationToken).ConfigureAwait(false) is var (own, ownStored)
            && own.DueTime >= start && own.DueTime < start + 60)
        {
            if (own.DueTime > nowSeconds || run.Left <= 0)
            {
                left++;
            }
            else
            {
                await RevokeCountedAsync(own, ownStored, run).ConfigureAwait(false);
            }
        }

        if (left == 0 && minute.AddMinutes(1) + MarkerGrace < now)
        {
            await store.Storage.DeleteAsync(markerPath, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            // Release the claim so that the next run, here or elsewhere, can take the rest.
            await store.Storage.PutAsync(markerPath, StoredJson.Serialize(new LeaseMarker()), PutCondition.IfMatch(claimETag), cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease sweeper revoked {Count} leases and reached its per-run limit; the rest follow next run")]
    private static partial void LogBudgetSpent(ILogger logger, int count);

    private sealed class SweepRun(int budget, string owner)
    {
        public string Owner { get; } = owner;

        public int Left { get; set; } = budget;

        public int Revoked { get; set; }
    }
}
