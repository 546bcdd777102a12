using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Quotas;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>With no quota defined the gate must cost next to nothing: no storage read inside the bound, no allocation.</summary>
public sealed class QuotaGateCostTests
{
    [Fact]
    public async Task NoQuota_ReadsTheQuotaRowOncePerStalenessBound()
    {
        var physical = new KeyReadCounter(new InMemoryStorage(), QuotaStore.TableKey);
        using var vault = await TestVault.InitializedAsync(services => services.AddSingleton<IStorage>(physical));
        await vault.ReadAsync("sys/mounts");
        var before = physical.Reads;

        for (var i = 0; i < 50; i++)
        {
            Assert.Null((await vault.ReadAsync("sys/mounts"))?.StatusCode);
        }

        Assert.Equal(before, physical.Reads);
        vault.Time.Advance(QuotaStore.StalenessBudget);
        await vault.ReadAsync("sys/mounts");
        Assert.Equal(before + 1, physical.Reads);
    }

    [Fact]
    public async Task NoQuota_CheckCompletesSynchronously_WithoutAllocating()
    {
        using var vault = await TestVault.InitializedAsync();
        var gate = vault.Get<IQuotaGate>();
        var request = new VaultRequest
        {
            RequestId = "r",
            Operation = Operation.Read,
            Path = "mounts",
            OriginalPath = "sys/mounts",
            Mount = SystemMount.Sys,
            RemoteAddress = "10.0.0.1",
            Data = new JsonObject(),
        };
        await gate.CheckAsync(request, CancellationToken.None);
        Assert.True(gate.CheckAsync(request, CancellationToken.None).IsCompletedSuccessfully);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var passed = CheckMany(gate, request, 1000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.Equal(1000, passed);
    }

    /// <summary>How many of <paramref name="count"/> checks completed at once with no headers.</summary>
    private static int CheckMany(IQuotaGate gate, VaultRequest request, int count)
    {
        var passed = 0;
        for (var i = 0; i < count; i++)
        {
            var check = gate.CheckAsync(request, CancellationToken.None);
            passed += check.IsCompletedSuccessfully && check.Result is null ? 1 : 0;
        }

        return passed;
    }
}
