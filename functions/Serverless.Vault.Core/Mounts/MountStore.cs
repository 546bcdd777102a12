using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Mounts;

/// <summary>
/// The mount table behind the barrier. Any instance may change it, so the cached copy is re-read after a short
/// staleness budget, and every change is a read-modify-write guarded by the table's ETag.
/// </summary>
public sealed class MountStore(IBarrier barrier, TimeProvider time)
{
    /// <summary>One record for the whole table: mounts change rarely and are read on every request.</summary>
    public const string TableKey = "core/mounts";

    /// <summary>How long another instance's mount change may go unseen here.</summary>
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _cached;

    public async Task<IReadOnlyList<MountEntry>> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() - cached.LoadedAt < StalenessBudget)
        {
            return cached.Entries;
        }

        return (await LoadAsync(cancellationToken).ConfigureAwait(false)).Entries;
    }

    /// <summary>The table as stored now, bypassing the cache: for decisions a stale table must not make.</summary>
    public async Task<IReadOnlyList<MountEntry>> GetFreshAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>Applies a change to the table; <paramref name="change"/> may throw to refuse it. Retries lost races.</summary>
    public async Task<IReadOnlyList<MountEntry>> UpdateAsync(
        Func<IReadOnlyList<MountEntry>, IReadOnlyList<MountEntry>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);

        // Another instance may change the table between our read and write: re-read and re-apply.
        return await ConflictRetry.RunAsync(async () =>
        {
            var current = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var next = change(current.Entries);
            var record = StoredJson.Serialize(new MountTableRecord(next));
            var condition = current.ETag is null ? PutCondition.NotExists : PutCondition.IfMatch(current.ETag);
            var etag = await barrier.Storage.PutAsync(TableKey, record, condition, CancellationToken.None).ConfigureAwait(false);
            _cached = new Snapshot(next, etag, time.GetUtcNow());
            return next;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var (record, entry) = await StoredJson.ReadAsync<MountTableRecord>(barrier.Storage, TableKey, cancellationToken).ConfigureAwait(false);
        var snapshot = new Snapshot(record?.Entries ?? [], entry?.ETag, time.GetUtcNow());
        _cached = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyList<MountEntry> Entries, string? ETag, DateTimeOffset LoadedAt);
}
