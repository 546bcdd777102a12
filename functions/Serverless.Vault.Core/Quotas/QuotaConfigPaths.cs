using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.System;

namespace Serverless.Vault.Core.Quotas;

/// <summary>sys/quotas/config: exempt paths and the header and audit switches. As in Vault, a write sets all three.</summary>
internal sealed class QuotaConfigPaths(QuotaStore store) : ISystemPaths
{
    public IEnumerable<PathSpec> Paths =>
    [
        new PathSpec("quotas/config")
        {
            Fields = [QuotaFields.ExemptPaths, QuotaFields.ResponseHeaders, QuotaFields.AuditLogging],
            Handlers = { [Operation.Read] = ReadAsync, [Operation.Update] = WriteAsync },
            Synopsis = "Create, update and read the quota configuration.",
            Description = "Until first written, sys/health, sys/seal-status, sys/unseal and the generate-root paths are exempt.",
        },
    ];

    private async Task<VaultResponse?> ReadAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = (await store.GetFreshAsync(cancellationToken).ConfigureAwait(false)).Config;
        return VaultResponse.WithData(new JsonObject
        {
            ["enable_rate_limit_audit_logging"] = config.EnableRateLimitAuditLogging,
            ["enable_rate_limit_response_headers"] = config.EnableRateLimitResponseHeaders,
            ["rate_limit_exempt_paths"] = new JsonArray([.. config.RateLimitExemptPaths.Select(p => (JsonNode?)p)]),
        });
    }

    private async Task<VaultResponse?> WriteAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var config = new QuotaConfig
        {
            RateLimitExemptPaths = [.. context.Get(QuotaFields.ExemptPaths).Select(p => p.Trim().TrimStart('/')).Where(p => p.Length > 0)],
            EnableRateLimitResponseHeaders = context.Get(QuotaFields.ResponseHeaders),
            EnableRateLimitAuditLogging = context.Get(QuotaFields.AuditLogging),
        };
        await store.UpdateAsync(set => new QuotaTableRecord(config, set.RateLimits), cancellationToken).ConfigureAwait(false);
        return null;
    }
}
