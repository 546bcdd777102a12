using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Auth;

/// <summary>
/// The token settings every auth method's roles and users carry (Vault's tokenutil): what a login's token gets.
/// Durations in seconds; 0 means "not set" and falls back to the mount's, then the system's.
/// </summary>
public sealed record TokenParams
{
    [JsonPropertyName("token_policies")]
    public IReadOnlyList<string> Policies { get; init; } = [];

    [JsonPropertyName("token_ttl")]
    public long Ttl { get; init; }

    [JsonPropertyName("token_max_ttl")]
    public long MaxTtl { get; init; }

    [JsonPropertyName("token_period")]
    public long Period { get; init; }

    [JsonPropertyName("token_num_uses")]
    public long NumUses { get; init; }

    [JsonPropertyName("token_bound_cidrs")]
    public IReadOnlyList<string> BoundCidrs { get; init; } = [];

    /// <summary>"default", "service", "batch", "default-service" or "default-batch".</summary>
    [JsonPropertyName("token_type")]
    public string Type { get; init; } = "default";

    [JsonPropertyName("token_explicit_max_ttl")]
    public long ExplicitMaxTtl { get; init; }

    [JsonPropertyName("token_no_default_policy")]
    public bool NoDefaultPolicy { get; init; }

    [JsonIgnore]
    public bool IsBatch => Type is "batch" or "default-batch";
}
