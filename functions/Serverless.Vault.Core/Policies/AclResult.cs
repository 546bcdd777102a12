namespace Serverless.Vault.Core.Policies;

/// <summary>The outcome of one ACL check; <see cref="Denied"/> is the default answer.</summary>
/// <param name="Allowed">Whether the request may proceed.</param>
/// <param name="GrantingPolicies">The policies whose rule granted the operation; empty when denied.</param>
/// <param name="Sudo">Whether the matched rule grants sudo, whatever the outcome (Vault's RootPrivs).</param>
/// <param name="Capabilities">The merged capabilities of the single rule that decided.</param>
/// <param name="MatchedPattern">That rule's pattern, for audit and debugging; null when nothing matched.</param>
public sealed record AclResult(bool Allowed, IReadOnlyList<string> GrantingPolicies, bool Sudo, Capability Capabilities, string? MatchedPattern)
{
    public static AclResult Denied { get; } = new(false, [], false, Capability.None, null);

    internal static AclResult RootAllowed { get; } = new(true, [PolicyNames.Root], true, AllCapabilities, null)
    {
        IsRoot = true,
    };

    /// <summary>True when the decision came from the root policy, which allows everything.</summary>
    public bool IsRoot { get; private init; }

    private const Capability AllCapabilities = Capability.Create | Capability.Read | Capability.Update | Capability.Patch
        | Capability.Delete | Capability.List | Capability.Sudo;
}
