using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Audit;

/// <summary>
/// The audit table behind the barrier, cached per instance like the mount table: a device enabled or disabled on one
/// instance is in use on every other within <see cref="StalenessBudget"/>, and with none enabled a request costs no
/// storage read within that budget.
/// </summary>
public sealed class AuditStore(IBarrier barrier, TimeProvider time)
{
    /// <summary>One record for the whole table, next to the mount table.</summary>
    public const string TableKey = "core/audit";

    /// <summary>How long another instance's audit change may go unseen here (the mount table's bound).</summary>
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _cached;

    /// <summary>The table, at most <see cref="StalenessBudget"/> old. The same list instance until it changes.</summary>
    public async Task<IReadOnlyList<AuditDeviceEntry>> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() - cached.LoadedAt < StalenessBudget)
        {
            return cached.Entries;
        }

        return (await LoadAsync(cancellationToken).ConfigureAwait(false)).Entries;
    }

    /// <summary>The table as stored now: for the sys/audit API, whose answers must not lag another instance.</summary>
    public async Task<IReadOnlyList<AuditDeviceEntry>> GetFreshAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>Applies a change to the table; <paramref name="change"/> may throw to refuse it. Retries lost races.</summary>
    public async Task UpdateAsync(
        Func<IReadOnlyList<AuditDeviceEntry>, IReadOnlyList<AuditDeviceEntry>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await ConflictRetry.RunAsync(async () =>
        {
            var current = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var next = change(current.Entries);
            var record = StoredJson.Serialize(new AuditTableRecord(next));
            var condition = current.ETag is null ? PutCondition.NotExists : PutCondition.IfMatch(current.ETag);
            var etag = await barrier.Storage.PutAsync(TableKey, record, condition, CancellationToken.None).ConfigureAwait(false);
            _cached = new Snapshot(next, etag, time.GetUtcNow());
            return next;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var (record, entry) = await StoredJson.ReadAsync<AuditTableRecord>(barrier.Storage, TableKey, cancellationToken).ConfigureAwait(false);
        var previous = _cached;

        // Keep the same list instance while the stored table is unchanged, so the broker keeps its open devices.
        var entries = previous is not null && previous.ETag == entry?.ETag ? previous.Entries : record?.Entries ?? [];
        var snapshot = new Snapshot(entries, entry?.ETag, time.GetUtcNow());
        _cached = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyList<AuditDeviceEntry> Entries, string? ETag, DateTimeOffset LoadedAt);
}
