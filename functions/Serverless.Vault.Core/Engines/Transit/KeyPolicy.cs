using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Engines.Transit;

/// <summary>
/// A key loaded from storage: its settings and decoded versions. Reference-counted, because the cache may drop it
/// while a request still encrypts with it: the bytes are zeroed only when the last holder lets go, never under a
/// request's feet.
/// </summary>
internal sealed class KeyPolicy
{
    private readonly Dictionary<long, KeyVersion> _versions;

    // One reference belongs to the cache that created the policy; each lease adds one.
    private int _references = 1;

    public KeyPolicy(KeyPolicyRecord record, string etag, ITransitAeadFactory? aeads = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        _versions = record.Versions.ToDictionary(pair => pair.Key, pair => new KeyVersion(pair.Value, aeads));
        // The settings keep no key material: only the decoded arrays above hold it, and those get zeroed.
        Settings = record with { Versions = new Dictionary<long, KeyVersionRecord>() };
        KeyType = record.KeyType;
        ETag = etag;
    }

    public KeyPolicyRecord Settings { get; }

    public TransitKeyType KeyType { get; }

    public string ETag { get; }

    public IEnumerable<KeyValuePair<long, KeyVersion>> Versions => _versions.OrderBy(pair => pair.Key);

    /// <summary>A version that exists in this key; anything else is Vault's "no such key version".</summary>
    public KeyVersion Version(long version) =>
        _versions.TryGetValue(version, out var found) ? found : throw VaultException.InvalidRequest("no such key version");

    /// <summary>Takes a reference unless the policy was already released for good (then the caller reloads).</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops a reference; the last one zeroes every version's bytes.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            foreach (var version in _versions.Values)
            {
                version.Zero();
            }
        }
    }
}
