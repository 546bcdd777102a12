using Azure;
using Azure.Data.Tables;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// An atomic batch of <see cref="StorageWrite"/>s as one entity group transaction in the partition of their folder,
/// validated against every Table limit before anything is sent.
/// </summary>
internal sealed class TableBatch
{
    private static readonly string[] RowKeyOnly = ["RowKey"];

    /// <summary>Point reads in flight at once while probing which deleted rows exist (at most 99 are asked).</summary>
    private const int ProbeParallelism = 8;

    private readonly IReadOnlyList<StorageWrite> _writes;

    // One action per write, or null for a delete of a key that Table Storage could never have stored.
    private readonly TableTransactionAction?[] _actions;

    private TableBatch(IReadOnlyList<StorageWrite> writes, TableTransactionAction?[] actions)
    {
        _writes = writes;
        _actions = actions;
    }

    /// <summary>
    /// True when the batch may add a row (a put that is not IfMatch) to a folder not known to hold one, so its folder's
    /// markers must be upserted. An IfMatch put replaces a row that exists before and after it (see
    /// <see cref="FolderMarkers"/>); and since all writes of a batch share one folder and commit atomically, one IfMatch
    /// put proves the folder non-empty before, during and after the whole batch, so its markers exist already and no
    /// deleter can remove them meanwhile: a KV v2 write (its metadata row IfMatch, the superseded version's row new)
    /// then costs the transaction alone, not the transaction plus one upsert per folder level.
    /// </summary>
    public bool MayCreateRows =>
        _writes.Any(write => !write.IsDelete && write.Condition.Kind != PutConditionKind.IfMatch)
        && !_writes.Any(write => !write.IsDelete && write.Condition.Kind == PutConditionKind.IfMatch);

    /// <summary>True when the batch only deletes, so its folder may be empty afterwards and need the marker cleanup.</summary>
    public bool OnlyDeletes => _writes.All(write => write.IsDelete);

    /// <summary>
    /// Checks the batch against <see cref="StorageLimits"/> and the Table limits (entity size and properties, key
    /// lengths, folder markers, transaction payload) and builds its actions. Throws before anything is written.
    /// </summary>
    public static TableBatch Prepare(IReadOnlyList<StorageWrite> writes)
    {
        StorageLimits.ValidateBatch(writes);

        // All keys share one folder, so one key stands for the markers of all. Without them no put could be stored.
        var markersFit = FolderMarkers.CanStore(writes[0].Key);
        if (writes.Any(write => !write.IsDelete))
        {
            FolderMarkers.Validate(writes[0].Key);
        }

        var actions = new TableTransactionAction?[writes.Count];
        string? impossible = null;
        long payload = TableLimits.TransactionEnvelopeBytes;
        for (var i = 0; i < writes.Count; i++)
        {
            var address = TableKeyCodec.ValueAddress(writes[i].Key);
            if (writes[i].Value is { } value)
            {
                var entity = ValueChunks.ToEntity(address, value.Span);
                TableLimits.ValidateEntity(entity);
                actions[i] = PutAction(entity, writes[i].Condition);
                payload += TableLimits.EstimateOperationBytes(address, entity);
            }
            else if (markersFit && TableLimits.Fits(address))
            {
                actions[i] = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(address.PartitionKey, address.RowKey), DeleteETag(writes[i].Condition));
                payload += TableLimits.EstimateOperationBytes(address, body: null);
            }
            else if (writes[i].Condition.Kind == PutConditionKind.IfMatch)
            {
                // A put of this key would have been refused, so there is no entry whose ETag could match.
                impossible ??= writes[i].Key;
            }
        }

        // With StorageLimits as they are this cannot fire: the worst batch they allow estimates at about 3.5 MB
        // (TableLimitsTests pins that down). It keeps the 4 MiB limit enforced should those limits ever grow.
        if (payload > TableLimits.MaxTransactionBytes)
        {
            throw new StorageLimitException(
                $"The batch would be about {payload} bytes on the wire; a Table transaction allows {TableLimits.MaxTransactionBytes}. Split it.");
        }

