using System.Text.Json.Serialization;

namespace Serverless.Vault.Client.Leases;

/// <summary><c>sys/leases/lookup</c>: a lease's times as the vault keeps them.</summary>
public sealed record LeaseInfo
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("issue_time")]
    public DateTimeOffset IssueTime { get; init; }

    /// <summary>Null for a lease that does not expire.</summary>
    [JsonPropertyName("expire_time")]
    public DateTimeOffset? ExpireTime { get; init; }

    /// <summary>Null until the lease is first renewed.</summary>
    [JsonPropertyName("last_renewal")]
    public DateTimeOffset? LastRenewal { get; init; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; init; }

    /// <summary>The time left.</summary>
    [JsonPropertyName("ttl")]
    [JsonConverter(typeof(VaultDuration))]
    public TimeSpan Ttl { get; init; }
}
