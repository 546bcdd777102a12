using System.Collections.Concurrent;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Kv;

/// <summary>
/// Per mount and instance: the metadata row of each secret as this instance last committed it (its stored bytes and
/// ETag), so that the next write of the same secret can go straight to its transaction without reading the row first.
/// Only ever a hint: the commit is conditional on the remembered ETag, so a row changed by anyone else (another
/// instance, or another path of this one) fails it, and the writer then forgets the entry and starts again from a
/// fresh read. Any refusal decided on remembered data (check-and-set, a patch of a deleted version) is confirmed on a
/// fresh read before it is returned. Entries hold the current data, as the row does; they live
/// <see cref="Lifetime"/> at most, and there are at most <see cref="MaxEntries"/>.
/// </summary>
internal sealed class KvRecordCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A fresh copy of the remembered record (callers may change it), or false when none is remembered.</summary>
    public bool TryGet(string path, out KvSecretRecord? record, out string? etag)
    {
        if (_entries.TryGetValue(path, out var entry) && time.GetUtcNow() < entry.Expires)
        {
            record = StoredJson.Deserialize<KvSecretRecord>(entry.Value);
            etag = entry.ETag;
            return true;
        }

        record = null;
        etag = null;
        return false;
    }

    /// <summary>Whether a row is remembered for the path: the existence check's answer without a read.</summary>
    public bool Contains(string path) => _entries.TryGetValue(path, out var entry) && time.GetUtcNow() < entry.Expires;

    public void Remember(string path, byte[] value, string etag)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries)
        {
            foreach (var (key, old) in _entries)
            {
                if (old.Expires <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[path] = new Entry(value, etag, now + Lifetime);
    }

    public void Forget(string path) => _entries.TryRemove(path, out _);

    private sealed record Entry(byte[] Value, string ETag, DateTimeOffset Expires);
}
