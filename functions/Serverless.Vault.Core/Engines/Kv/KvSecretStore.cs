using System.Text.Json.Nodes;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>Reads and commits KV v2 secrets in the row layout described in <see cref="KvStorageKeys"/>.</summary>
internal sealed class KvSecretStore(IStorage storage)
{
    public async Task<(KvSecretRecord? Record, string? ETag)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var (record, entry) = await StoredJson.ReadAsync<KvSecretRecord>(storage, KvStorageKeys.Metadata(path), cancellationToken).ConfigureAwait(false);
        return (record, entry?.ETag);
    }

    /// <summary>The data of a version that is not the current one, or null when its row is gone.</summary>
    public async Task<JsonObject?> ReadVersionDataAsync(string path, long version, CancellationToken cancellationToken)
    {
        var entry = await storage.GetAsync(KvStorageKeys.Version(path, version), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : JsonNode.Parse(entry.Value)!.AsObject();
    }

    /// <summary>
    /// Writes the metadata row (guarded by the ETag it was read with, or created) and the version rows in one
    /// transaction: a racing writer makes this throw <see cref="StorageConflictException"/> and nothing is written.
    /// </summary>
    public Task CommitAsync(string path, KvSecretRecord record, string? etag, IEnumerable<StorageWrite> versionWrites, CancellationToken cancellationToken)
    {
        var condition = etag is null ? PutCondition.NotExists : PutCondition.IfMatch(etag);
        var meta = StorageWrite.Put(KvStorageKeys.Metadata(path), StoredJson.Serialize(record), condition);
        return storage.CommitAsync([meta, .. versionWrites], cancellationToken);
    }

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
        StorageWrite.Put(KvStorageKeys.Version(path, version), global::System.Text.Encoding.UTF8.GetBytes(data.ToJsonString()), PutCondition.None);

    /// <summary>Unconditional: the row may never have existed (the version was current when destroyed).</summary>
    public static StorageWrite DeleteVersion(string path, long version) =>
        StorageWrite.Delete(KvStorageKeys.Version(path, version), PutCondition.None);
}