        return impossible is null ? new TableBatch(writes, actions) : throw new StorageConflictException(impossible);
    }

    /// <summary>
    /// Submits the transaction and returns the new ETag of each put (null for deletes), in the order of the writes.
    /// Throws <see cref="StorageConflictException"/> when a condition fails; then nothing is written.
    /// </summary>
    /// <remarks>
    /// Unconditional deletes of missing keys must succeed, as they do in <see cref="InMemoryStorage"/>, but inside a
    /// transaction the service fails the whole batch with 404 for them. So the batch is first sent as it is: one
    /// request when every deleted row exists, the common case. On a 404 at an unconditional delete, that delete is
    /// left out, point reads find which of the later unconditional deletes miss their rows, those are left out too,
    /// and the rest is sent again: three rounds however many keys are missing. A row deleted concurrently after the
    /// reads fails the retry the same way and is left out in turn; every round removes an action, so the loop ends.
    /// The one departure from a single atomic step: a key left out as missing that another writer creates before the
    /// retry commits survives, as if that create had come right after this batch.
    /// </remarks>
    /// </remarks>
    public async Task<IReadOnlyList<string?>> SubmitAsync(TableClient table, CancellationToken cancellationToken)
    {
        var pending = Enumerable.Range(0, _writes.Count).Where(i => _actions[i] is not null).ToList();
        var probed = false;
        var etags = new string?[_writes.Count];
        while (pending.Count > 0)
        {
            try
            {
                var response = await table.SubmitTransactionAsync(pending.Select(i => _actions[i]!), cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < pending.Count; k++)
                {
                    if (!_writes[pending[k]].IsDelete)
                    {
                        etags[pending[k]] = response.Value[k].Headers.ETag?.ToString()
                            ?? throw new InvalidOperationException("Table Storage answered a write of a batch without an ETag.");
                    }
                }

                return etags;
            }
            catch (TableTransactionFailedException exception) when (MissingUnconditionalDelete(exception, pending) is { } position)
            {
                // The service stops at the first failing action: the rows deleted before it exist, it does not,
                // and the rows after it are unknown until asked (once; later rounds only meet concurrent deletes).
                var unknown = probed ? [] : pending.Skip(position + 1).Where(IsUnconditionalDelete).ToList();
                pending.RemoveAt(position);
                if (!probed)
                {
                    probed = true;
                    var missing = await MissingRowsAsync(table, unknown, cancellationToken).ConfigureAwait(false);
                    pending.RemoveAll(missing.Contains);
                }
            }
            catch (TableTransactionFailedException exception) when (FailedWrite(exception, pending) is { } failed
                && IsConflict(exception.Status, failed))
            {
                throw new StorageConflictException(failed.Key);
            }
            catch (RequestFailedException exception) when (TableLimits.IsSizeRefusal(exception))
            {
                // TableLimits checks the documented limits first; this covers a service that counts differently.
                var key = FailedWrite(exception as TableTransactionFailedException, pending)?.Key ?? _writes[0].Key;
                throw new StorageLimitException($"Table Storage refused the batch writing '{key}' as too large ({exception.ErrorCode}).");
            }
        }

        return etags; // Every write was an unconditional delete of a missing key: nothing to send.
    }

    private static TableTransactionAction PutAction(TableEntity entity, PutCondition condition) => condition.Kind switch
    {
        // The same mapping as a single put: create-only, compare-and-swap with Replace (no stale chunk survives), upsert.
        PutConditionKind.NotExists => new TableTransactionAction(TableTransactionActionType.Add, entity),
        PutConditionKind.IfMatch => new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(condition.ETag!)),
        PutConditionKind.None => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static ETag DeleteETag(PutCondition condition) =>
        condition.Kind == PutConditionKind.IfMatch ? new ETag(condition.ETag!) : ETag.All;

    private bool IsUnconditionalDelete(int index) => _writes[index].IsDelete && _writes[index].Condition.Kind == PutConditionKind.None;

    /// <summary>The position in <paramref name="pending"/> of an unconditional delete that failed for want of its row.</summary>
    private int? MissingUnconditionalDelete(TableTransactionFailedException exception, List<int> pending) =>
        exception.Status == 404 && exception.FailedTransactionActionIndex is { } k && k >= 0 && k < pending.Count && IsUnconditionalDelete(pending[k])
            ? k
            : null;

    private StorageWrite? FailedWrite(TableTransactionFailedException? exception, List<int> pending) =>
        exception?.FailedTransactionActionIndex is { } k && k >= 0 && k < pending.Count ? _writes[pending[k]] : null;

    private static bool IsConflict(int status, StorageWrite write) => write.Condition.Kind switch
    {
        PutConditionKind.NotExists => status == 409,

        // 412: the ETag moved on; 404: the row is gone.
        PutConditionKind.IfMatch => status is 412 or 404,
        _ => false,
    };

    /// <summary>
    /// The writes among <paramref name="deletes"/> whose rows do not exist, by point reads of the keys only. Point
    /// reads, not one range query, because a range would assume the service orders RowKeys the way .NET does.
    /// </summary>
    private async Task<List<int>> MissingRowsAsync(TableClient table, List<int> deletes, CancellationToken cancellationToken)
    {
        var exists = new bool[_writes.Count]; // Each read sets its own element: no lock needed.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ProbeParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(deletes, parallel, async (index, token) =>
        {
            var entity = _actions[index]!.Entity;
            var row = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, RowKeyOnly, token).ConfigureAwait(false);
            exists[index] = row.HasValue;
        }).ConfigureAwait(false);
        return deletes.FindAll(index => !exists[index]);
    }
}
