using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Quotas;

/// <summary>sys/quotas/config: paths no quota applies to, and whether rate-limit headers and rejections are reported.</summary>
public sealed record QuotaConfig
{
    /// <summary>
    /// Vault's defaults until the config is first written: health checks, seal status and unsealing are never
    /// rate-limited, so an operator can always see and recover the vault.
    /// </summary>
    public static readonly QuotaConfig Default = new()
    {
        RateLimitExemptPaths =
        [
            "sys/generate-recovery-token/attempt",
            "sys/generate-recovery-token/update",
            "sys/generate-root/attempt",
            "sys/generate-root/update",
            "sys/health",
            "sys/seal-status",
            "sys/unseal",
        ],
    };

    [JsonPropertyName("rate_limit_exempt_paths")]
    public IReadOnlyList<string> RateLimitExemptPaths { get; init; } = [];

    [JsonPropertyName("enable_rate_limit_response_headers")]
    public bool EnableRateLimitResponseHeaders { get; init; }

    [JsonPropertyName("enable_rate_limit_audit_logging")]
    public bool EnableRateLimitAuditLogging { get; init; }
}
