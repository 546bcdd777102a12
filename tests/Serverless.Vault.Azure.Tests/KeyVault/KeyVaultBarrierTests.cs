using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Azure.Tests.KeyVault;

public sealed class KeyVaultBarrierTests : IAsyncLifetime
{
    private readonly InMemoryStorage _physical = new();
    private FakeKeyVault _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Barrier_InitialisedWithKeyVaultSeal_UnsealsInFreshInstance()
    {
        using (var first = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake)))
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.Storage.PutAsync("logical/m/secret", "hunter2"u8.ToArray(), PutCondition.None, CancellationToken.None);
        }

        using var fresh = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake));
        await fresh.UnsealAsync(CancellationToken.None);

        var entry = await fresh.Storage.GetAsync("logical/m/secret", CancellationToken.None);
        Assert.Equal("hunter2", Encoding.UTF8.GetString(entry!.Value));
        var rootKeyRecord = Encoding.UTF8.GetString((await _physical.GetAsync("core/root-key", CancellationToken.None))!.Value);
        Assert.Contains("\"seal_type\":\"azurekeyvault\"", rootKeyRecord, StringComparison.Ordinal);
        Assert.Single(_fake.Requests, r => r.Path.EndsWith("/unwrapkey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RewrapRootKey_AfterSealKeyRotation_NewVersionWrapsAndUnseals()
    {
        using var barrier = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake));
        await barrier.InitializeAsync(CancellationToken.None);
        await barrier.Storage.PutAsync("logical/m/secret", "hunter2"u8.ToArray(), PutCondition.None, CancellationToken.None);
        var firstVersion = _fake.LatestVersion;

        var newVersion = _fake.RotateKey();
        await barrier.RewrapRootKeyAsync(CancellationToken.None);

        Assert.NotEqual(firstVersion, newVersion);
        Assert.EndsWith($"/keys/{FakeKeyVault.KeyName}/wrapkey", _fake.Requests[^1].Path, StringComparison.Ordinal);
        using var fresh = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake));
        await fresh.UnsealAsync(CancellationToken.None);
        Assert.Equal("hunter2", Encoding.UTF8.GetString((await fresh.Storage.GetAsync("logical/m/secret", CancellationToken.None))!.Value));
        Assert.EndsWith($"/keys/{FakeKeyVault.KeyName}/{newVersion}/unwrapkey", _fake.Requests[^1].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RewrapRootKey_Sealed_Refused()
    {
        using (var first = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake)))
        {
            await first.InitializeAsync(CancellationToken.None);
        }

        var requests = _fake.Requests.Count;
        using var sealedBarrier = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake));
        await Assert.ThrowsAsync<SealedException>(() => sealedBarrier.RewrapRootKeyAsync(CancellationToken.None));
        Assert.Equal(requests, _fake.Requests.Count);
    }

    [Fact]
    public async Task Coordinator_KeyVaultFailing_StaysSealedThenUnsealsOnceItRecovers()
    {
        using (var first = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake)))
        {
            await first.InitializeAsync(CancellationToken.None);
        }

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var barrier = new AesGcmBarrier(_physical, FakeKeyVaultClients.Seal(_fake, time: time), time);
        var coordinator = new UnsealCoordinator(barrier, time);
        _fake.FailWith(HttpStatusCode.TooManyRequests, "20");

        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.True(barrier.IsSealed);
        var calls = _fake.Requests.Count;

        _fake.Recover();
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None)); // Retry-After still running
        Assert.Equal(calls, _fake.Requests.Count);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await coordinator.TryEnsureUnsealedAsync(CancellationToken.None));
        Assert.False(barrier.IsSealed);
        Assert.Equal(calls + 1, _fake.Requests.Count);
    }
}
