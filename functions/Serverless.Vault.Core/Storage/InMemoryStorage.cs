using System.Globalization;

namespace Serverless.Vault.Core.Storage;

/// <summary>
/// A thread-safe storage held in process memory, for dev mode and unit tests. It enforces the same
/// <see cref="StorageLimits"/> as the durable backends, so that dev mode refuses what Azure would.
/// </summary>
public sealed class InMemoryStorage : IStorage
{
    private readonly Lock _gate = new();

    // Dev mode and unit tests hold few keys, so ListAsync scans them all rather than keeping a sorted index.
    private readonly Dictionary<string, Item> _items = new(StringComparer.Ordinal);

    // One counter for the whole store: every write gets an ETag no earlier write ever had,
    // so a stale ETag can never match again after a delete and re-create.
    private long _lastVersion;

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // The caller gets its own copy: mutating it must not change what is stored.
            return Task.FromResult(_items.TryGetValue(key, out var item)
                ? new StorageEntry(key, (byte[])item.Value.Clone(), item.ETag)
                : null);
        }
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> value, PutCondition condition, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateKey(key);
        StorageLimits.ValidateValue(value.Length);
        cancellationToken.ThrowIfCancellationRequested();

        // Copied before taking the lock: the caller may reuse its buffer once this returns.
        var copy = value.ToArray();
        lock (_gate)
        {
            var exists = _items.TryGetValue(key, out var current);
            if (!Holds(condition, exists, current))
            {
                throw new StorageConflictException(key);
            }

            var etag = NextETag();
            _items[key] = new Item(copy, etag);
            return Task.FromResult(etag);
        }
    }

    public Task<IReadOnlyList<string?>> CommitAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateBatch(writes);
        cancellationToken.ThrowIfCancellationRequested();
        var copies = writes.Select(w => w.Value?.ToArray()).ToArray();
        lock (_gate)
        {
            // Check every condition before changing anything: all or nothing.
            foreach (var write in writes)
            {
                var exists = _items.TryGetValue(write.Key, out var current);
                if (!Holds(write.Condition, exists, current))
                {
                    throw new StorageConflictException(write.Key);
                }
            }

            var etags = new string?[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                if (copies[i] is { } value)
                {
                    etags[i] = NextETag();
                    _items[writes[i].Key] = new Item(value, etags[i]!);
                }
                else
                {
                    _items.Remove(writes[i].Key);
                }
            }

            return Task.FromResult<IReadOnlyList<string?>>(etags);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _items.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        StorageLimits.ValidatePrefix(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        var children = new SortedSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var key in _items.Keys)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                // Folders exist only through the keys below them, so an emptied folder vanishes by itself.
                var rest = key.AsSpan(prefix.Length);
                var slash = rest.IndexOf('/');
                children.Add(slash < 0 ? rest.ToString() : rest[..(slash + 1)].ToString());
            }
        }

        return Task.FromResult<IReadOnlyList<string>>([.. children]);
    }

    private static bool Holds(PutCondition condition, bool exists, Item? current) => condition.Kind switch
    {
        PutConditionKind.None => true,
        PutConditionKind.NotExists => !exists,
        PutConditionKind.IfMatch => exists && string.Equals(current!.ETag, condition.ETag, StringComparison.Ordinal),
        _ => false,
    };

    private string NextETag()
    {
        _lastVersion++;
        return "\"" + _lastVersion.ToString(CultureInfo.InvariantCulture) + "\"";
    }

    private sealed record Item(byte[] Value, string ETag);
}
