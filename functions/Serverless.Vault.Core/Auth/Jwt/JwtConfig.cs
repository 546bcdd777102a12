using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>A JWT/OIDC mount's configuration: exactly one key source, the OIDC client and the issuer binding.</summary>
internal sealed record JwtConfig
{
    [JsonPropertyName("jwks_url")]
    public string JwksUrl { get; init; } = "";

    [JsonPropertyName("jwks_ca_pem")]
    public string JwksCaPem { get; init; } = "";

    [JsonPropertyName("jwt_validation_pubkeys")]
    public IReadOnlyList<string> ValidationPublicKeys { get; init; } = [];

    [JsonPropertyName("oidc_discovery_url")]
    public string DiscoveryUrl { get; init; } = "";

    [JsonPropertyName("oidc_discovery_ca_pem")]
    public string DiscoveryCaPem { get; init; } = "";

    [JsonPropertyName("oidc_client_id")]
    public string ClientId { get; init; } = "";

    /// <summary>Never returned by a read.</summary>
    [JsonPropertyName("oidc_client_secret")]
    public string ClientSecret { get; init; } = "";

    [JsonPropertyName("bound_issuer")]
    public string BoundIssuer { get; init; } = "";

    [JsonPropertyName("default_role")]
    public string DefaultRole { get; init; } = "";

    [JsonPropertyName("jwt_supported_algs")]
    public IReadOnlyList<string> SupportedAlgorithms { get; init; } = [];

    /// <summary>What the key cache depends on: a change of any of these drops the cached keys.</summary>
    [JsonIgnore]
    public string KeySourceFingerprint =>
        string.Join('\n', [JwksUrl, JwksCaPem, DiscoveryUrl, DiscoveryCaPem, .. ValidationPublicKeys]);
}
