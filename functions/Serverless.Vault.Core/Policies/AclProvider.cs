using System.Collections.Concurrent;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// The compiled ACL of a set of policy names. Compiled ACLs are cached per set for the policy store's staleness
/// budget, so a changed policy reaches every instance within that bound and a warm instance compiles nothing.
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
        if (names.Any(PolicyNames.IsRoot))
        {
            return Acl.Root;
        }

        var key = string.Join('\n', names.Order(StringComparer.Ordinal));
        if (_cache.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.CompiledAt < PolicyStore.StalenessBudget)
        {
            return cached.Acl;
        }

        var loaded = new List<Policy?>(names.Count);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            loaded.Add(await policies.GetAsync(name, cancellationToken).ConfigureAwait(false));
        }

        var acl = Acl.Compile(loaded);
        if (_cache.Count >= MaxCachedSets)
        {
            _cache.Clear();
        }

        _cache[key] = new Cached(acl, time.GetUtcNow());
        return acl;
    }

    private sealed record Cached(Acl Acl, DateTimeOffset CompiledAt);
}
