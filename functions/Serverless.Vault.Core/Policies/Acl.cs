using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// The compiled, immutable view of a token's policies. Exact patterns win outright; otherwise the single
/// highest-priority glob or '+' pattern decides alone (Vault's acl.go), and anything unmatched is denied.
/// Safe for concurrent use.
/// </summary>
public sealed class Acl
{
    private const Capability ParameterCheckedOperations = Capability.Create | Capability.Update | Capability.Patch;

    private readonly Dictionary<string, AclRule> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AclRule> _prefixes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AclRule> _segmentRules = new(StringComparer.Ordinal);
    private readonly List<SegmentPattern> _segments = [];
    private int[] _prefixLengths = [];

    private Acl(bool isRoot) => IsRoot = isRoot;

    /// <summary>Allows every operation on every path, as the root policy does.</summary>
    public static Acl Root { get; } = new(isRoot: true);

    public bool IsRoot { get; }

    /// <summary>
    /// Merges the policies per identical pattern. Null entries (deleted policies) grant nothing. The root policy
    /// yields <see cref="Root"/> and, as in Vault, cannot be combined with other policies.
    /// </summary>
    public static Acl Compile(IEnumerable<Policy?> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var present = policies.OfType<Policy>().ToList();
        if (present.Any(policy => PolicyNames.IsRoot(policy.Name)))
        {
            return present.Count == 1 ? Root : throw new ArgumentException("the root policy cannot be combined with other policies", nameof(policies));
        }

        var acl = new Acl(isRoot: false);
        foreach (var policy in present)
        {
            foreach (var rule in policy.Paths)
            {
                acl.RuleFor(rule.Pattern).Merge(policy.Name, rule);
            }
        }

        acl._prefixLengths = [.. acl._prefixes.Keys.Select(prefix => prefix.Length).Distinct().OrderDescending()];
        return acl;
    }

    /// <summary>
    /// Whether <paramref name="needed"/> (one operation's capability, optionally with <see cref="Capability.Sudo"/>
    /// for root-protected paths) is granted on <paramref name="path"/>. LIST paths carry their trailing '/'.
    /// <paramref name="data"/> is checked for create, update and patch; <paramref name="wrapTtl"/> is the requested
    /// response-wrapping TTL, if any.
    /// </summary>
    public AclResult Check(string path, Capability needed, JsonObject? data, TimeSpan? wrapTtl = null)
    {
        var rule = Decide(path, needed, data, wrapTtl, out var allowed);
        if (IsRoot)
        {
            return AclResult.RootAllowed;
        }

        if (rule is null)
        {
            return AclResult.Denied;
        }

        var capabilities = rule.Capabilities;
        var denied = new AclResult(false, [], capabilities.HasFlag(Capability.Sudo), capabilities, rule.Pattern);
        return allowed ? denied with { Allowed = true, GrantingPolicies = rule.GrantingPolicies(needed) } : denied;
    }

    /// <summary>
    /// <see cref="Check"/>'s decision alone, for the request pipeline: the same rule and the same answer, without
    /// building the result that only sys/capabilities-style callers read.
    /// </summary>
    public bool Allows(string path, Capability needed, JsonObject? data, TimeSpan? wrapTtl = null)
    {
        Decide(path, needed, data, wrapTtl, out var allowed);
        return allowed;
    }

    /// <summary>This ACL as a handler's permission check: made once per compiled ACL by the authoriser, not per request.</summary>
    internal IPermissionCheck? PermissionCheck { get; set; }

    /// <summary>The rule that decides (null for root or when nothing matches) and whether it grants the request.</summary>
    private AclRule? Decide(string path, Capability needed, JsonObject? data, TimeSpan? wrapTtl, out bool allowed)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (needed == Capability.None || (needed & Capability.Deny) != 0)
        {
            throw new ArgumentException("ask for the capability of an operation, not none or deny", nameof(needed));
        }

        if (IsRoot)
        {
            allowed = true;
            return null;
        }

