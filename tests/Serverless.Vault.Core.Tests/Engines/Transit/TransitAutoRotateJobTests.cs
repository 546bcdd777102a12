using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Engines.Transit;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitAutoRotateJobTests
{
    private static readonly JsonObject HourlyKey = new() { ["auto_rotate_period"] = "1h" };

    [Fact]
    public async Task Run_PeriodPassed_AddsVersionUsedForEncryption()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", HourlyKey.DeepClone().AsObject());
        vault.Time.Advance(TimeSpan.FromMinutes(61));

        await Job(vault).RunAsync(CancellationToken.None);

        Assert.Equal(2, (await vault.StoredKeyAsync("k")).LatestVersion);
        Assert.StartsWith("vault:v2:", await vault.EncryptAsync("k", B64("x")), StringComparison.Ordinal);
        Assert.Equal(2, VaultAssert.Ok(await vault.ReadAsync("transit/keys/k"))["latest_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Run_BeforePeriod_LeavesKeyAlone()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", HourlyKey.DeepClone().AsObject());
        vault.Time.Advance(TimeSpan.FromMinutes(59));

        await Job(vault).RunAsync(CancellationToken.None);

        Assert.Equal(1, (await vault.StoredKeyAsync("k")).LatestVersion);
    }

    [Fact]
    public async Task Run_NoPeriod_NeverRotates()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        vault.Time.Advance(TimeSpan.FromDays(400));

        await Job(vault).RunAsync(CancellationToken.None);

        Assert.Equal(1, (await vault.StoredKeyAsync("k")).LatestVersion);
    }

    [Fact]
    public async Task Run_Repeated_RotatesOncePerPeriodCountedFromTheLatestVersion()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", HourlyKey.DeepClone().AsObject());
        vault.Time.Advance(TimeSpan.FromMinutes(61));

        await Job(vault).RunAsync(CancellationToken.None);
        await Job(vault).RunAsync(CancellationToken.None);
        Assert.Equal(2, (await vault.StoredKeyAsync("k")).LatestVersion);

        vault.Time.Advance(TimeSpan.FromMinutes(59));
        await Job(vault).RunAsync(CancellationToken.None);
        Assert.Equal(2, (await vault.StoredKeyAsync("k")).LatestVersion);

        vault.Time.Advance(TimeSpan.FromMinutes(2));
        await Job(vault).RunAsync(CancellationToken.None);
        Assert.Equal(3, (await vault.StoredKeyAsync("k")).LatestVersion);
    }

    [Fact]
    public async Task Run_PeriodSetLaterByConfig_RotatesOnlyKeysThatAreDue()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("due");
        await vault.CreateKeyAsync("fresh");
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/due/config", new JsonObject { ["auto_rotate_period"] = 3600 }));
        vault.Time.Advance(TimeSpan.FromHours(2));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/fresh/rotate"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/fresh/config", new JsonObject { ["auto_rotate_period"] = "1h" }));

        await Job(vault).RunAsync(CancellationToken.None);

        Assert.Equal(2, (await vault.StoredKeyAsync("due")).LatestVersion);
        Assert.Equal(2, (await vault.StoredKeyAsync("fresh")).LatestVersion);
    }

    [Fact]
    public async Task Run_TwoInstancesAtOnce_OneNewVersion()
    {
        using var first = await WithTransitAsync();
        await first.CreateKeyAsync("k", HourlyKey.DeepClone().AsObject());
        using var second = first.SecondInstance();
        var old = await first.EncryptAsync("k", B64("old"));

        for (var period = 1; period <= 10; period++)
        {
            first.Time.Advance(TimeSpan.FromMinutes(61));
            second.Time.Advance(TimeSpan.FromMinutes(61));

            await Task.WhenAll(
                Task.Run(() => Job(first).RunAsync(CancellationToken.None)),
                Task.Run(() => Job(second).RunAsync(CancellationToken.None)));

            Assert.Equal(1 + period, (await first.StoredKeyAsync("k")).LatestVersion);
        }

        Assert.Equal(B64("old"), await second.DecryptAsync("k", old));
    }

    [Fact]
    public async Task Run_UnreadableKeyRow_OtherKeysStillRotate()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", HourlyKey.DeepClone().AsObject());
        var uuid = await vault.MountUuidAsync("transit");
        var storage = new StorageView(vault.Get<IBarrier>().Storage, $"logical/{uuid}/");
        await storage.PutAsync(TransitStorageKeys.Policy("a-broken"), "not json"u8.ToArray(), PutCondition.None, CancellationToken.None);
        vault.Time.Advance(TimeSpan.FromMinutes(61));

        await Job(vault).RunAsync(CancellationToken.None);

        Assert.Equal(2, (await vault.StoredKeyAsync("k")).LatestVersion);
    }

    [Fact]
    public async Task Runner_KnowsTheJobByName()
    {
        using var vault = await WithTransitAsync();
        var job = Assert.Single(vault.Get<JobRunner>().Jobs, j => j.Name == TransitAutoRotateJob.JobName);
        Assert.Equal(TimeSpan.FromHours(1), job.Interval);
    }

    private static TransitAutoRotateJob Job(TestVault vault) =>
        vault.Services.GetServices<IVaultJob>().OfType<TransitAutoRotateJob>().Single();
}
