using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Engines.Transit;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class KeyCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Install_ReplacedPolicyInUse_ZeroedOnlyWhenTheLastLeaseEnds()
    {
        var cache = new KeyCache(new FakeTimeProvider(Now));
        var first = cache.Install("k", Record(), "etag-1");
        Assert.True(first.TryAcquire());
        var lease = new KeyLease(first);
        var bytes = first.Version(1).Key;

        cache.Install("k", Record().Rotated(Now), "etag-2");

        Assert.Contains(bytes, b => b != 0);
        lease.Dispose();
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.All(first.Version(1).HmacKey, b => Assert.Equal(0, b));
        Assert.False(first.TryAcquire());
    }

    [Fact]
    public void Forget_UnusedPolicy_ZeroedAtOnce()
    {
        var cache = new KeyCache(new FakeTimeProvider(Now));
        var policy = cache.Install("k", Record(), "etag");
        var bytes = policy.Version(1).Key;

        cache.Forget("k");

        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Lease_DisposedTwice_ReleasesOnce()
    {
        var cache = new KeyCache(new FakeTimeProvider(Now));
        var policy = cache.Install("k", Record(), "etag");
        Assert.True(policy.TryAcquire());
        var lease = new KeyLease(policy);

        lease.Dispose();
        lease.Dispose();

        Assert.Contains(policy.Version(1).Key, b => b != 0);
    }

    private static KeyPolicyRecord Record() =>
        new KeyPolicyRecord { Name = "k", Type = "aes256-gcm96" }.Rotated(Now);
}
