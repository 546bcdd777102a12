using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tokens;

/// <summary>
/// The policies of a new token, as Vault's handleCreateCommon decides them: a role with allowed/disallowed lists sets
/// its own rules; otherwise the caller's policies by default, and a caller without sudo may only grant a subset of
/// its own.
/// </summary>
internal static class TokenCreatePolicies
{
    public static IReadOnlyList<string> Compute(
        IReadOnlyList<string> requested, IReadOnlyList<string> parent, bool noDefaultPolicy, bool sudo, TokenRole? role)
    {
        var addDefault = false;
        IReadOnlyList<string> policies;
        if (role is not null && (role.AllowedPolicies.Count > 0 || role.DisallowedPolicies.Count > 0))
        {
            policies = FromRole(requested, parent, noDefaultPolicy, role);
        }
        else if (requested.Count == 0)
        {
            // Inherit the caller's; "default" only comes along if the caller has it.
            policies = TokenPolicies.Sanitize(parent, addDefault: false);
        }
        else if (!sudo)
        {
            policies = requested;
            if (!TokenPolicies.IsSubset(TokenPolicies.Sanitize(parent, false), TokenPolicies.Sanitize(requested, false)))
            {
                throw VaultException.InvalidRequest("child policies must be subset of parent");
            }

            addDefault = !noDefaultPolicy && parent.Contains(TokenPolicies.Default, StringComparer.Ordinal);
        }
        else
        {
            policies = requested;
            addDefault = !noDefaultPolicy;
        }

        var result = TokenPolicies.Sanitize(policies, addDefault);
        if (noDefaultPolicy)
        {
            result = [.. result.Where(name => name != TokenPolicies.Default)];
        }

        var internalPolicy = result.FirstOrDefault(name => TokenPolicies.NonAssignable.Contains(name, StringComparer.Ordinal));
        return internalPolicy is null ? result : throw VaultException.InvalidRequest($"cannot assign policy \"{internalPolicy}\"");
    }

    private static IReadOnlyList<string> FromRole(IReadOnlyList<string> requested, IReadOnlyList<string> parent, bool noDefaultPolicy, TokenRole role)
    {
        var disallowed = TokenPolicies.Sanitize(role.DisallowedPolicies, false);
        var addDefault = !noDefaultPolicy && !role.TokenNoDefaultPolicy && !disallowed.Contains(TokenPolicies.Default, StringComparer.Ordinal);
        var final = requested.Count > 0 ? TokenPolicies.Sanitize(requested, addDefault) : [];
        if (role.AllowedPolicies.Count > 0)
        {
            var allowed = TokenPolicies.Sanitize(role.AllowedPolicies, addDefault);
            if (final.Count == 0)
            {
                final = allowed;
            }
            else if (!TokenPolicies.IsSubset(allowed, final))
            {
                throw VaultException.InvalidRequest(
                    $"token policies ({GoList(final)}) must be subset of the role's allowed policies ({GoList(allowed)}) or glob policies ([])");
            }
        }
        else if (final.Count == 0)
        {
            final = TokenPolicies.Sanitize(parent, addDefault);
        }

        var forbidden = final.FirstOrDefault(name => disallowed.Contains(name, StringComparer.Ordinal));
        return forbidden is null ? final : throw VaultException.InvalidRequest($"token policy \"{forbidden}\" is disallowed by this role");
    }

    /// <summary>A list the way Go's %q prints one: ["a" "b"].</summary>
    private static string GoList(IEnumerable<string> names) => "[" + string.Join(' ', names.Select(name => $"\"{name}\"")) + "]";
}
