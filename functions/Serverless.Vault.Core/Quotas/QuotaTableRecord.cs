using System.Text.Json.Serialization;

namespace Serverless.Vault.Core.Quotas;

/// <summary>The stored row holding every quota and the quota config; a null config means Vault's defaults.</summary>
public sealed record QuotaTableRecord(
    [property: JsonPropertyName("config")] QuotaConfig? Config,
    [property: JsonPropertyName("rate_limits")] IReadOnlyList<RateLimitQuota> RateLimits);
