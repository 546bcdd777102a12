using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>Turns a verified token's claims into a login grant: user claim, groups, bound claims, claim mappings.</summary>
internal static partial class JwtIdentity
{
    public static LoginGrant Grant(RequestContext context, string roleName, JwtRole role, JsonObject claims)
    {
        var userName = JwtClaims.Get(claims, role.UserClaim) switch
        {
            null => throw VaultException.InvalidRequest($"claim \"{role.UserClaim}\" not found in token"),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw VaultException.InvalidRequest($"claim \"{role.UserClaim}\" could not be converted to string"),
        };

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (claim, key) in role.ClaimMappings ?? new Dictionary<string, string>())
        {
            if (JwtClaims.Get(claims, claim) is { } value)
            {
                metadata[key] = JwtClaims.AsText(value) ?? throw VaultException.InvalidRequest($"error converting claim '{claim}' to string");
            }
        }

        metadata["role"] = roleName;

        if (role.GroupsClaim.Length > 0)
        {
            var groups = JwtClaims.Get(claims, role.GroupsClaim) ?? throw VaultException.InvalidRequest($"failed to fetch groups: \"{role.GroupsClaim}\" claim not found in token");
            _ = JwtClaims.AsTextList(groups) ?? throw VaultException.InvalidRequest($"failed to fetch groups: \"{role.GroupsClaim}\" claim could not be converted to string list");
        }

        BoundClaims.Check(role.BoundClaims, role.BoundClaimsType, claims);

        return new LoginGrant(role.Token) { DisplayName = DisplayName(context, userName), Metadata = metadata };
    }

    /// <summary>Vault's "mount path - alias name" (jwt-alice, oidc-bob), with what a display name cannot hold replaced.</summary>
    private static string DisplayName(RequestContext context, string userName)
    {
        var mount = (context.Request.Mount?.Path ?? "jwt").Trim('/');
        if (mount.StartsWith("auth/", StringComparison.Ordinal))
        {
            mount = mount["auth/".Length..];
        }

        return Unsafe().Replace($"{mount.Replace('/', '-')}-{userName}", "-");
    }

    [GeneratedRegex("[^a-zA-Z0-9-]")]
    private static partial Regex Unsafe();
}
