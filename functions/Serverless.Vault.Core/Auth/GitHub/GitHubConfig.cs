using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.GitHub;

/// <summary>The mount's one configuration row: which organization a user must belong to, where GitHub is, token settings.</summary>
internal sealed record GitHubConfig
{
    public const string DefaultBaseUrl = "https://api.github.com/";

    [JsonPropertyName("organization")]
    public string Organization { get; init; } = "";

    /// <summary>Membership is checked by id, so a renamed or re-registered organization name cannot grant access.</summary>
    [JsonPropertyName("organization_id")]
    public long OrganizationId { get; init; }

    /// <summary>"" means api.github.com; GitHub Enterprise gives its API root (https://host/api/v3/).</summary>
    [JsonPropertyName("base_url")]
    public string BaseUrl { get; init; } = "";

    [JsonPropertyName("token")]
    public TokenParams Token { get; init; } = new();

    [JsonIgnore]
    public Uri ApiBase => new(BaseUrl.Length > 0 ? BaseUrl : DefaultBaseUrl);
}
