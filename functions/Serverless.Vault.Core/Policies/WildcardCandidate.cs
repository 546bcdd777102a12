namespace Serverless.Vault.Core.Policies;

/// <summary>
/// A glob or '+' rule that matched a request path, with the facts Vault ranks matches by. Positions and lengths are
/// UTF-8 byte counts, as in Vault, so non-ASCII patterns rank identically.
/// </summary>
internal readonly record struct WildcardCandidate(int FirstWildcard, bool IsPrefix, int Wildcards, string WildcardPath, int PathBytes, AclRule Rule)
{
    /// <summary>
    /// Vault's order (acl.go): a later first wildcard wins; then no trailing '*' beats a trailing '*'; then fewer
    /// '+' segments; then the longer pattern; then the lexicographically larger one.
    /// </summary>
    public bool IsLowerPriorityThan(WildcardCandidate other)
    {
        if (FirstWildcard != other.FirstWildcard)
        {
            return FirstWildcard < other.FirstWildcard;
        }

        if (IsPrefix != other.IsPrefix)
        {
            return IsPrefix;
        }

        if (Wildcards != other.Wildcards)
        {
            return Wildcards > other.Wildcards;
        }

        if (PathBytes != other.PathBytes)
        {
            return PathBytes < other.PathBytes;
        }

        return string.CompareOrdinal(WildcardPath, other.WildcardPath) < 0;
    }

    public static WildcardCandidate? Best(IEnumerable<WildcardCandidate> candidates, Func<WildcardCandidate, bool>? filter = null)
    {
        WildcardCandidate? best = null;
        foreach (var candidate in candidates)
        {
            if ((filter is null || filter(candidate)) && (best is not { } current || current.IsLowerPriorityThan(candidate)))
            {
                best = candidate;
            }
        }

        return best;
    }
}
