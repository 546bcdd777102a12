using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Tokens;

/// <summary>A token role (auth/token/roles/:name): settings applied to tokens created through create/:name.</summary>
public sealed record TokenRole
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("allowed_policies")]
    public IReadOnlyList<string> AllowedPolicies { get; init; } = [];

    [JsonPropertyName("disallowed_policies")]
    public IReadOnlyList<string> DisallowedPolicies { get; init; } = [];

    [JsonPropertyName("orphan")]
    public bool Orphan { get; init; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; init; } = true;

    /// <summary>"service", "batch", "default-service" or "default-batch" (the default is only a fallback for the caller's choice).</summary>
    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = "default-service";

    /// <summary>Seconds; the legacy "period" field writes it too.</summary>
    [JsonPropertyName("token_period")]
    public long TokenPeriod { get; init; }

    /// <summary>Seconds; the legacy "explicit_max_ttl" field writes it too.</summary>
    [JsonPropertyName("token_explicit_max_ttl")]
    public long TokenExplicitMaxTtl { get; init; }

    [JsonPropertyName("token_ttl")]
    public long TokenTtl { get; init; }

    [JsonPropertyName("token_max_ttl")]
    public long TokenMaxTtl { get; init; }

    [JsonPropertyName("token_no_default_policy")]
    public bool TokenNoDefaultPolicy { get; init; }

    [JsonPropertyName("token_num_uses")]
    public long TokenNumUses { get; init; }

    [JsonPropertyName("path_suffix")]
    public string PathSuffix { get; init; } = "";
}
