using System.Collections.Concurrent;
using System.Security.Cryptography;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// This instance's loaded keys. Another instance's rotation or config change is seen within
/// <see cref="StalenessBudget"/>; a ciphertext newer than the cached latest version reloads at once.
/// </summary>
internal sealed class KeyCache(TimeProvider time, ITransitAeadFactory? aeads = null)
{
    /// <summary>
    /// How stale a cached key may be. Rotation is rare, and staleness only means encrypting with the previous
    /// version (still valid), or honouring a raised min version or a deletion made on another instance a few seconds
    /// late; ciphertexts newer than the cache never wait for it (they force a reload). 5 s keeps a busy key at one
    /// storage read per 5 s per instance instead of one per request, the same budget as the KV config cache.
    /// </summary>
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    // Writers take the lock so that exactly one of them releases each replaced policy; readers (every encrypt, twice)
    // take none: a policy replaced under a reader's feet fails TryAcquire once released, and the reader loads again.
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// A lease on the key, loading it when absent, older than the budget, or when its latest version is below
    /// <paramref name="atLeastVersion"/>. Null when the key does not exist.
    /// </summary>
    public ValueTask<KeyLease?> AcquireAsync(IStorage storage, string name, long atLeastVersion, CancellationToken cancellationToken) =>
        // A fresh cached key (almost every encrypt, twice) is answered without a task object.
        TryAcquireCached(name, atLeastVersion) is { } cached
            ? ValueTask.FromResult<KeyLease?>(cached)
            : new ValueTask<KeyLease?>(LoadAsync(storage, name, atLeastVersion, cancellationToken));

    private async Task<KeyLease?> LoadAsync(IStorage storage, string name, long atLeastVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryAcquireCached(name, atLeastVersion) is { } cached)
            {
                return cached;
            }

            var (record, entry) = await StoredJson.ReadAsync<KeyPolicyRecord>(storage, TransitStorageKeys.Policy(name), cancellationToken).ConfigureAwait(false);
            if (record is null || entry is null)
            {
                Forget(name);
                return null;
            }

            // The row holds every version's key in base64; the policy keeps only decoded copies it can zero.
            CryptographicOperations.ZeroMemory(entry.Value);
            var loaded = Install(name, record, entry.ETag);
            if (loaded.TryAcquire())
            {
                return new KeyLease(loaded);
            }
        }
    }

    /// <summary>Caches what was just read or written, releasing (and so eventually zeroing) the policy it replaces.</summary>
    public KeyPolicy Install(string name, KeyPolicyRecord record, string etag)
    {
        var policy = new KeyPolicy(record, etag, aeads);
        Entry? previous;
        lock (_gate)
        {
            _entries.TryGetValue(name, out previous);
            _entries[name] = new Entry(policy, time.GetUtcNow());
        }

        previous?.Policy.Release();
        return policy;
    }

    /// <summary>Drops a deleted (or vanished) key.</summary>
    public void Forget(string name)
    {
        Entry? previous;
        lock (_gate)
        {
            _entries.TryRemove(name, out previous);
        }

        previous?.Policy.Release();
    }

    /// <summary>
    /// True when the key is cached and within the budget: what an existence check needs, without a lease (which
    /// would take and drop a reference on every encrypt). False says only "ask storage".
    /// </summary>
    public bool IsFresh(string name) =>
        _entries.TryGetValue(name, out var entry) && time.GetUtcNow() - entry.LoadedAt < StalenessBudget;

    private KeyLease? TryAcquireCached(string name, long atLeastVersion) =>
        _entries.TryGetValue(name, out var entry)
        && time.GetUtcNow() - entry.LoadedAt < StalenessBudget
        && entry.Policy.Settings.LatestVersion >= atLeastVersion
        && entry.Policy.TryAcquire()
            ? new KeyLease(entry.Policy)
            : null;

    private sealed record Entry(KeyPolicy Policy, DateTimeOffset LoadedAt);
}
