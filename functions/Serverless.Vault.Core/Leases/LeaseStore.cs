using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Leases;

/// <summary>
/// The lease rows and their two indexes (see <see cref="LeaseStoragePaths"/>). The lease row is written before its
/// index rows and deleted before them, so an index row may point at nothing (the sweeper drops it) but a live lease
/// always has its rows, except after a crash between the two writes, which tidy repairs. A token's own lease has no
/// row in its token folder: its id follows from the token (<see cref="LeaseIds.OfToken"/>), so the sweeper finds it
/// through the token named by the minute marker, and the token's revocation deletes it by id. A login thus writes the
/// lease row and the marker, not a third row in a folder of its own.
/// </summary>
public sealed class LeaseStore(IBarrier barrier, TimeProvider time)
{
    /// <summary>Minute markers this instance has written, so issuing under one token writes its marker once a minute.</summary>
    private readonly ConcurrentDictionary<string, long> _markers = new(StringComparer.Ordinal);

    private const int MaxRememberedMarkers = 10_000;

    internal IStorage Storage => barrier.Storage;

    internal TimeProvider Time => time;

    public async Task<(LeaseEntry? Entry, StorageEntry? Stored)> ReadAsync(string leaseId, CancellationToken cancellationToken) =>
        LeaseIds.IsWellFormed(leaseId)
            ? await StoredJson.ReadAsync<LeaseEntry>(Storage, LeaseStoragePaths.Id(leaseId), cancellationToken).ConfigureAwait(false)
            : (null, null);

    /// <summary>A new lease: its row, then its index rows.</summary>
    public async Task CreateAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        await Storage.PutAsync(LeaseStoragePaths.Id(entry.LeaseId), StoredJson.Serialize(entry), PutCondition.NotExists, cancellationToken).ConfigureAwait(false);
        await IndexAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the row (ETag-checked) and moves its index rows when the due time changed.</summary>
    public async Task UpdateAsync(LeaseEntry before, StorageEntry stored, LeaseEntry after, CancellationToken cancellationToken)
    {
        await Storage.PutAsync(LeaseStoragePaths.Id(after.LeaseId), StoredJson.Serialize(after), PutCondition.IfMatch(stored.ETag), cancellationToken).ConfigureAwait(false);
        if (after.DueTime != before.DueTime)
        {
            // New index row first: a crash leaves a stale row the sweeper drops, never a lease without one.
            await IndexAsync(after, cancellationToken).ConfigureAwait(false);
            if (!IsOwnTokenLease(before))
            {
                await Storage.DeleteAsync(LeaseStoragePaths.TokenRow(before.TokenKey, before.DueTime, before.Suffix), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Forgets a lease whose secret is revoked: the row, then the index row. The minute marker is the sweeper's.</summary>
    public async Task DeleteAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        await Storage.DeleteAsync(LeaseStoragePaths.Id(entry.LeaseId), cancellationToken).ConfigureAwait(false);
        if (!IsOwnTokenLease(entry))
        {
            await Storage.DeleteAsync(LeaseStoragePaths.TokenRow(entry.TokenKey, entry.DueTime, entry.Suffix), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a token's own lease row by id (the token is being revoked); the marker is the sweeper's.</summary>
    internal Task DeleteOwnTokenLeaseAsync(string leaseId, CancellationToken cancellationToken) =>
        Storage.DeleteAsync(LeaseStoragePaths.Id(leaseId), cancellationToken);

    /// <summary>Whether the lease is the lease of the token it is filed under (indexed by its marker alone).</summary>
    internal static bool IsOwnTokenLease(LeaseEntry entry) =>
        entry.IsTokenLease && entry.TokenKey.Length > 0 && entry.LeaseId.EndsWith("/h" + entry.TokenKey, StringComparison.Ordinal);

    /// <summary>The index rows of one token folder: name (due and suffix) and path.</summary>
    public async Task<IReadOnlyList<(long Due, string Path)>> TokenRowsAsync(string tokenKey, CancellationToken cancellationToken)
    {
        var folder = LeaseStoragePaths.TokenFolder(tokenKey);
        var rows = new List<(long, string)>();
        foreach (var name in await Storage.ListAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            if (LeaseStoragePaths.TryParseDueName(name, out var due, out _))
            {
                rows.Add((due, folder + name));
            }
        }

        return rows;
    }

    /// <summary>The lease an index row points at, or null (and the row deleted) when the row is dangling or stale.</summary>
    public async Task<(LeaseEntry Entry, StorageEntry Stored)?> FollowAsync(string rowPath, long due, CancellationToken cancellationToken)
    {
        var row = await Storage.GetAsync(rowPath, cancellationToken).ConfigureAwait(false);
        var leaseId = row is null ? null : StoredJson.Deserialize<JsonObject>(row.Value)["lease_id"]?.GetValue<string>();
        if (leaseId is null)
        {
            return null;
        }

        var (entry, stored) = await ReadAsync(leaseId, cancellationToken).ConfigureAwait(false);
        if (entry is null || stored is null || entry.DueTime != due)
        {
            // The lease is gone (revoked, the row's delete crashed) or was moved (renewed, rescheduled).
            await Storage.DeleteAsync(rowPath, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return (entry, stored);
    }

    /// <summary>Writes a lease's index row and marker again (tidy, after a crash between the row and its index).</summary>
    internal Task ReindexAsync(LeaseEntry entry, CancellationToken cancellationToken) => IndexAsync(entry, cancellationToken);

    private async Task IndexAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        if (!IsOwnTokenLease(entry))
        {
            var row = StoredJson.SerializeNode(new JsonObject { ["lease_id"] = entry.LeaseId });
            await Storage.PutAsync(LeaseStoragePaths.TokenRow(entry.TokenKey, entry.DueTime, entry.Suffix), row, PutCondition.None, cancellationToken).ConfigureAwait(false);
        }

        await EnsureMarkerAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the minute marker unless this instance already did. Safe to skip: the sweeper deletes a marker only once
    /// its minute lies <see cref="LeaseSweeper.MarkerGrace"/> in the past, and no lease is ever indexed under a minute
    /// that has passed here (due times are never in the past when written).
    /// </summary>
    private async Task EnsureMarkerAsync(LeaseEntry entry, CancellationToken cancellationToken)
    {
        var marker = LeaseStoragePaths.Marker(entry.DueTime, entry.TokenKey);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (entry.DueTime >= now && _markers.ContainsKey(marker))
        {
            return;
        }

        try
        {
            await Storage.PutAsync(marker, StoredJson.Serialize(new LeaseMarker()), PutCondition.NotExists, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConflictException)
        {
            // Already there (another lease, another instance): that is all it needs.
        }

        if (_markers.Count >= MaxRememberedMarkers)
        {
            foreach (var old in _markers.Where(m => m.Value < now).Select(m => m.Key).ToList())
            {
                _markers.TryRemove(old, out _);
            }

            if (_markers.Count >= MaxRememberedMarkers)
            {
                _markers.Clear();
            }
        }

        _markers[marker] = entry.DueTime;
    }
}
