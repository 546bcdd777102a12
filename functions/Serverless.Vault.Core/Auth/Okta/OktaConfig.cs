using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Okta;

/// <summary>The mount's configuration row: which Okta organization, the API token for group lookups, MFA bypass, token settings.</summary>
internal sealed record OktaConfig
{
    public const string DefaultBaseUrl = "okta.com";

    [JsonPropertyName("org_name")]
    public string OrgName { get; init; } = "";

    /// <summary>A domain ("okta.com", "oktapreview.com") joined to org_name, or a full API root (http(s)://...) used as is.</summary>
    [JsonPropertyName("base_url")]
    public string BaseUrl { get; init; } = "";

    /// <summary>Sent as "SSWS" to list a user's groups; never returned by a read.</summary>
    [JsonPropertyName("api_token")]
    public string ApiToken { get; init; } = "";

    [JsonPropertyName("bypass_okta_mfa")]
    public bool BypassOktaMfa { get; init; }

    [JsonPropertyName("token")]
    public TokenParams Token { get; init; } = new();

    [JsonIgnore]
    public bool HasFullBaseUrl => BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || BaseUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The organization's root, e.g. https://dev-123.okta.com/; the API lives under api/v1/.</summary>
    [JsonIgnore]
    public Uri ApiBase => HasFullBaseUrl
        ? AuthHttp.ParseBaseUrl(BaseUrl, "base_url")
        : new Uri($"https://{OrgName}.{(BaseUrl.Length > 0 ? BaseUrl : DefaultBaseUrl)}/");
}
