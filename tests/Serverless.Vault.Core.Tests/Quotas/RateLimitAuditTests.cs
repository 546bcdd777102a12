using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Audit;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Quotas.QuotaClient;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>A request refused by a quota is audited only when enable_rate_limit_audit_logging says so, as in Vault.</summary>
public sealed class RateLimitAuditTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rejection_IsAudited_OnlyWhenConfigured(bool enabled)
    {
        var audit = new RecordingAuditBroker();
        using var vault = await TestVault.InitializedAsync(services => services.AddSingleton<IAuditBroker>(audit));
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await SendAsync(vault, Admin, Operation.Update, "sys/quotas/config", new JsonObject { ["enable_rate_limit_audit_logging"] = enabled }));
        await CreateAsync(vault, "kv", new JsonObject { ["path"] = "kv/", ["rate"] = 1, ["interval"] = "1h" });
        AssertNotLimited(await ReadAsync(vault, "10.0.0.1", "kv/a"));
        audit.Requests.Clear();

        AssertLimited(await ReadAsync(vault, "10.0.0.1", "kv/a"), "kv/a");

        var entries = audit.Requests.ToArray();
        Assert.Equal(enabled ? [("kv/a", "request path \"kv/a\": rate limit quota exceeded")] : [], entries);
    }
}
