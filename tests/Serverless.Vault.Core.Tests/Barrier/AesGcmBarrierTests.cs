using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Barrier;

public sealed class AesGcmBarrierTests
{
    private readonly InMemoryStorage _physical = new();

    [Fact]
    public async Task Storage_PutThenGet_RoundTrips()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);

        await barrier.Storage.PutAsync("logical/abc/secret", "hunter2");

        Assert.Equal("hunter2", await barrier.Storage.GetStringAsync("logical/abc/secret"));
        Assert.Null(await barrier.Storage.GetAsync("logical/abc/missing", CancellationToken.None));
    }

    [Fact]
    public async Task Storage_AfterPut_PhysicalHoldsNoPlaintext()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);
        const string secret = "correct horse battery staple";

        await barrier.Storage.PutAsync("logical/abc/secret", secret);

        var stored = (await _physical.GetAsync("logical/abc/secret", CancellationToken.None))!.Value;
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(1, await TestBarriers.TermOfAsync(_physical, "logical/abc/secret"));
        foreach (var key in new[] { "core/keyring", "core/root-key" })
        {
            var raw = (await _physical.GetAsync(key, CancellationToken.None))!.Value;
            foreach (var term in Keyring(barrier).Terms)
            {
                Assert.Equal(-1, raw.AsSpan().IndexOf(term.Key));
                Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Convert.ToBase64String(term.Key))));
            }
        }
    }

    [Fact]
    public async Task Storage_AnyFlippedBitInStoredValue_ThrowsDecryptionError()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);
        await barrier.Storage.PutAsync("logical/abc/secret", "tiny");
        var value = (await _physical.GetAsync("logical/abc/secret", CancellationToken.None))!.Value;

        for (var position = 0; position < value.Length; position++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var tampered = (byte[])value.Clone();
                tampered[position] ^= (byte)(1 << bit);
                await _physical.PutAsync("logical/abc/secret", tampered, PutCondition.None, CancellationToken.None);
                await Assert.ThrowsAsync<BarrierDecryptionException>(() => barrier.Storage.GetAsync("logical/abc/secret", CancellationToken.None));
            }
        }
    }

    [Fact]
    public async Task Storage_TruncatedValue_ThrowsDecryptionError()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);
        await barrier.Storage.PutAsync("logical/abc/secret", "a secret");
        var value = (await _physical.GetAsync("logical/abc/secret", CancellationToken.None))!.Value;

        foreach (var length in new[] { 0, 4, 17, 33, value.Length - 1 })
        {
            await _physical.PutAsync("logical/abc/secret", value.AsMemory(0, length), PutCondition.None, CancellationToken.None);
            await Assert.ThrowsAsync<BarrierDecryptionException>(() => barrier.Storage.GetAsync("logical/abc/secret", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Storage_TwoRowsCiphertextsSwapped_BothFail()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);
        await barrier.Storage.PutAsync("logical/abc/alice", "alice's password");
        await barrier.Storage.PutAsync("logical/abc/bob", "bob's password");
        var alice = (await _physical.GetAsync("logical/abc/alice", CancellationToken.None))!.Value;
        var bob = (await _physical.GetAsync("logical/abc/bob", CancellationToken.None))!.Value;

        await _physical.PutAsync("logical/abc/alice", bob, PutCondition.None, CancellationToken.None);
        await _physical.PutAsync("logical/abc/bob", alice, PutCondition.None, CancellationToken.None);

        await Assert.ThrowsAsync<BarrierDecryptionException>(() => barrier.Storage.GetAsync("logical/abc/alice", CancellationToken.None));
        await Assert.ThrowsAsync<BarrierDecryptionException>(() => barrier.Storage.GetAsync("logical/abc/bob", CancellationToken.None));
    }

    [Theory]
    [InlineData("core/keyring")]
    [InlineData("core/root-key")]
    [InlineData("core/keyring/x")]
    public async Task Storage_BarrierOwnedKey_IsUnreachable(string key)
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);

        await Assert.ThrowsAsync<ArgumentException>(() => barrier.Storage.GetAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => barrier.Storage.PutAsync(key, "x"));
        await Assert.ThrowsAsync<ArgumentException>(() => barrier.Storage.DeleteAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task Storage_ValueOverMaxPlaintext_ThrowsLimit()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);

        await barrier.Storage.PutAsync("big", new byte[AesGcmBarrier.MaxPlaintextBytes], PutCondition.None, CancellationToken.None);
        await Assert.ThrowsAsync<StorageLimitException>(() =>
            barrier.Storage.PutAsync("big", new byte[AesGcmBarrier.MaxPlaintextBytes + 1], PutCondition.None, CancellationToken.None));
    }

    [Fact]
    public async Task Storage_WhileSealed_ThrowsSealed()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);
        barrier.Seal();

        Assert.True(barrier.IsSealed);
        await Assert.ThrowsAsync<SealedException>(() => barrier.Storage.GetAsync("logical/abc/secret", CancellationToken.None));
        await Assert.ThrowsAsync<SealedException>(() => barrier.Storage.PutAsync("logical/abc/secret", "x"));
        await Assert.ThrowsAsync<SealedException>(() => barrier.Storage.ListAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task Seal_KeysInMemory_AreZeroed()
    {
        var barrier = await TestBarriers.InitializedAsync(_physical);
        var key = Keyring(barrier).Active.Key;

        barrier.Seal();

        Assert.All(key, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Initialize_Twice_IsRefused()
    {
        using var barrier = await TestBarriers.InitializedAsync(_physical);
        using var other = TestBarriers.Over(_physical);

        await Assert.ThrowsAsync<InvalidOperationException>(() => other.InitializeAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => barrier.InitializeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Initialize_ManyInstancesRacing_ExactlyOneSucceeds()
    {
        var barriers = Enumerable.Range(0, 8).Select(_ => TestBarriers.Over(_physical)).ToArray();

        var results = await Task.WhenAll(barriers.Select(async b =>
        {
            try
            {
                await Task.Yield();
                await b.InitializeAsync(CancellationToken.None);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }));

        Assert.Equal(1, results.Count(r => r));
        using var fresh = TestBarriers.Over(_physical);
        await fresh.UnsealAsync(CancellationToken.None);
        Assert.False(fresh.IsSealed);
    }

    [Fact]
    public async Task Unseal_FreshInstance_ReadsWhatAnotherWrote()
    {
        using (var first = await TestBarriers.InitializedAsync(_physical))
        {
            await first.Storage.PutAsync("logical/abc/secret", "hunter2");
        }

        using var second = TestBarriers.Over(_physical);
        Assert.True(second.IsSealed);
        Assert.True(await second.IsInitializedAsync(CancellationToken.None));
        await second.UnsealAsync(CancellationToken.None);

        Assert.Equal("hunter2", await second.Storage.GetStringAsync("logical/abc/secret"));
    }

    [Fact]
    public async Task Unseal_WrongSealKey_ThrowsSealUnavailableAndStaysSealed()
    {
        using var first = await TestBarriers.InitializedAsync(_physical);
        using var second = TestBarriers.Over(_physical, LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32)));

        await Assert.ThrowsAsync<SealUnavailableException>(() => second.UnsealAsync(CancellationToken.None));
        Assert.True(second.IsSealed);
    }

    [Fact]
    public async Task Unseal_SealReturnsWrongRootKey_ThrowsSealUnavailable()
    {
        using var first = await TestBarriers.InitializedAsync(_physical);
        using var second = TestBarriers.Over(_physical, new WrongRootKeySeal());

        var error = await Assert.ThrowsAsync<SealUnavailableException>(() => second.UnsealAsync(CancellationToken.None));
        Assert.Contains("wrong key", error.Message, StringComparison.Ordinal);
        Assert.True(second.IsSealed);
    }

    private static Keyring Keyring(AesGcmBarrier barrier) => barrier.CurrentKeyring!;

    /// <summary>A seal that "unwraps" to some other 32-byte key, as a misconfigured KEK with a lax format would.</summary>
    private sealed class WrongRootKeySeal : ISeal
    {
        public string Type => LocalSeal.SealType;

        public Task<byte[]> WrapAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken) => Task.FromResult(key.ToArray());

        public Task<byte[]> UnwrapAsync(ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken) =>
            Task.FromResult(RandomNumberGenerator.GetBytes(32));
    }
}
