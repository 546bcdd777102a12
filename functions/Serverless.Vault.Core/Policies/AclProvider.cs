using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// The compiled ACL of a set of policy names, cached per set. An ACL is only as fresh as the oldest policy read
/// behind it, so it expires when that read passes the policy store's staleness budget: a policy changed on another
/// instance applies here within that one bound, and a change made here applies at once (the store's generation).
/// </summary>
public sealed class AclProvider(PolicyStore policies, TimeProvider time)
{
    /// <summary>A bound on distinct policy sets cached; beyond it the cache starts over (sets are few in practice).</summary>
    private const int MaxCachedSets = 10_000;

    /// <summary>Longest key built on the stack for a lookup; policy names are short, longer sets take the string path.</summary>
    private const int StackKeyChars = 256;

    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    /// <summary>The ACL of the token's policies; a ValueTask, as it runs on every request and is almost always cached.</summary>
    public ValueTask<Acl> ForTokenAsync(TokenEntry token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ForPoliciesAsync(token.Policies, cancellationToken);
    }

    public ValueTask<Acl> ForPoliciesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (PolicyNames.IsRoot(name))
            {
                return ValueTask.FromResult(Acl.Root);
            }
        }

        var generation = policies.Generation;
        return TryGetCached(names, generation, out var acl) ? ValueTask.FromResult(acl) : LoadAsync(names, generation, cancellationToken);
    }

    /// <summary>
    /// The cached ACL of the set while its generation is current and its oldest policy read is within the staleness
    /// budget. Runs per request, so the usual short sorted list is looked up by a key built on the stack.
    /// </summary>
    private bool TryGetCached(IReadOnlyList<string> names, long generation, [NotNullWhen(true)] out Acl? acl)
    {
        Cached? cached;
        if (names is [var first, var second] && string.CompareOrdinal(first, second) <= 0 && first.Length + second.Length < StackKeyChars)
        {
            // The same key CacheKey would join: "first\nsecond".
            Span<char> key = stackalloc char[first.Length + second.Length + 1];
            first.AsSpan().CopyTo(key);
            key[first.Length] = '\n';
            second.AsSpan().CopyTo(key[(first.Length + 1)..]);
            _cache.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out cached);
        }
        else
        {
            _cache.TryGetValue(CacheKey(names), out cached);
        }

        var fresh = cached is not null && cached.Generation == generation && time.GetUtcNow() - cached.OldestRead < PolicyStore.StalenessBudget;
        acl = fresh ? cached!.Acl : null;
        return fresh;
    }

    private async ValueTask<Acl> LoadAsync(IReadOnlyList<string> names, long generation, CancellationToken cancellationToken)
    {
        var loaded = new List<Policy?>(names.Count);
        var oldestRead = DateTimeOffset.MaxValue;
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var (policy, loadedAt) = await policies.GetWithAgeAsync(name, cancellationToken).ConfigureAwait(false);
            loaded.Add(policy);
            oldestRead = loadedAt < oldestRead ? loadedAt : oldestRead;
        }

        var acl = Acl.Compile(loaded);
        if (_cache.Count >= MaxCachedSets)
        {
            _cache.Clear();
        }

        _cache[CacheKey(names)] = new Cached(acl, generation, oldestRead == DateTimeOffset.MaxValue ? time.GetUtcNow() : oldestRead);
        return acl;
    }

    /// <summary>The names sorted and joined: the set's key, whatever order the token lists them in.</summary>
    private static string CacheKey(IReadOnlyList<string> names)
    {
        switch (names.Count)
        {
            case 0:
                return "";
            case 1:
                return names[0];
            case 2 when string.CompareOrdinal(names[0], names[1]) <= 0:
                return string.Concat(names[0], "\n", names[1]);
            default:
                return string.Join('\n', names.Order(StringComparer.Ordinal));
        }
    }

    private sealed record Cached(Acl Acl, long Generation, DateTimeOffset OldestRead);
}
