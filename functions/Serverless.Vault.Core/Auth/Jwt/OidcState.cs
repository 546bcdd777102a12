using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Jwt;

/// <summary>An OIDC browser flow in progress, stored under its state value until the callback consumes it.</summary>
internal sealed record OidcState
{
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    [JsonPropertyName("redirect_uri")]
    public required string RedirectUri { get; init; }

    [JsonPropertyName("nonce")]
    public required string Nonce { get; init; }

    [JsonPropertyName("client_nonce")]
    public string ClientNonce { get; init; } = "";

    [JsonPropertyName("code_verifier")]
    public required string CodeVerifier { get; init; }

    /// <summary>Unix seconds after which the callback refuses the state.</summary>
    [JsonPropertyName("expires")]
    public long Expires { get; init; }
}
