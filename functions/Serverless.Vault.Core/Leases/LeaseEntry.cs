using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Leases;

/// <summary>A lease as stored behind the barrier under its id. Times are Unix seconds.</summary>
public sealed record LeaseEntry
{
    [JsonPropertyName("lease_id")]
    public required string LeaseId { get; init; }

    /// <summary>The mount whose backend issued the secret and is called back to renew or revoke it ("" for a token's lease).</summary>
    [JsonPropertyName("mount_uuid")]
    public string MountUuid { get; init; } = "";

    /// <summary>True for the lease of a service token itself: revoking it revokes the token (and so its tree).</summary>
    [JsonPropertyName("token_lease")]
    public bool IsTokenLease { get; init; }

    /// <summary>The storage hash of the token the secret was issued to ("" when none): revoking it revokes the lease.</summary>
    [JsonPropertyName("token_key")]
    public string TokenKey { get; init; } = "";

    [JsonPropertyName("issue_time")]
    public long IssueTime { get; init; }

    [JsonPropertyName("expire_time")]
    public long ExpireTime { get; init; }

    /// <summary>Issue time plus the max TTL in force at issue: no renewal goes beyond it (CVE-2021-32923).</summary>
    [JsonPropertyName("max_expire_time")]
    public long MaxExpireTime { get; init; }

    /// <summary>The TTL granted at issue, in seconds: the increment of a renewal that names none.</summary>
    [JsonPropertyName("ttl")]
    public long Ttl { get; init; }

    [JsonPropertyName("last_renewal")]
    public long LastRenewal { get; init; }

    [JsonPropertyName("renewable")]
    public bool Renewable { get; init; }

    [JsonPropertyName("internal")]
    public JsonObject InternalData { get; init; } = [];

    /// <summary>When the sweeper acts on it next: the expiry, or the next retry of a failed revocation.</summary>
    [JsonPropertyName("due_time")]
    public long DueTime { get; init; }

    /// <summary>Failed revocation attempts so far.</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>Why the last revocation failed ("" when none failed).</summary>
    [JsonPropertyName("last_error")]
    public string LastError { get; init; } = "";

    /// <summary>Revocation failed too often: still retried, slowly, and counted apart.</summary>
    [JsonPropertyName("irrevocable")]
    public bool Irrevocable { get; init; }

    /// <summary>The last segment of the id: unique, and the name of the lease's index rows.</summary>
    [JsonIgnore]
    public string Suffix => LeaseIds.Suffix(LeaseId);
}
