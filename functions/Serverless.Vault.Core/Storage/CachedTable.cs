namespace Serverless.Vault.Core.Storage;

/// <summary>
/// A small table kept as one stored record and read on every request (the mount table, the audit table). Any instance
/// may change it, so the cached copy is re-read after <see cref="StalenessBudget"/>, and every change is a
/// read-modify-write guarded by the record's ETag. While the stored record is unchanged the same list instance is
/// returned, so callers may key their own per-instance state on it.
/// </summary>
public sealed class CachedTable<TEntry>(
    Func<IStorage> storage,
    TimeProvider time,
    string key,
    Func<byte[], IReadOnlyList<TEntry>> deserialize,
    Func<IReadOnlyList<TEntry>, byte[]> serialize)
{
    /// <summary>How long another instance's change may go unseen here.</summary>
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _cached;

    /// <summary>
    /// The table, at most <see cref="StalenessBudget"/> old. Read on every request, so a fresh copy is answered with the
    /// snapshot's own completed task: no state machine and no allocation.
    /// </summary>
    public Task<IReadOnlyList<TEntry>> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        return cached is not null && time.GetUtcNow() - cached.LoadedAt < StalenessBudget ? cached.Completed : GetFreshAsync(cancellationToken);
    }

    /// <summary>The table as stored now, bypassing the cache: for decisions a stale table must not make.</summary>
    public async Task<IReadOnlyList<TEntry>> GetFreshAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>Applies a change to the table; <paramref name="change"/> may throw to refuse it. Retries lost races.</summary>
    public async Task<IReadOnlyList<TEntry>> UpdateAsync(
        Func<IReadOnlyList<TEntry>, IReadOnlyList<TEntry>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);

        // Another instance may change the table between our read and write: re-read and re-apply.
        return await ConflictRetry.RunAsync(async () =>
        {
            var current = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var next = change(current.Entries);
            var condition = current.ETag is null ? PutCondition.NotExists : PutCondition.IfMatch(current.ETag);
            var etag = await storage().PutAsync(key, serialize(next), condition, CancellationToken.None).ConfigureAwait(false);
            _cached = new Snapshot(next, etag, time.GetUtcNow());
            return next;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var entry = await storage().GetAsync(key, cancellationToken).ConfigureAwait(false);
        var previous = _cached;
        var entries = previous is not null && previous.ETag == entry?.ETag ? previous.Entries
            : entry is null ? [] : deserialize(entry.Value);
        var snapshot = new Snapshot(entries, entry?.ETag, time.GetUtcNow());
        _cached = snapshot;
        return snapshot;
    }

    private sealed record Snapshot(IReadOnlyList<TEntry> Entries, string? ETag, DateTimeOffset LoadedAt)
    {
        /// <summary>The entries as a completed task, made once per snapshot for <see cref="GetAsync"/>.</summary>
        public Task<IReadOnlyList<TEntry>> Completed { get; } = Task.FromResult(Entries);
    }
}
