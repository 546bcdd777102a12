using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// This instance's memory of recently read token entries, keyed by token hash. A hit may be stale by up to
/// <see cref="StalenessBudget"/>; callers only trust a hit to accept a token, and re-read before refusing one.
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    /// <summary>
    /// How long an entry read from storage is trusted. A token revoked on another instance keeps working here for at
    /// most this long; in exchange a busy token costs one storage read per instance every 5 seconds instead of one per
    /// request. 5 seconds is well under any TTL clients use and under the time an operator takes to check a revocation.
    /// </summary>
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    /// <summary>A bound on memory: an instance serves a few thousand live tokens at most; beyond that it reads more.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Cached> _entries = new(StringComparer.Ordinal);

    public TokenEntry? Get(string key) => Get(key, time.GetUtcNow());

    /// <summary>
    /// The entry when it was read less than the budget before <paramref name="now"/>: a caller that checks a whole
    /// chain at one instant reads the clock once for all of its levels.
    /// </summary>
    public TokenEntry? Get(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var cached))
        {
            return null;
        }

        if (now - cached.ReadAt < StalenessBudget)
        {
            return cached.Entry;
        }

        _entries.TryRemove(new KeyValuePair<string, Cached>(key, cached));
        return null;
    }

    /// <summary>
    /// The cache's own string for a key given as characters, so that looking up a freshly computed hash allocates no
    /// string when the token was seen lately. Equal keys only: this changes nothing about what a lookup finds.
    /// </summary>
    public bool TryGetKey(ReadOnlySpan<char> key, [NotNullWhen(true)] out string? cachedKey) =>
        _entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out cachedKey, out _);

    /// <summary>
    /// Forgets a token this instance is revoking and keeps it from being cached again for one budget, so a read that
    /// raced the revocation cannot put the live entry back.
    /// </summary>
    public void MarkRevoked(string key) => _entries[key] = new Cached(null, time.GetUtcNow());

    /// <summary>
    /// Remembers a live entry; limited-use and dying tokens are never cached, every use must reach storage. A login's
    /// internal data (a personal access token, a password) is left out: only the renewal check needs it, and it reads
    /// the stored entry (<see cref="TokenLoginRenewal"/>), so the secret is not kept in memory between requests.
    /// </summary>
    public void Set(TokenEntry entry)
    {
        if (entry.NumUses != 0 || entry.RevocationPending || entry.Key.Length == 0)
        {
            Evict(entry.Key);
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            Prune();
        }

        var now = time.GetUtcNow();
        if (_entries.TryGetValue(entry.Key, out var current) && current.Entry is null && now - current.ReadAt < StalenessBudget)
        {
            return;
        }

        if (_entries.Count < MaxEntries)
        {
            _entries[entry.Key] = new Cached(entry.InternalData is null ? entry : entry with { InternalData = null, InternalDataLeftOut = true }, now);
        }
    }

    public void Evict(string key) => _entries.TryRemove(key, out _);

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, cached) in _entries)
        {
            if (now - cached.ReadAt >= StalenessBudget)
            {
                _entries.TryRemove(new KeyValuePair<string, Cached>(key, cached));
            }
        }
    }

    /// <summary>A cached entry, or (Entry null) a revocation this instance made.</summary>
    private sealed record Cached(TokenEntry? Entry, DateTimeOffset ReadAt);
}
