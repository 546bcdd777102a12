using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Mounts;

/// <summary>A mount's tunable settings; TTLs in seconds, 0 meaning "the system default".</summary>
public sealed record MountConfig
{
    [JsonPropertyName("default_lease_ttl")]
    public long DefaultLeaseTtl { get; init; }

    [JsonPropertyName("max_lease_ttl")]
    public long MaxLeaseTtl { get; init; }

    [JsonPropertyName("force_no_cache")]
    public bool ForceNoCache { get; init; }

    /// <summary>"unauth" lists the mount in unauthenticated sys/internal/ui/mounts; "" or "hidden" does not.</summary>
    [JsonPropertyName("listing_visibility")]
    public string ListingVisibility { get; init; } = "";

    [JsonPropertyName("audit_non_hmac_request_keys")]
    public IReadOnlyList<string> AuditNonHmacRequestKeys { get; init; } = [];

    [JsonPropertyName("audit_non_hmac_response_keys")]
    public IReadOnlyList<string> AuditNonHmacResponseKeys { get; init; } = [];

    [JsonPropertyName("passthrough_request_headers")]
    public IReadOnlyList<string> PassthroughRequestHeaders { get; init; } = [];

    [JsonPropertyName("allowed_response_headers")]
    public IReadOnlyList<string> AllowedResponseHeaders { get; init; } = [];
}
