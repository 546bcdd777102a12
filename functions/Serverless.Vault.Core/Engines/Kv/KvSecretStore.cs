using System.Text.Json.Nodes;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>Reads and commits KV v2 secrets in the row layout described in <see cref="KvStorageKeys"/>.</summary>
internal sealed class KvSecretStore(IStorage storage)
{
    /// <summary>
    /// The largest metadata row that still carries the current data: 64 KiB under the storage maximum, so that the
    /// metadata can grow (deletion times, custom metadata) without outgrowing its row.
    /// </summary>
    private const int MetadataRowBudget = StorageLimits.MaxValueBytes - (64 * 1024);

    public async Task<(KvSecretRecord? Record, string? ETag)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var (record, entry) = await StoredJson.ReadAsync<KvSecretRecord>(storage, KvStorageKeys.Metadata(path), cancellationToken).ConfigureAwait(false);
        return (record, entry?.ETag);
    }

    /// <summary>The data in a version's own row, or null when there is no such row.</summary>
    public async Task<JsonObject?> ReadVersionDataAsync(string path, long version, CancellationToken cancellationToken)
    {
        var entry = await storage.GetAsync(KvStorageKeys.Version(path, version), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : JsonNode.Parse(entry.Value)!.AsObject();
    }

    /// <summary>
    /// Writes the metadata row (guarded by the ETag it was read with, or created) and the version rows in one
    /// transaction: a racing writer makes this throw <see cref="StorageConflictException"/> and nothing is written.
    /// Returns the metadata row as stored and its new ETag.
    /// </summary>
    public async Task<(byte[] Value, string? ETag)> CommitAsync(string path, KvSecretRecord record, string? etag, IEnumerable<StorageWrite> versionWrites, CancellationToken cancellationToken)
    {
        var writes = versionWrites.ToList();
        var value = StoredJson.Serialize(record);
        if (value.Length > MetadataRowBudget && record.CurrentData is { } data && record.CurrentVersion > 0)
        {
            // Too big to ride along: the current data gets its own row, as older versions' data has.
            writes.RemoveAll(write => write.Key == KvStorageKeys.Version(path, record.CurrentVersion));
            writes.Add(PutVersion(path, record.CurrentVersion, data));
            value = StoredJson.Serialize(record with { CurrentData = null });
        }

        // Puts go in the transaction; if destroying or pruning deletes more rows than one transaction holds, the
        // rest follow it: they belong to versions the committed metadata no longer serves.
        var ordered = writes.OrderBy(write => write.IsDelete).ToList();
        var first = ordered.Take(StorageLimits.MaxBatchWrites - 1).ToList();
        var condition = etag is null ? PutCondition.NotExists : PutCondition.IfMatch(etag);
        var etags = await storage.CommitAsync([StorageWrite.Put(KvStorageKeys.Metadata(path), value, condition), .. first], cancellationToken).ConfigureAwait(false);
        foreach (var chunk in ordered.Skip(first.Count).Chunk(StorageLimits.MaxBatchWrites))
        {
            await storage.CommitAsync(chunk, CancellationToken.None).ConfigureAwait(false);
        }

        return (value, etags.Count > 0 ? etags[0] : null);
    }

    /// <summary>The current version's data, from the metadata row or, when it was too big for it, its own row.</summary>
    public Task<JsonObject?> ReadCurrentDataAsync(string path, KvSecretRecord record, CancellationToken cancellationToken) =>
        record.CurrentData is { } data ? Task.FromResult<JsonObject?>(data) : ReadVersionDataAsync(path, record.CurrentVersion, cancellationToken);

    /// <summary>Deletes every version row, then the metadata row (guarded by its ETag).</summary>
    public async Task DeleteAllAsync(string path, KvSecretRecord record, string etag, CancellationToken cancellationToken)
    {
        var rows = record.Versions.Keys.Select(v => DeleteVersion(path, v)).ToArray();
        foreach (var chunk in rows.Chunk(StorageLimits.MaxBatchWrites - 1))
        {
            await storage.CommitAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        await storage.CommitAsync([StorageWrite.Delete(KvStorageKeys.Metadata(path), PutCondition.IfMatch(etag))], cancellationToken).ConfigureAwait(false);
    }

    public static StorageWrite PutVersion(string path, long version, JsonObject data) =>
        StorageWrite.Put(KvStorageKeys.Version(path, version), StoredJson.SerializeNode(data), PutCondition.None);

    /// <summary>Unconditional: the row may never have existed (the version was current when destroyed).</summary>
    public static StorageWrite DeleteVersion(string path, long version) =>
        StorageWrite.Delete(KvStorageKeys.Version(path, version), PutCondition.None);
}
