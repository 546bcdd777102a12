using System.Text.Json.Serialization;
using Serverless.Vault.Core.Auth.Jwt;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>
/// An azure mount's configuration. <see cref="Issuer"/> and <see cref="MetadataUrl"/> are ours (not Vault's): empty
/// means the tenant's defaults, set they point the method at another OpenID provider (sovereign clouds, tests).
/// </summary>
internal sealed record AzureConfig
{
    public const string WellKnownSuffix = "/.well-known/openid-configuration";

    [JsonPropertyName("tenant_id")]
    public string TenantId { get; init; } = "";

    [JsonPropertyName("resource")]
    public string Resource { get; init; } = "";

    [JsonPropertyName("environment")]
    public string Environment { get; init; } = AzureEnvironments.Default;

    [JsonPropertyName("client_id")]
    public string ClientId { get; init; } = "";

    /// <summary>Never returned by a read; kept only for compatibility, since the compute API is never called.</summary>
    [JsonPropertyName("client_secret")]
    public string ClientSecret { get; init; } = "";

    [JsonPropertyName("issuer")]
    public string Issuer { get; init; } = "";

    [JsonPropertyName("metadata_url")]
    public string MetadataUrl { get; init; } = "";

    [JsonIgnore]
    public string EffectiveIssuer => Issuer.Length > 0 ? Issuer : $"https://sts.windows.net/{TenantId}/";

    [JsonIgnore]
    public string EffectiveMetadataUrl => MetadataUrl.Length > 0
        ? MetadataUrl
        : $"https://{AzureEnvironments.LoginHost(Environment)}/{TenantId}/v2.0{WellKnownSuffix}";

    /// <summary>The key source and issuer binding in the shape the JWT method's validator and key cache take.</summary>
    public JwtConfig ToJwtConfig() => new()
    {
        DiscoveryUrl = EffectiveMetadataUrl[..^WellKnownSuffix.Length],
        BoundIssuer = EffectiveIssuer,
    };
}
