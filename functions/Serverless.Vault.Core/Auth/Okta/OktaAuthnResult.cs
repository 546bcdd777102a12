using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>An authentication transaction of Okta's Authentication API (POST /api/v1/authn and factor verify).</summary>
internal sealed record OktaAuthnResult
{
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("stateToken")]
    public string? StateToken { get; init; }

    [JsonPropertyName("factorResult")]
    public string? FactorResult { get; init; }

    [JsonPropertyName("_embedded")]
    public OktaEmbedded? Embedded { get; init; }

    internal sealed record OktaEmbedded
    {
        [JsonPropertyName("user")]
        public OktaUser? User { get; init; }

        [JsonPropertyName("factors")]
        public IReadOnlyList<OktaFactor> Factors { get; init; } = [];
    }

    internal sealed record OktaUser([property: JsonPropertyName("id")] string Id);

    internal sealed record OktaFactor
    {
        [JsonPropertyName("id")]
        public string Id { get; init; } = "";

        [JsonPropertyName("factorType")]
        public string FactorType { get; init; } = "";

        [JsonPropertyName("provider")]
        public string Provider { get; init; } = "";

        [JsonPropertyName("_links")]
        public OktaLinks? Links { get; init; }
    }

    internal sealed record OktaLinks([property: JsonPropertyName("verify")] OktaLink? Verify);

    internal sealed record OktaLink([property: JsonPropertyName("href")] string Href);
}