        // Bit tests rather than HasFlag: this runs per request, and HasFlag boxed its argument in profiles here.
        // Denied unless every test passes: a matching rule, no deny, every needed capability, the wrapping bounds, and
        // for writes the parameter constraints.
        var rule = FindRule(path.TrimStart('/'), (needed & Capability.List) != 0);
        allowed = rule is not null
            && (rule.Capabilities & Capability.Deny) == 0
            && (rule.Capabilities & needed) == needed
            && WrappingAllowed(rule, wrapTtl)
            && ((needed & ParameterCheckedOperations) == 0 || ParameterRules.Allow(rule, data));
        return rule;
    }

    /// <summary>Vault's capability names for sys/capabilities: ["deny"] when nothing matches, ["root"] for root.</summary>
    public IReadOnlyList<string> Capabilities(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsRoot)
        {
            return [CapabilityNames.Root];
        }

        // Vault asks as a LIST so that a trailing '/' finds the rule written without it.
        return CapabilityNames.Of(FindRule(path.TrimStart('/'), isList: true)?.Capabilities ?? Capability.None);
    }

    /// <summary>
    /// Whether any rule grants something (not deny) on a path under <paramref name="mountPath"/> ("secret/"): what
    /// Vault asks before telling a token which mount holds a path (sys/internal/ui/mounts/:path).
    /// </summary>
    public bool GrantsAnythingUnder(string mountPath)
    {
        ArgumentNullException.ThrowIfNull(mountPath);
        if (IsRoot)
        {
            return true;
        }

        static bool Grants(AclRule rule) => !rule.Capabilities.HasFlag(Capability.Deny) && rule.Capabilities != Capability.None;

        // An exact rule or a glob inside the mount, or a glob whose prefix covers the whole mount ("*", "sec*").
        return _exact.Values.Any(rule => Grants(rule) && (rule.Pattern + "/").StartsWith(mountPath, StringComparison.Ordinal))
            || _prefixes.Any(pair => Grants(pair.Value)
                && (pair.Key.StartsWith(mountPath, StringComparison.Ordinal) || mountPath.StartsWith(pair.Key, StringComparison.Ordinal)))
            || _segments.Any(segment => Grants(segment.Rule) && SegmentsMayReach(segment.WildcardPath, mountPath));
    }

    /// <summary>Whether a '+' pattern can match some path under the mount: its segments agree with the mount's.</summary>
    private static bool SegmentsMayReach(string pattern, string mountPath)
    {
        var parts = pattern.Split('/');
        var mountParts = mountPath.TrimEnd('/').Split('/');
        for (var i = 0; i < Math.Min(parts.Length, mountParts.Length); i++)
        {
            if (parts[i] != "+" && !string.Equals(parts[i], mountParts[i], StringComparison.Ordinal)
                && !(i == parts.Length - 1 && mountParts[i].StartsWith(parts[i], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private AclRule RuleFor(string pattern)
    {
        var segmented = SegmentPattern.HasSegmentWildcard(pattern);
        var (table, key) = segmented ? (_segmentRules, pattern)
            : pattern.EndsWith('*') ? (_prefixes, pattern[..^1])
            : (_exact, pattern);
        if (!table.TryGetValue(key, out var rule))
        {
            rule = new AclRule(pattern);
            table[key] = rule;
            if (segmented)
            {
                _segments.Add(new SegmentPattern(pattern, rule));
            }
        }

        return rule;
    }

    private AclRule? FindRule(string path, bool isList)
    {
        if (_exact.TryGetValue(path, out var exact))
        {
            return exact;
        }

        var listsFolder = isList && path.EndsWith('/');
        if (listsFolder && _exact.TryGetValue(path[..^1], out var withoutSlash))
        {
            return withoutSlash;
        }

        if (!listsFolder)
        {
            return WildcardCandidate.Best(Candidates(path))?.Rule;
        }

        // A LIST of "a/b/" is matched as both "a/b" (so "a/+" applies) and "a/b/" (so "a/b/*" applies). The most
        // specific deny among them wins unless a more specific rule grants list: current Vault's rule, which stops
        // a broad rule matching "a/b" from bypassing a deny on "a/b/*".
        var candidates = Candidates(path[..^1]).Concat(Candidates(path)).ToList();
        var bestDeny = WildcardCandidate.Best(candidates, c => c.Rule.Capabilities.HasFlag(Capability.Deny));
        var bestList = WildcardCandidate.Best(candidates, c => c.Rule.Capabilities.HasFlag(Capability.List));
        if (bestDeny is { } deny && (bestList is not { } list || list.IsLowerPriorityThan(deny)))
        {
            return deny.Rule;
        }

        return (bestList ?? WildcardCandidate.Best(candidates))?.Rule;
    }

    private List<WildcardCandidate> Candidates(string path)
    {
        var candidates = new List<WildcardCandidate>();
        var lookup = _prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var length in _prefixLengths)
        {
            // Only the longest matching prefix can win: any shorter one has an earlier glob.
            if (length <= path.Length && lookup.TryGetValue(path.AsSpan(0, length), out var rule))
            {
                var prefix = path[..length];
                var bytes = Encoding.UTF8.GetByteCount(prefix);
                candidates.Add(new WildcardCandidate(bytes, IsPrefix: true, Wildcards: 0, prefix, bytes, rule));
                break;
            }
        }

        if (_segments.Count > 0)
        {
            var parts = path.Split('/');
            foreach (var segment in _segments)
            {
                if (segment.TryMatch(parts, out var candidate))
                {
                    candidates.Add(candidate);
                }
            }
        }

        return candidates;
    }

    /// <summary>A rule with wrapping TTL bounds only admits requests wrapped within them.</summary>
    private static bool WrappingAllowed(AclRule rule, TimeSpan? wrapTtl)
    {
        if (rule.MaxWrappingTtl > TimeSpan.Zero && (wrapTtl is not { } max || max > rule.MaxWrappingTtl))
        {
            return false;
        }

        if (rule.MinWrappingTtl > TimeSpan.Zero && (wrapTtl is not { } min || min < rule.MinWrappingTtl))
        {
            return false;
        }

        // Merging two policies can produce max < min, which nothing can satisfy.
        return rule.MinWrappingTtl == TimeSpan.Zero || rule.MaxWrappingTtl == TimeSpan.Zero || rule.MaxWrappingTtl >= rule.MinWrappingTtl;
    }
}
