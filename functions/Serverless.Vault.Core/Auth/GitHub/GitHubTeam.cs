using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>One entry of GET /user/teams.</summary>
internal sealed record GitHubTeam
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("slug")]
    public string Slug { get; init; } = "";

    [JsonPropertyName("organization")]
    public GitHubIdentity? Organization { get; init; }
}
