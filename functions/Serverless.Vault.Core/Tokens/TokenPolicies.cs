using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tokens;

/// <summary>Policy lists on tokens, sanitised as Vault's policyutil does.</summary>
internal static class TokenPolicies
{
    /// <summary>Vault's EquivalentPolicies: the same set, "default" left out (the core may have added it).</summary>
    public static bool Equivalent(IEnumerable<string> a, IEnumerable<string> b) =>
        a.Where(p => p != "default").ToHashSet(StringComparer.Ordinal).SetEquals(b.Where(p => p != "default"));

    public const string Root = PolicyNames.Root;

    public const string Default = PolicyNames.Default;

    /// <summary>Policies the core uses internally; no token may carry them.</summary>
    public static readonly IReadOnlyList<string> NonAssignable = [PolicyNames.ResponseWrapping, "control-group"];

    /// <summary>
    /// Normalised names, "root" alone if present, "default" added on request, duplicates removed, sorted.
    /// </summary>
    public static IReadOnlyList<string> Sanitize(IEnumerable<string> policies, bool addDefault)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        // Empty entries ("a,,b") are dropped as Vault does; anything else must be a valid policy name.
        foreach (var name in policies.Select(PolicyNames.Canonicalize).Where(name => name.Length > 0).Select(PolicyNames.Normalize))
        {
            if (name == Root)
            {
                return [Root];
            }

            names.Add(name);
        }

        if (addDefault)
        {
            names.Add(Default);
        }

        return [.. names];
    }

    /// <summary>True when every name of <paramref name="child"/> is in <paramref name="parent"/>.</summary>
    public static bool IsSubset(IReadOnlyList<string> parent, IReadOnlyList<string> child) =>
        child.All(name => parent.Contains(name, StringComparer.Ordinal));
}
