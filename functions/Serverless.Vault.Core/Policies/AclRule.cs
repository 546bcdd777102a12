using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Policies;

/// <summary>
/// All path blocks with one identical pattern, merged across policies the way Vault's NewACL merges them:
/// capabilities unite, a deny makes the pattern deny-only for good, parameter maps merge, the smaller wrapping TTLs win.
/// </summary>
internal sealed class AclRule(string pattern)
{
    private readonly List<(string Policy, Capability Granted)> _grants = [];

    public string Pattern { get; } = pattern;

    public Capability Capabilities { get; private set; }

    public Dictionary<string, IReadOnlyList<JsonNode?>> AllowedParameters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<JsonNode?>> DeniedParameters { get; } = new(StringComparer.Ordinal);

    public List<string> RequiredParameters { get; } = [];

    public TimeSpan MinWrappingTtl { get; private set; }

    public TimeSpan MaxWrappingTtl { get; private set; }

    public void Merge(string policy, PathRule rule)
    {
        if (Capabilities.HasFlag(Capability.Deny))
        {
            return;
        }

        if (rule.Capabilities.HasFlag(Capability.Deny))
        {
            Capabilities = Capability.Deny;
            AllowedParameters.Clear();
            DeniedParameters.Clear();
            return;
        }

        Capabilities |= rule.Capabilities;
        _grants.Add((policy, rule.Capabilities));
        MinWrappingTtl = Lesser(MinWrappingTtl, rule.MinWrappingTtl);
        MaxWrappingTtl = Lesser(MaxWrappingTtl, rule.MaxWrappingTtl);
        ParameterMap.MergeInto(AllowedParameters, rule.AllowedParameters);
        ParameterMap.MergeInto(DeniedParameters, rule.DeniedParameters);
        foreach (var name in rule.RequiredParameters)
        {
            if (!RequiredParameters.Contains(name, StringComparer.Ordinal))
            {
                RequiredParameters.Add(name);
            }
        }

    }

    /// <summary>The policies that granted the operation's capability (sudo only when sudo alone was asked for).</summary>
    public IReadOnlyList<string> GrantingPolicies(Capability needed)
    {
        var operation = needed & ~Capability.Sudo;
        var wanted = operation == Capability.None ? needed : operation;
        return [.. _grants.Where(g => (g.Granted & wanted) != 0).Select(g => g.Policy).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Vault prefers the shorter lifetime: of two set values the smaller wins, an unset one never does.</summary>
    private static TimeSpan Lesser(TimeSpan existing, TimeSpan added) =>
        added > TimeSpan.Zero && (existing == TimeSpan.Zero || added < existing) ? added : existing;
}
