using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Quotas;

/// <summary>
/// The quota definitions and config behind the barrier, in one row. Every request consults them, so each instance
/// keeps the row and re-reads it only after the staleness budget, as the mount table does; writes are
/// read-modify-writes guarded by the row's ETag.
/// </summary>
public sealed class QuotaStore(IBarrier barrier, TimeProvider time)
{
    /// <summary>One row for all quotas: they are few, change rarely and are read together on every request.</summary>
    public const string TableKey = "core/quotas";

    /// <summary>How long a quota change made on another instance may go unseen here.</summary>
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _cached;

    /// <summary>The cached set when it is within the staleness budget: no storage read, no allocation.</summary>
    public bool TryGetCurrent(out QuotaSet set)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() - cached.LoadedAt < StalenessBudget)
        {
            set = cached.Set;
            return true;
        }

        set = QuotaSet.Empty;
        return false;
    }

    public async Task<QuotaSet> GetAsync(CancellationToken cancellationToken) =>
        TryGetCurrent(out var set) ? set : (await LoadAsync(cancellationToken).ConfigureAwait(false)).Set;

    /// <summary>The set as stored now, bypassing the cache: for validating a write against every other quota.</summary>
    public async Task<QuotaSet> GetFreshAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).Set;

    /// <summary>Applies a change; <paramref name="change"/> may throw to refuse it, and runs again after a lost race.</summary>
    public async Task UpdateAsync(Func<QuotaSet, QuotaTableRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await ConflictRetry.RunAsync(async () =>
        {
            var current = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var next = change(current.Set);
            var condition = current.ETag is null ? PutCondition.NotExists : PutCondition.IfMatch(current.ETag);
            var etag = await barrier.Storage.PutAsync(TableKey, StoredJson.Serialize(next), condition, CancellationToken.None).ConfigureAwait(false);
            _cached = new Snapshot(new QuotaSet(next.Config, next.RateLimits), etag, time.GetUtcNow());
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops every quota on a mount (on the mount, on paths below it, on its login roles), as Vault does when the mount
    /// is disabled: a mount enabled later at the same path starts without them. Writes nothing when there are none.
    /// </summary>
    public async Task RemoveMountAsync(string mountPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        var current = await GetFreshAsync(cancellationToken).ConfigureAwait(false);
        if (current.RateLimits.Any(q => q.MountPath == mountPath))
        {
            await UpdateAsync(
                set => new QuotaTableRecord(set.StoredConfig, [.. set.RateLimits.Where(q => q.MountPath != mountPath)]),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var (record, entry) = await StoredJson.ReadAsync<QuotaTableRecord>(barrier.Storage, TableKey, cancellationToken).ConfigureAwait(false);
        var snapshot = new Snapshot(record is null ? QuotaSet.Empty : new QuotaSet(record.Config, record.RateLimits ?? []), entry?.ETag, time.GetUtcNow());
        _cached = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(QuotaSet Set, string? ETag, DateTimeOffset LoadedAt);
}
