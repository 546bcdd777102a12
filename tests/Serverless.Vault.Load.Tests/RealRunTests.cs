using System.Text.Json.Nodes;

namespace Serverless.Vault.Load.Tests;

public sealed class RealRunTests : IAsyncLifetime
{
    private DevVault? _vault;

    private DevVault Vault => _vault!;

    public async Task InitializeAsync() => _vault = await DevVault.StartAsync();

    public async Task DisposeAsync() => await Vault.DisposeAsync();

    [Fact]
    public async Task ShortRun_OfKvTransitAndHealth_SucceedsEveryCall_AndCleanupRemovesItsMounts()
    {
        var before = await Vault.MountPathsAsync();
        var config = LoadRun.Config(Vault.Address, Vault.RootToken, "2s",
            ("kvv2_read", 50, new JsonObject { ["secret_count"] = 10, ["secret_size"] = 64 }),
            ("transit_encrypt", 30, new JsonObject { ["payload_size"] = 256 }),
            ("sys_health", 20, null));
        config["ratios"] = new JsonArray(new JsonObject { ["name"] = "encrypt vs health", ["subject"] = "transit_encrypt", ["baseline"] = "sys_health", ["kind"] = "p50", ["target"] = 100 });

        var (report, output) = await LoadRun.RunAsync(config);

        Assert.Equal(["kvv2_read", "transit_encrypt", "sys_health"], report.Tests.Select(t => t.Name));
        Assert.All(report.Tests, t =>
        {
            Assert.True(t.Count > 0, $"{t.Name} ran no request");
            Assert.True(t.SuccessRatio == 1, $"{t.Name}: {t.Failures} failures, first: {t.FirstError}");
            Assert.True(t.P50Ms > 0 && t.P50Ms <= t.P99Ms && t.P99Ms <= t.MaxMs, $"{t.Name}: percentiles out of order");
        });
        var ratio = Assert.Single(report.Ratios);
        Assert.True(ratio.Value > 0);
        Assert.Contains("ratio encrypt vs health: transit_encrypt / sys_health (p50)", output, StringComparison.Ordinal);
        Assert.Equal(before, await Vault.MountPathsAsync());
    }

    [Fact]
    public async Task Run_WithCleanupOff_LeavesItsUniqueMounts()
    {
        var config = LoadRun.Config(Vault.Address, Vault.RootToken, "1s",
            ("kvv1_read", 25, new JsonObject { ["secret_count"] = 3 }), ("transit_sign", 25, null), ("transit_verify", 25, null), ("kvv2_write", 25, null));
        config["cleanup"] = false;

        var (report, _) = await LoadRun.RunAsync(config);

        Assert.All(report.Tests, t => Assert.True(t.SuccessRatio == 1, $"{t.Name}: {t.FirstError}"));
        var left = (await Vault.MountPathsAsync()).Where(p => p.StartsWith("load-", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, left.Count);
        Assert.Contains(left, p => p.StartsWith("load-kv-", StringComparison.Ordinal));
        Assert.Contains(left, p => p.StartsWith("load-transit-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthTestsAndMix_Succeed_AndCleanupDisablesTheirAuthMounts()
    {
        var authBefore = await Vault.MountPathsAsync("auth");
        var config = LoadRun.Config(Vault.Address, Vault.RootToken, "1s",
            ("approle_login", 20, null), ("userpass_login", 20, null), ("token_create", 20, null), ("transit_decrypt", 10, null), ("mix", 30, null));

        var (report, _) = await LoadRun.RunAsync(config);

        Assert.All(report.Tests, t =>
        {
            Assert.True(t.Count > 0, $"{t.Name} ran no request");
            Assert.True(t.SuccessRatio == 1, $"{t.Name}: {t.FirstError}");
        });
        Assert.Equal(authBefore, await Vault.MountPathsAsync("auth"));
        Assert.DoesNotContain(await Vault.MountPathsAsync(), p => p.StartsWith("load-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetupFailure_OfALaterTest_StillRemovesTheMountsEarlierTestsMade()
    {
        var before = await Vault.MountPathsAsync();
        var config = LoadRun.Config(Vault.Address, Vault.RootToken, "1s", ("kvv2_read", 50, null), ("database_creds", 50, null));

        var error = await Assert.ThrowsAsync<Config.LoadConfigException>(() => LoadRun.RunAsync(config));

        Assert.Contains("test \"database_creds\" needs option \"connection_url\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Vault.MountPathsAsync());
    }
}
