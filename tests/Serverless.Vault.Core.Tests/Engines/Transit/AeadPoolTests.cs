using System.Security.Cryptography;
using Serverless.Vault.Core.Engines.Transit;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class AeadPoolTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Rent_AfterReturn_ReusesTheInstance()
    {
        var pool = new AeadPool();
        var first = pool.Rent(TransitKeyType.Aes256Gcm96, Key);
        pool.Return(first);

        Assert.Same(first, pool.Rent(TransitKeyType.Aes256Gcm96, Key));
    }

    [Fact]
    public void Rent_WhileLent_GivesAnotherInstance()
    {
        var pool = new AeadPool();
        var first = pool.Rent(TransitKeyType.Aes256Gcm96, Key);

        Assert.NotSame(first, pool.Rent(TransitKeyType.Aes256Gcm96, Key));
    }

    [Fact]
    public void Clear_PooledAndLaterReturned_Disposed()
    {
        var pool = new AeadPool();
        var pooled = pool.Rent(TransitKeyType.Aes256Gcm96, Key);
        var lent = pool.Rent(TransitKeyType.Aes256Gcm96, Key);
        pool.Return(pooled);

        pool.Clear();
        pool.Return(lent);

        Assert.Throws<ObjectDisposedException>(() => Seal(pooled));
        Assert.Throws<ObjectDisposedException>(() => Seal(lent));
        Assert.NotSame(pooled, pool.Rent(TransitKeyType.Aes256Gcm96, Key));
    }

    [Fact]
    public void Release_LastLeaseOfAPolicy_DisposesItsPooledCiphers()
    {
        var record = new KeyPolicyRecord { Name = "k", Type = "aes256-gcm96" }.Rotated(DateTimeOffset.UnixEpoch);
        var policy = new KeyPolicy(record, "etag");
        var version = policy.Version(1);
        var aead = version.Aeads.Rent(policy.KeyType, version.Key);
        version.Aeads.Return(aead);

        policy.Release();

        Assert.Throws<ObjectDisposedException>(() => Seal(aead));
    }

    private static void Seal(ITransitAead aead) => aead.Encrypt(new byte[12], new byte[4], new byte[4], new byte[16], []);
}
