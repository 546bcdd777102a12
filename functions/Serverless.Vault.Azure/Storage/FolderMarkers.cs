using Azure;
using Azure.Data.Tables;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Azure.Storage;

/// <summary>
/// Keeps the folder marker rows that let a list of "a/" show "b/" when "a/b/c" exists.
/// </summary>
/// <remarks>
/// Invariant: once every write has finished, a folder's marker exists exactly when its partition holds a row (a
/// value or the marker of a sub-folder). Two rules keep it under concurrent writers and deleters without locks:
/// <list type="number">
/// <item>A writer that may add a row (a put that is not IfMatch, or a batch holding one) stores the value first, then
/// upserts the markers bottom-up, nearest folder first. Every upsert gives the marker a new ETag, even when the
/// marker already existed.</item>
/// <item>A deleter removes the value, then for each folder bottom-up: reads the marker's ETag, then checks that the
/// folder's partition is empty, then deletes the marker only if it still has that ETag. A non-empty partition or a
/// 412 (someone upserted the marker since it was read) stops the walk: that folder is in use, so are its parents.</item>
/// </list>
/// Why no marker of a non-empty folder can be lost: if a writer's row landed before the deleter's emptiness check,
/// the check sees it and the deleter stops. If it landed after, the writer's marker upsert comes later still, so after
/// the deleter read the ETag (which is why the read comes before the check): the upsert either changes the ETag before
/// the deleter's conditional delete (412, the marker stays) or recreates the marker after it. Applied level by level,
/// the same argument covers every ancestor, because a marker is itself a row in its parent's partition.
/// <para>
/// Why an IfMatch put skips rule 1 (one request instead of one per folder level): the service applies it only to a
/// row that exists with that ETag and replaces it in place, so the row exists before, during and after the write. Its
/// partition is never empty meanwhile, no deleter can find it empty and remove a marker above it, and by the invariant
/// the markers exist already; the write changes no row's existence, so it cannot break the invariant. The same holds
/// for a batch whose puts are all IfMatch. A batch applies rule 1 once for its folder when it has any other put, and
/// rule 2 once when it only deletes (with a put in it, its folder is not empty afterwards).
/// </para>
/// <para>
/// Permanent folders (<see cref="PermanentFolders"/>) keep their markers for good: rule 2 stops below them, and once a
/// writer's own walk has upserted one and every marker above it, rule 1 stops there too. No deleter can remove those
/// markers, so no upsert is needed to protect them.
/// </para>
/// A process that dies between the steps can leave a stale marker (an empty folder listed) or a missing one; it never
/// loses a value. A stale marker goes with the next delete below that folder. A missing marker (a writer died after
/// its value and before its upserts) comes back with the next put that may create a row below that folder, not with
/// just any write: updates with IfMatch no longer repair it. Until then the values stay readable, but the folder is
/// absent from its parent's listing.
/// </remarks>
internal static class FolderMarkers
{
    /// <summary>
    /// Marker upkeep runs after the value write, which is the commit point, so it is not abandoned when the caller's
    /// request deadline passes: a value whose markers are missing would be invisible to listing. This budget bounds it.
    /// </summary>
    private static readonly TimeSpan UpkeepBudget = TimeSpan.FromSeconds(10);

    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    /// <summary>Throws <see cref="StorageLimitException"/> when a marker of <paramref name="key"/> could not be stored.</summary>
    public static void Validate(string key)
    {
        foreach (var folder in TableKeyCodec.AncestorsOf(key))
        {
            var marker = TableKeyCodec.MarkerAddress(folder);
            TableLimits.ValidateKey(marker.PartitionKey, "folder marker PartitionKey");
            TableLimits.ValidateKey(marker.RowKey, "folder marker RowKey");
        }
    }

    /// <summary>
    /// True when every marker of <paramref name="key"/> fits Table keys; when not, no put below its folder was ever
    /// accepted (<see cref="Validate"/> refuses it), so there is nothing to delete or clean up.
    /// </summary>
    public static bool CanStore(string key) =>
        TableKeyCodec.AncestorsOf(key).All(folder => TableLimits.Fits(TableKeyCodec.MarkerAddress(folder)));

    /// <summary>
    /// Upserts the markers of every folder above <paramref name="key"/>, nearest first, up to a permanent folder this
    /// process has walked through before (whose marker and those above it stay for good; see <see cref="PermanentFolders"/>).
    /// </summary>
    public static async Task AddAsync(TableClient table, string key, PermanentFolders permanent)
    {
        using var budget = new CancellationTokenSource(UpkeepBudget);
        List<string>? passed = null;
        foreach (var folder in TableKeyCodec.AncestorsOf(key))
        {
            if (permanent.WasWalked(folder))
            {
                // The folders passed below it are not recorded: their walk did not reach the top itself, and the one
                // above stays good only until its own re-walk is due.
                return;
            }

            var marker = TableKeyCodec.MarkerAddress(folder);
            await table.UpsertEntityAsync(new TableEntity(marker.PartitionKey, marker.RowKey), TableUpdateMode.Replace, budget.Token)
                .ConfigureAwait(false);
            if (permanent.IsPermanent(folder))
            {
                (passed ??= []).Add(folder);
            }
        }

        // Recorded only now that this walk upserted every marker above them: a walk cut short proves nothing.
        if (passed is not null)
        {
            permanent.Walked(passed);
        }
    }

    /// <summary>
    /// Deletes the markers of the folders above <paramref name="key"/> that became empty, nearest first; the walk ends
    /// at a permanent folder, whose marker stays even when the folder is empty.
    /// </summary>
    public static async Task RemoveEmptyAsync(TableClient table, string key, PermanentFolders permanent)
    {
        using var budget = new CancellationTokenSource(UpkeepBudget);
        foreach (var folder in TableKeyCodec.AncestorsOf(key))
        {
            if (permanent.IsPermanent(folder))
            {
                return;
            }

            var marker = TableKeyCodec.MarkerAddress(folder);
            var current = await table.GetEntityIfExistsAsync<TableEntity>(marker.PartitionKey, marker.RowKey, KeysOnly, budget.Token)
                .ConfigureAwait(false);
            if (!await IsEmptyAsync(table, TableKeyCodec.FolderPartition(folder), budget.Token).ConfigureAwait(false))
            {
                return;
            }

            // A missing marker means a racing deleter removed it or a racing writer has not written it yet; either
            // way the parents may still need cleaning, and their conditional deletes stay safe.
            if (current.HasValue && !await TryDeleteAsync(table, marker, current.Value!.ETag, budget.Token).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static async Task<bool> TryDeleteAsync(TableClient table, TableAddress marker, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(marker.PartitionKey, marker.RowKey, etag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return false;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return true;
        }
    }

    private static async Task<bool> IsEmptyAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        // Enumerating items (not one page) follows continuation tokens: the service may return an empty page with
        // a continuation token, which does not mean the partition is empty.
        var rows = table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1, KeysOnly, cancellationToken);
        await foreach (var _ in rows.ConfigureAwait(false))
        {
            return false;
        }

        return true;
    }
}
