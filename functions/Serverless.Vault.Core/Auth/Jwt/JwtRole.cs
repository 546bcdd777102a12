using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>A role: what a JWT must look like to log in, and what the token then gets.</summary>
internal sealed record JwtRole
{
    [JsonPropertyName("role_type")]
    public string RoleType { get; init; } = "oidc";

    [JsonPropertyName("bound_audiences")]
    public IReadOnlyList<string> BoundAudiences { get; init; } = [];

    [JsonPropertyName("user_claim")]
    public string UserClaim { get; init; } = "";

    [JsonPropertyName("bound_subject")]
    public string BoundSubject { get; init; } = "";

    /// <summary>Claim name (or JSON pointer) to one string or a list of strings.</summary>
    [JsonPropertyName("bound_claims")]
    public JsonObject? BoundClaims { get; init; }

    [JsonPropertyName("bound_claims_type")]
    public string BoundClaimsType { get; init; } = "string";

    [JsonPropertyName("claim_mappings")]
    public IReadOnlyDictionary<string, string>? ClaimMappings { get; init; }

    [JsonPropertyName("groups_claim")]
    public string GroupsClaim { get; init; } = "";

    /// <summary>Seconds; 0 takes the default, a negative value means no leeway.</summary>
    [JsonPropertyName("clock_skew_leeway")]
    public long ClockSkewLeeway { get; init; } = JwtLeeway.DefaultClockSkew;

    [JsonPropertyName("expiration_leeway")]
    public long ExpirationLeeway { get; init; } = JwtLeeway.DefaultExpiration;

    [JsonPropertyName("not_before_leeway")]
    public long NotBeforeLeeway { get; init; } = JwtLeeway.DefaultNotBefore;

    [JsonPropertyName("allowed_redirect_uris")]
    public IReadOnlyList<string> AllowedRedirectUris { get; init; } = [];

    [JsonPropertyName("oidc_scopes")]
    public IReadOnlyList<string> OidcScopes { get; init; } = [];

    [JsonPropertyName("token")]
    public TokenParams Token { get; init; } = new();
}
