using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Quotas;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Quotas.QuotaClient;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>What a client sees once over a rate-limit quota: 429, Retry-After, blocking, headers and exempt paths.</summary>
public sealed class RateLimitEnforcementTests : IAsyncLifetime
{
    private TestVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await TestVault.InitializedAsync();
        await _vault.EnableAsync("kv");
    }

    public Task DisposeAsync()
    {
        _vault.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rate_UsedUp_Is429_UntilTheIntervalHasPassed()
    {
        await CreateAsync(_vault, "kv", new JsonObject { ["path"] = "kv/", ["rate"] = 2, ["interval"] = "10s" });

        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/b"));
        Assert.Equal(10, AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/c"), "kv/c"));

        _vault.Time.Advance(TimeSpan.FromSeconds(7.5));
        Assert.Equal(3, AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/c"), "kv/c"));

        _vault.Time.Advance(TimeSpan.FromSeconds(2.5));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/c"));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/c"));
        AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/c"), "kv/c");
    }

    [Fact]
    public async Task BlockInterval_RefusesTheClientForThatLong_EvenAfterTheInterval()
    {
        await CreateAsync(_vault, "kv", new JsonObject { ["path"] = "kv", ["rate"] = 1, ["interval"] = 1, ["block_interval"] = "1m" });

        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
        Assert.Equal(60, AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"), "kv/a"));

        _vault.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(58, AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"), "kv/a"));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.2", "kv/a"));

        _vault.Time.Advance(TimeSpan.FromSeconds(58));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
    }

    [Fact]
    public async Task Clients_AreCountedApart()
    {
        await CreateAsync(_vault, "kv", new JsonObject { ["path"] = "kv/", ["rate"] = 1, ["interval"] = "1h" });

        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
        AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"), "kv/a");
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.2", "kv/a"));
        AssertLimited(await ReadAsync(_vault, "10.0.0.2", "kv/a"), "kv/a");
        AssertNotLimited(await ReadAsync(_vault, "2001:db8::1", "kv/a"));
    }

    [Fact]
    public async Task Headers_WhenEnabled_ReportLimitRemainingAndReset()
    {
        await CreateAsync(_vault, "kv", new JsonObject { ["path"] = "kv/", ["rate"] = 2, ["interval"] = "30s" });
        var silent = await ReadAsync(_vault, "10.0.0.1", "kv/a");
        Assert.Null(silent?.Headers);

        VaultAssert.NoContent(await SendAsync(_vault, Admin, Operation.Update, "sys/quotas/config", new JsonObject { ["enable_rate_limit_response_headers"] = true }));
        var response = await ReadAsync(_vault, "10.0.0.1", "kv/a");
        var limited = await ReadAsync(_vault, "10.0.0.1", "kv/a");

        Assert.Equal("2", response!.Headers![QuotaGate.LimitHeader]);
        Assert.Equal("0", response.Headers[QuotaGate.RemainingHeader]);
        Assert.Equal("30", response.Headers[QuotaGate.ResetHeader]);
        Assert.Equal(30, AssertLimited(limited, "kv/a"));
        Assert.Equal("0", limited!.Headers![QuotaGate.RemainingHeader]);
    }

    [Fact]
    public async Task ExemptPaths_ByDefaultSysHealth_ThenAsConfigured()
    {
        await CreateAsync(_vault, "global", new JsonObject { ["rate"] = 1, ["interval"] = "1h" });

        for (var i = 0; i < 3; i++)
        {
            AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "sys/health"));
        }

        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "sys/mounts"));
        AssertLimited(await ReadAsync(_vault, "10.0.0.1", "sys/mounts"), "sys/mounts");

        // A config write replaces the defaults, as in Vault: sys/health is now counted, sys/mounts and kv/* are not.
        VaultAssert.NoContent(await SendAsync(_vault, Admin, Operation.Update, "sys/quotas/config", new JsonObject { ["rate_limit_exempt_paths"] = new JsonArray("sys/mounts", "kv/*") }));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "sys/mounts"));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/b"));
        AssertLimited(await ReadAsync(_vault, "10.0.0.1", "sys/health"), "sys/health");
    }

    [Fact]
    public async Task ChangedQuota_StartsCountingAfresh_DeletedQuota_LimitsNothing()
    {
        await CreateAsync(_vault, "kv", new JsonObject { ["path"] = "kv/", ["rate"] = 1, ["interval"] = "1h" });
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
        AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"), "kv/a");

        await CreateAsync(_vault, "kv", new JsonObject { ["path"] = "kv/", ["rate"] = 2, ["interval"] = "1h" });
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
        AssertLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"), "kv/a");

        VaultAssert.NoContent(await SendAsync(_vault, Admin, Operation.Delete, "sys/quotas/rate-limit/kv"));
        AssertNotLimited(await ReadAsync(_vault, "10.0.0.1", "kv/a"));
    }
}
