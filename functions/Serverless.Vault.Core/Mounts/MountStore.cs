using Serverless.Vault.Core.Barrier;
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
    public static readonly TimeSpan StalenessBudget = CachedTable<MountEntry>.StalenessBudget;

    private readonly CachedTable<MountEntry> _table = new(
        () => barrier.Storage,
        time,
        TableKey,
        value => StoredJson.Deserialize<MountTableRecord>(value).Entries,
        entries => StoredJson.Serialize(new MountTableRecord(entries)));

    public Task<IReadOnlyList<MountEntry>> GetAsync(CancellationToken cancellationToken) => _table.GetAsync(cancellationToken);

    /// <summary>The table as stored now, bypassing the cache: for decisions a stale table must not make.</summary>
    public Task<IReadOnlyList<MountEntry>> GetFreshAsync(CancellationToken cancellationToken) => _table.GetFreshAsync(cancellationToken);

    /// <summary>Applies a change to the table; <paramref name="change"/> may throw to refuse it. Retries lost races.</summary>
    public Task<IReadOnlyList<MountEntry>> UpdateAsync(
        Func<IReadOnlyList<MountEntry>, IReadOnlyList<MountEntry>> change, CancellationToken cancellationToken) =>
        _table.UpdateAsync(change, cancellationToken);
}
