using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Tokens;

/// <summary>A token lookup's <c>data</c>: the token's policies, times and limits.</summary>
public sealed record TokenInfo
{
    /// <summary>The token itself (empty in an accessor lookup): never printed.</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("accessor")]
    public string? Accessor { get; init; }

    [JsonPropertyName("policies")]
    public IReadOnlyList<string>? Policies { get; init; }

    /// <summary>Where it was created (<c>auth/token/create</c>, <c>auth/approle/login</c>).</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("meta")]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("num_uses")]
    public int NumUses { get; init; }

    [JsonPropertyName("orphan")]
    public bool Orphan { get; init; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("creation_time")]
    public long CreationTime { get; init; }

    /// <summary>The TTL it was created with.</summary>
    [JsonPropertyName("creation_ttl")]
    [JsonConverter(typeof(VaultDuration))]
    public TimeSpan CreationTtl { get; init; }

    /// <summary>The time left; zero for a token that never expires.</summary>
    [JsonPropertyName("ttl")]
    [JsonConverter(typeof(VaultDuration))]
    public TimeSpan Ttl { get; init; }

    [JsonPropertyName("explicit_max_ttl")]
    [JsonConverter(typeof(VaultDuration))]
    public TimeSpan ExplicitMaxTtl { get; init; }

    /// <summary>Null for a token that never expires.</summary>
    [JsonPropertyName("expire_time")]
    public DateTimeOffset? ExpireTime { get; init; }

    [JsonPropertyName("issue_time")]
    public DateTimeOffset? IssueTime { get; init; }

    [JsonPropertyName("entity_id")]
    public string? EntityId { get; init; }

    /// <summary>Without <see cref="Id"/>: the token must never reach a log line.</summary>
    public override string ToString() =>
        $"TokenInfo {{ Accessor = {Accessor}, Path = {Path}, Policies = [{string.Join(", ", Policies ?? [])}], Ttl = {Ttl}, Renewable = {Renewable} }}";
}
