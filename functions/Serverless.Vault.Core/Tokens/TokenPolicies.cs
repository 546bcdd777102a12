using System.Globalization;

namespace Serverless.Vault.Core.Tokens;

/// <summary>Policy lists on tokens, sanitised as Vault's policyutil does.</summary>
internal static class TokenPolicies
{
    public const string Root = "root";

    public const string Default = "default";

    /// <summary>Policies the core uses internally; no token may carry them.</summary>
    public static readonly IReadOnlyList<string> NonAssignable = ["response-wrapping", "control-group"];

    /// <summary>
    /// Normalised names, "root" alone if present, "default" added on request, duplicates removed, sorted.
    /// </summary>
    public static IReadOnlyList<string> Sanitize(IEnumerable<string> policies, bool addDefault)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in policies.Select(Normalize).Where(name => name.Length > 0))
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

    /// <summary>
    /// Trims, lower-cases and drops invisible characters (zero-width, format, control), so that "Root\u200B" cannot
    /// pass for another name. To be replaced by Policies.PolicyNames.Normalize once it exists.
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var visible = string.Concat(name.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.Control)));
        return visible.Trim().ToLowerInvariant();
    }
}
