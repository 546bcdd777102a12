using System.Text.Json.Serialization;

namespace Serverless.Vault.Client;

/// <summary>The <c>auth</c> block of a login or token-create response.</summary>
public sealed record VaultAuthInfo
{
    [JsonPropertyName("client_token")]
    public string ClientToken { get; init; } = string.Empty;

    [JsonPropertyName("accessor")]
    public string? Accessor { get; init; }

    [JsonPropertyName("policies")]
    public IReadOnlyList<string>? Policies { get; init; }

    [JsonPropertyName("token_policies")]
    public IReadOnlyList<string>? TokenPolicies { get; init; }

    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Seconds; 0 for a token that never expires (root).</summary>
    [JsonPropertyName("lease_duration")]
    public long LeaseDuration { get; init; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("orphan")]
    public bool Orphan { get; init; }

    /// <summary>Not part of the token: the secret must never reach a log line.</summary>
    public override string ToString() => $"VaultAuthInfo {{ Accessor = {Accessor}, LeaseDuration = {LeaseDuration}, Renewable = {Renewable} }}";
}
