using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth.Azure;

/// <summary>An azure role: the identities and resources that may log in, and the tokens they get.</summary>
internal sealed record AzureRole
{
    [JsonPropertyName("bound_service_principal_ids")]
    public IReadOnlyList<string> BoundServicePrincipalIds { get; init; } = [];

    [JsonPropertyName("bound_group_ids")]
    public IReadOnlyList<string> BoundGroupIds { get; init; } = [];

    [JsonPropertyName("bound_subscription_ids")]
    public IReadOnlyList<string> BoundSubscriptionIds { get; init; } = [];

    [JsonPropertyName("bound_resource_groups")]
    public IReadOnlyList<string> BoundResourceGroups { get; init; } = [];

    [JsonPropertyName("bound_locations")]
    public IReadOnlyList<string> BoundLocations { get; init; } = [];

    [JsonPropertyName("bound_scale_sets")]
    public IReadOnlyList<string> BoundScaleSets { get; init; } = [];

    [JsonPropertyName("token")]
    public TokenParams Token { get; init; } = new();

    /// <summary>Whether the role binds anything that is a property of the Azure resource rather than of the token.</summary>
    [JsonIgnore]
    public bool BindsResource =>
        BoundSubscriptionIds.Count > 0 || BoundResourceGroups.Count > 0 || BoundLocations.Count > 0 || BoundScaleSets.Count > 0;
}
