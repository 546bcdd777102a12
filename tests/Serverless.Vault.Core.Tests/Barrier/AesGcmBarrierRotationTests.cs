using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Barrier;

public sealed class AesGcmBarrierRotationTests
{
    private readonly InMemoryStorage _physical = new();

    [Fact]
    public async Task Rotate_OldValues_StayReadableAndNewWritesUseNewTerm()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        using var barrier = await TestBarriers.InitializedAsync(_physical, time: time);
        await barrier.Storage.PutAsync("logical/abc/old", "old value");
        time.Advance(TimeSpan.FromSeconds(5));

        var status = await barrier.RotateAsync(CancellationToken.None);
        await barrier.Storage.PutAsync("logical/abc/new", "new value");

        Assert.Equal(2, status.Term);
        Assert.Equal(time.GetUtcNow(), status.InstallTime);
        Assert.False(status.Reencryption.Completed);
        Assert.Equal(1, await TestBarriers.TermOfAsync(_physical, "logical/abc/old"));
        Assert.Equal(2, await TestBarriers.TermOfAsync(_physical, "logical/abc/new"));
        Assert.Equal("old value", await barrier.Storage.GetStringAsync("logical/abc/old"));
        Assert.Equal("new value", await barrier.Storage.GetStringAsync("logical/abc/new"));
        Assert.Equal(2, (await barrier.GetKeyStatusAsync(CancellationToken.None)).Encryptions); // values only, not the keyring
    }

    [Fact]
    public async Task Get_ValueUnderTermAnotherInstanceRotatedTo_ReloadsKeyring()
    {
        using var a = await TestBarriers.InitializedAsync(_physical);
        using var b = TestBarriers.Over(_physical);
        await b.UnsealAsync(CancellationToken.None);

        await a.RotateAsync(CancellationToken.None);
        await a.Storage.PutAsync("logical/abc/secret", "from a");

        Assert.Equal("from a", await b.Storage.GetStringAsync("logical/abc/secret"));
        Assert.Equal(2, (await b.GetKeyStatusAsync(CancellationToken.None)).Term);
        await b.Storage.PutAsync("logical/abc/other", "from b");
        Assert.Equal(2, await TestBarriers.TermOfAsync(_physical, "logical/abc/other"));
    }

    [Fact]
    public async Task Rotate_TwoInstancesRacing_NoTermLost()
    {
        using var a = await TestBarriers.InitializedAsync(_physical);
        using var b = TestBarriers.Over(_physical);
        await b.UnsealAsync(CancellationToken.None);
        await a.Storage.PutAsync("logical/abc/v1", "one");

        await a.RotateAsync(CancellationToken.None);
        var statusB = await b.RotateAsync(CancellationToken.None); // b's keyring ETag is stale: it reloads a's term.
        await b.Storage.PutAsync("logical/abc/v2", "two");

        Assert.Equal(2, statusB.Term);
        Assert.Equal("two", await a.Storage.GetStringAsync("logical/abc/v2"));
        Assert.Equal("one", await b.Storage.GetStringAsync("logical/abc/v1"));
    }

    [Fact]
    public async Task Get_UnknownTermAfterReload_ThrowsWithoutReinitialising()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);
        await barrier.Storage.PutAsync("logical/abc/secret", "x");
        var value = (await _physical.GetAsync("logical/abc/secret", CancellationToken.None))!.Value;
        value[3] = 9; // term 9 does not exist
        await _physical.PutAsync("logical/abc/secret", value, PutCondition.None, CancellationToken.None);
        var keyringBefore = (await _physical.GetAsync("core/keyring", CancellationToken.None))!.ETag;

        var error = await Assert.ThrowsAsync<BarrierDecryptionException>(() => barrier.Storage.GetAsync("logical/abc/secret", CancellationToken.None));

        Assert.Contains("term 9", error.Message, StringComparison.Ordinal);
        Assert.Equal(keyringBefore, (await _physical.GetAsync("core/keyring", CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Put_KeyringOlderThanBudget_PicksUpAnotherInstancesRotation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var a = await TestBarriers.InitializedAsync(_physical, time: time);
        using var b = TestBarriers.Over(_physical, time: time);
        await b.UnsealAsync(CancellationToken.None);
        await a.RotateAsync(CancellationToken.None);

        await b.Storage.PutAsync("logical/abc/early", "x");
        time.Advance(b.KeyringMaxAge + TimeSpan.FromSeconds(1));
        await b.Storage.PutAsync("logical/abc/late", "y");

        Assert.Equal(1, await TestBarriers.TermOfAsync(_physical, "logical/abc/early"));
        Assert.Equal(2, await TestBarriers.TermOfAsync(_physical, "logical/abc/late"));
    }

    [Fact]
    public async Task Get_BurstOfReadsUnderNewTerm_ReloadsKeyringOnce()
    {
        var recording = new RecordingStorage(_physical);
        using var a = await TestBarriers.InitializedAsync(_physical);
        using var b = TestBarriers.Over(recording);
        await b.UnsealAsync(CancellationToken.None);
        await a.RotateAsync(CancellationToken.None);
        await a.Storage.PutAsync("logical/abc/secret", "from a");
        recording.Clear();

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => b.Storage.GetStringAsync("logical/abc/secret"))));

        Assert.All(reads, r => Assert.Equal("from a", r));
        Assert.Single(recording.Gets, k => k == "core/keyring");
    }
}
