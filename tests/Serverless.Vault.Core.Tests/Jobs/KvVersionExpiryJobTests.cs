using System.Text.Json.Nodes;
using Serverless.Vault.Core.Engines.Kv;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Jobs;

public sealed class KvVersionExpiryJobTests
{
    [Fact]
    public async Task Read_PastDeleteVersionAfter_Is404BeforeAnyJobRuns()
    {
        using var vault = await PreparedAsync();

        var read = await vault.ReadAsync("secret/data/app");

        Assert.Equal(404, read!.StatusCode);
        Assert.False(read.Data!["metadata"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Run_ExpiredVersion_DestroysItsData()
    {
        using var vault = await PreparedAsync();
        var uuid = await vault.MountUuidAsync("secret");

        await vault.Get<JobRunner>().RunAsync(KvVersionExpiryJob.JobName, CancellationToken.None);

        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.True(metadata["versions"]!["1"]!["destroyed"]!.GetValue<bool>());
        Assert.True(metadata["versions"]!["2"]!["destroyed"]!.GetValue<bool>());
        Assert.DoesNotContain(await vault.PhysicalKeysAsync($"logical/{uuid}/m/"), k => k.Contains('\u0001', StringComparison.Ordinal));
        VaultAssert.NoContent(await vault.WriteAsync("secret/undelete/app", new JsonObject { ["versions"] = new JsonArray(1, 2) }));
        Assert.Equal(404, (await vault.ReadAsync("secret/data/app"))!.StatusCode);
    }

    [Fact]
    public async Task Run_VersionUndeletedByHand_IsKept()
    {
        using var vault = await PreparedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("secret/undelete/app", new JsonObject { ["versions"] = new JsonArray(2) }));

        await vault.Get<JobRunner>().RunAsync(KvVersionExpiryJob.JobName, CancellationToken.None);

        var read = VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
        Assert.Equal("v2", read["data"]!["k"]!.GetValue<string>());
        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.True(metadata["versions"]!["1"]!["destroyed"]!.GetValue<bool>());
    }

    /// <summary>Two versions written under a one-hour delete_version_after, then 61 minutes pass.</summary>
    private static async Task<TestVault> PreparedAsync()
    {
        var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("secret", "kv-v2");
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        VaultAssert.Ok(await vault.WriteAsync("secret/data/app", new JsonObject { ["data"] = new JsonObject { ["k"] = "v1" } }));
        VaultAssert.Ok(await vault.WriteAsync("secret/data/app", new JsonObject { ["data"] = new JsonObject { ["k"] = "v2" } }));
        vault.Time.Advance(TimeSpan.FromMinutes(61));
        return vault;
    }
}
