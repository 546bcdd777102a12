using System.Text;

namespace Serverless.Vault.Core.Policies;

/// <summary>A compiled pattern with '+' segments (and possibly a trailing '*'), matched segment by segment.</summary>
internal sealed class SegmentPattern
{
    private readonly string[] _parts;
    private readonly int _wildcards;
    private readonly int _firstWildcard;

    public SegmentPattern(string pattern, AclRule rule)
    {
        Rule = rule;
        IsPrefix = pattern.EndsWith('*');
        WildcardPath = IsPrefix ? pattern[..^1] : pattern;
        _parts = WildcardPath.Split('/');
        _wildcards = _parts.Count(part => part == "+");
        _firstWildcard = Encoding.UTF8.GetByteCount(pattern.AsSpan(0, pattern.IndexOf('+', StringComparison.Ordinal)));
    }

    public AclRule Rule { get; }

    public bool IsPrefix { get; }

    public string WildcardPath { get; }

    public static bool HasSegmentWildcard(string pattern) => pattern.Split('/').Contains("+");

    public bool TryMatch(string[] pathParts, out WildcardCandidate candidate)
    {
        candidate = default;
        if (pathParts.Length < _parts.Length || (!IsPrefix && pathParts.Length != _parts.Length))
        {
            return false;
        }

        for (var i = 0; i < _parts.Length; i++)
        {
            var part = _parts[i];
            var matches = part == "+"
                || part == pathParts[i]
                || (IsPrefix && i == _parts.Length - 1 && pathParts[i].StartsWith(part, StringComparison.Ordinal));
            if (!matches)
            {
                return false;
            }
        }

        candidate = new WildcardCandidate(_firstWildcard, IsPrefix, _wildcards, WildcardPath, Encoding.UTF8.GetByteCount(WildcardPath), Rule);
        return true;
    }
}
