using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    public Task<Acl> ForTokenAsync(TokenEntry token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return ForPoliciesAsync(token.Policies, cancellationToken);
    }

    public async Task<Acl> ForPoliciesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (PolicyNames.IsRoot(name))
            {
                return Acl.Root;
            }
        }

        var key = CacheKey(names);
        var generation = policies.Generation;
        if (_cache.TryGetValue(key, out var cached) && cached.Generation == generation
            && time.GetUtcNow() - cached.OldestRead < PolicyStore.StalenessBudget)
        {
            return cached.Acl;
        }

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

        _cache[key] = new Cached(acl, generation, oldestRead == DateTimeOffset.MaxValue ? time.GetUtcNow() : oldestRead);
        return acl;
    }

    /// <summary>The names sorted and joined; runs per request, so a short list that is already sorted is joined as is.</summary>
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
