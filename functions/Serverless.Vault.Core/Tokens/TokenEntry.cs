using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Tokens;

/// <summary>A token as stored: keyed by the HMAC of its id, which itself is never stored.</summary>
public sealed record TokenEntry
{
    [JsonPropertyName("accessor")]
    public required string Accessor { get; init; }

    [JsonPropertyName("policies")]
    public required IReadOnlyList<string> Policies { get; init; }

    /// <summary>The path that created it, e.g. "auth/token/root" or "auth/approle/login".</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("display_name")]
    public string DisplayName { get; init; } = "token";

    [JsonPropertyName("creation_time")]
    public long CreationTime { get; init; }

    /// <summary>Seconds; 0 means the token never expires (root tokens).</summary>
    [JsonPropertyName("ttl")]
    public long Ttl { get; init; }

    [JsonPropertyName("meta")]
    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    [JsonIgnore]
    public bool IsRoot => Policies.Contains("root", StringComparer.Ordinal);

    /// <summary>True when a non-zero TTL has run out at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => Ttl > 0 && now.ToUnixTimeSeconds() >= CreationTime + Ttl;
}
