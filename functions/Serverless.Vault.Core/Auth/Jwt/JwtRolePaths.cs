using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>role/{name} and the role list.</summary>
internal static class JwtRolePaths
{
    private static readonly Field<string> RoleType = Fields.String("role_type", "\"oidc\" (default) or \"jwt\".");
    private static readonly Field<IReadOnlyList<string>> BoundAudiences = Fields.StringList("bound_audiences", "Values the aud claim must contain one of.");
    private static readonly Field<string> UserClaim = Fields.String("user_claim", "The claim whose value names the user.");
    private static readonly Field<string> BoundSubject = Fields.String("bound_subject", "The sub claim tokens must carry.");
    private static readonly Field<JsonObject?> BoundClaimsField = Fields.Map("bound_claims", "Claims and the values (or globs) they must have.");
    private static readonly Field<string> BoundClaimsType = Fields.String("bound_claims_type", "\"string\" (default) or \"glob\".");
    private static readonly Field<IReadOnlyDictionary<string, string>?> ClaimMappings = Fields.StringMap("claim_mappings", "Claims to copy into the token's metadata, claim to key.");
    private static readonly Field<string> GroupsClaim = Fields.String("groups_claim", "The claim holding the user's groups.");
    private static readonly Field<TimeSpan> ClockSkew = Fields.Duration("clock_skew_leeway", "Leeway for clock skew on all time claims (-1: none).");
    private static readonly Field<TimeSpan> ExpirationLeeway = Fields.Duration("expiration_leeway", "Leeway on exp (-1: none).");
    private static readonly Field<TimeSpan> NotBeforeLeeway = Fields.Duration("not_before_leeway", "Leeway on nbf (-1: none).");
    private static readonly Field<IReadOnlyList<string>> RedirectUris = Fields.StringList("allowed_redirect_uris", "Redirect URIs the OIDC flow may return to.");
    private static readonly Field<IReadOnlyList<string>> Scopes = Fields.StringList("oidc_scopes", "Scopes to request besides openid.");

    private static readonly LoginRolePaths<JwtRole> Paths = new(
        [RoleType, BoundAudiences, UserClaim, BoundSubject, BoundClaimsField, BoundClaimsType, ClaimMappings, GroupsClaim,
            ClockSkew, ExpirationLeeway, NotBeforeLeeway, RedirectUris, Scopes, .. TokenParamFields.All],
        Apply,
        Describe,
        Validate);

    public static IEnumerable<PathSpec> Specs => Paths.Specs;

    private static JwtRole Apply(RequestContext context, JwtRole current)
    {
        var input = context.Input;
        return current with
        {
            RoleType = context.GetOr(RoleType, current.RoleType),
            BoundAudiences = context.GetOr(BoundAudiences, current.BoundAudiences),
            UserClaim = context.GetOr(UserClaim, current.UserClaim),
            BoundSubject = context.GetOr(BoundSubject, current.BoundSubject),
            BoundClaims = context.GetOr(BoundClaimsField, current.BoundClaims),
            BoundClaimsType = context.GetOr(BoundClaimsType, current.BoundClaimsType),
            ClaimMappings = context.GetOr(ClaimMappings, current.ClaimMappings),
            GroupsClaim = context.GetOr(GroupsClaim, current.GroupsClaim),
            ClockSkewLeeway = input.Has(ClockSkew) ? (long)context.Get(ClockSkew).TotalSeconds : current.ClockSkewLeeway,
            ExpirationLeeway = input.Has(ExpirationLeeway) ? (long)context.Get(ExpirationLeeway).TotalSeconds : current.ExpirationLeeway,
            NotBeforeLeeway = input.Has(NotBeforeLeeway) ? (long)context.Get(NotBeforeLeeway).TotalSeconds : current.NotBeforeLeeway,
            AllowedRedirectUris = context.GetOr(RedirectUris, current.AllowedRedirectUris),
            OidcScopes = context.GetOr(Scopes, current.OidcScopes),
            Token = TokenParamFields.Apply(current.Token, input),
        };
    }

    private static JsonObject Describe(JwtRole role)
    {
        var data = new JsonObject
        {
            ["role_type"] = role.RoleType,
            ["bound_audiences"] = Strings(role.BoundAudiences),
            ["user_claim"] = role.UserClaim,
            ["bound_subject"] = role.BoundSubject,
            ["bound_claims"] = role.BoundClaims?.DeepClone(),
            ["bound_claims_type"] = role.BoundClaimsType,
            ["claim_mappings"] = role.ClaimMappings is null ? null : new JsonObject(role.ClaimMappings.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["groups_claim"] = role.GroupsClaim,
            ["clock_skew_leeway"] = role.ClockSkewLeeway,
            ["expiration_leeway"] = role.ExpirationLeeway,
            ["not_before_leeway"] = role.NotBeforeLeeway,
            ["allowed_redirect_uris"] = Strings(role.AllowedRedirectUris),
            ["oidc_scopes"] = Strings(role.OidcScopes),
        };
        TokenParamFields.Describe(role.Token, data);
        return data;
    }

    private static void Validate(JwtRole role)
    {
        if (role.RoleType is not ("oidc" or "jwt"))
        {
            throw VaultException.InvalidRequest($"invalid 'role_type': {role.RoleType}");
        }

        if (role.UserClaim.Length == 0)
        {
            throw VaultException.InvalidRequest("a user claim must be defined on the role");
        }

        if (role.BoundClaimsType is not (BoundClaims.StringType or BoundClaims.GlobType))
        {
            throw VaultException.InvalidRequest("invalid 'bound_claims_type': must be either 'string' or 'glob'");
        }

        BoundClaims.ValidateDefinition(role.BoundClaims);

        if (role.RoleType == "jwt" && role.BoundAudiences.Count == 0 && role.BoundSubject.Length == 0
            && (role.BoundClaims?.Count ?? 0) == 0 && role.Token.BoundCidrs.Count == 0)
        {
            throw VaultException.InvalidRequest("must have at least one bound constraint when creating/updating a role");
        }

        if (role.RoleType == "oidc" && role.AllowedRedirectUris.Count == 0)
        {
            throw VaultException.InvalidRequest("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.");
        }

        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in role.ClaimMappings?.Values ?? [])
        {
            if (target == "role")
            {
                throw VaultException.InvalidRequest("metadata key \"role\" is reserved and may not be a claim_mappings value");
            }

            if (!targets.Add(target))
            {
                throw VaultException.InvalidRequest($"multiple keys are mapped to metadata key \"{target}\"");
            }
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => LoginRolePaths<JwtRole>.Strings(values);
}
