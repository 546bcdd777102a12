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
    public static readonly TimeSpan StalenessBudget = CachedTable<AuditDeviceEntry>.StalenessBudget;

    private readonly CachedTable<AuditDeviceEntry> _table = new(
        () => barrier.Storage,
        time,
        TableKey,
        value => StoredJson.Deserialize<AuditTableRecord>(value).Entries,
        entries => StoredJson.Serialize(new AuditTableRecord(entries)));

    /// <summary>The table, at most <see cref="StalenessBudget"/> old. The same list instance until it changes.</summary>
    public Task<IReadOnlyList<AuditDeviceEntry>> GetAsync(CancellationToken cancellationToken) => _table.GetAsync(cancellationToken);

    /// <summary>The table as stored now: for the sys/audit API, whose answers must not lag another instance.</summary>
    public Task<IReadOnlyList<AuditDeviceEntry>> GetFreshAsync(CancellationToken cancellationToken) => _table.GetFreshAsync(cancellationToken);

    /// <summary>Applies a change to the table; <paramref name="change"/> may throw to refuse it. Retries lost races.</summary>
    public Task UpdateAsync(Func<IReadOnlyList<AuditDeviceEntry>, IReadOnlyList<AuditDeviceEntry>> change, CancellationToken cancellationToken) =>
        _table.UpdateAsync(change, cancellationToken);
}
