using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>A locally defined Okta user: extra groups and policies on top of what Okta says.</summary>
internal sealed record OktaUser
{
    [JsonPropertyName("groups")]
    public IReadOnlyList<string> Groups { get; init; } = [];

    [JsonPropertyName("policies")]
    public IReadOnlyList<string> Policies { get; init; } = [];
}
