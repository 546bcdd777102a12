using System.Collections.Concurrent;

namespace Serverless.Vault.Core.Storage;

/// <summary>
/// A storage for the length of one request that remembers what it read, so that the existence check and the
/// handler that follows it pay for one storage read, not two. Any write, and any lost race, forgets the keys it
/// touched: a conditional write that fails on a stale ETag is retried on a fresh read.
/// </summary>
public sealed class RequestReadCache(IStorage inner) : IStorage
{
    // Made on the first read: most requests (a cached key, a cached token) never touch their mount's storage, and a
    // concurrent dictionary is one of the larger allocations of a request.
    private ConcurrentDictionary<string, StorageEntry?>? _reads;

    public async Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_reads is not null && _reads.TryGetValue(key, out var cached))
        {
            return Copy(cached);
        }

        var entry = await inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
        Reads[key] = entry;
        return Copy(entry);
    }

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken)
    {
        _reads?.TryRemove(key, out _);
        return await inner.PutAsync(key, value, condition, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _reads?.TryRemove(key, out _);
        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var write in writes)
        {
            _reads?.TryRemove(write.Key, out _);
        }

        return inner.CommitAsync(writes, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    private ConcurrentDictionary<string, StorageEntry?> Reads =>
        LazyInitializer.EnsureInitialized(ref _reads, static () => new ConcurrentDictionary<string, StorageEntry?>(StringComparer.Ordinal));

    /// <summary>Callers may change what they get; the cached bytes must not change with it.</summary>
    private static StorageEntry? Copy(StorageEntry? entry) => entry is null ? null : entry with { Value = (byte[])entry.Value.Clone() };
}
