using System.Collections.Concurrent;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// ACL policies behind the barrier, one row each. Every instance caches parsed policies for
/// <see cref="StalenessBudget"/>: a policy changed on another instance applies here within that bound.
/// </summary>
public sealed class PolicyStore(IBarrier barrier, TimeProvider time)
{
    /// <summary>One row per policy, keyed by its normalised name.</summary>
    public const string Prefix = "core/policy/";

    /// <summary>How long a policy changed elsewhere may still be enforced in its old form here.</summary>
    public static readonly TimeSpan StalenessBudget = TimeSpan.FromSeconds(5);

    public const string Root = "root";

    public const string Default = "default";

    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);

    private long _generation;

    /// <summary>The policy's stored text, or null when there is none ("default" falls back to the built-in text).</summary>
    public async Task<StoredPolicy?> ReadAsync(string name, CancellationToken cancellationToken) =>
        (await LoadAsync(PolicyNames.Normalize(name), cancellationToken).ConfigureAwait(false)).Stored;

    /// <summary>Bumped by every write and delete on this instance, so compiled ACLs built before it are dropped at once.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The parsed policy for ACL checks, or null when none exists (a missing policy grants nothing).</summary>
    public async Task<Policy?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await LoadAsync(PolicyNames.Normalize(name), cancellationToken).ConfigureAwait(false)).Policy;

    /// <summary>The parsed policy and when this instance read it from storage: an ACL built from it is as old.</summary>
    public async Task<(Policy? Policy, DateTimeOffset LoadedAt)> GetWithAgeAsync(string name, CancellationToken cancellationToken)
    {
        var cached = await LoadAsync(PolicyNames.Normalize(name), cancellationToken).ConfigureAwait(false);
        return (cached.Policy, cached.LoadedAt);
    }

    /// <summary>Parses and stores a policy; a parse error is a 400 with line and column, and nothing is written.</summary>
    public async Task WriteAsync(string name, string text, CancellationToken cancellationToken)
    {
        var normalized = PolicyNames.Normalize(name);
        if (normalized is Root or PolicyNames.ResponseWrapping)
        {
            throw VaultException.InvalidRequest($"cannot update the {normalized} policy");
        }

        Policy policy;
        try
        {
            policy = PolicyParser.Parse(normalized, text);
        }
        catch (PolicyParseException error)
        {
            throw VaultException.InvalidRequest($"failed to parse policy: {error.Message}");
        }

        var stored = new StoredPolicy(normalized, text);
        await barrier.Storage.PutAsync(Prefix + normalized, StoredJson.Serialize(stored), PutCondition.None, CancellationToken.None).ConfigureAwait(false);
        _cache[normalized] = new Cached(stored, policy, time.GetUtcNow());
        Interlocked.Increment(ref _generation);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = PolicyNames.Normalize(name);
        if (normalized is Root or Default or PolicyNames.ResponseWrapping)
        {
            throw VaultException.InvalidRequest($"cannot delete the {normalized} policy");
        }

        await barrier.Storage.DeleteAsync(Prefix + normalized, CancellationToken.None).ConfigureAwait(false);
        _cache[normalized] = new Cached(null, null, time.GetUtcNow());
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Every policy name, "default" and "root" included, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal) { Default, Root };
        foreach (var key in await barrier.Storage.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!key.EndsWith('/'))
            {
                names.Add(key);
            }
        }

        return [.. names];
    }

    private async Task<Cached> LoadAsync(string name, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(name, out var cached) && time.GetUtcNow() - cached.LoadedAt < StalenessBudget)
        {
            return cached;
        }

        // The response-wrapping policy is fixed: what wrapping tokens may do is never read from storage.
        var (stored, _) = name == PolicyNames.ResponseWrapping
            ? (new StoredPolicy(name, BuiltInPolicies.ResponseWrapping), null)
            : await StoredJson.ReadAsync<StoredPolicy>(barrier.Storage, Prefix + name, cancellationToken).ConfigureAwait(false);
        if (stored is null && name == Default)
        {
            // Never written: the built-in default applies until someone edits it.
            stored = new StoredPolicy(Default, BuiltInPolicies.Default);
        }

        var loaded = new Cached(stored, stored is null ? null : PolicyParser.Parse(name, stored.Text), time.GetUtcNow());
        _cache[name] = loaded;
        return loaded;
    }

    private sealed record Cached(StoredPolicy? Stored, Policy? Policy, DateTimeOffset LoadedAt);
}
