using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>A GitHub user or organization as the REST API returns it (only the fields the method reads).</summary>
internal sealed record GitHubIdentity
{
    [JsonPropertyName("login")]
    public string Login { get; init; } = "";

    [JsonPropertyName("id")]
    public long Id { get; init; }
}
