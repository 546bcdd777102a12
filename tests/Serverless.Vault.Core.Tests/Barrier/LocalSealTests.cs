using System.Security.Cryptography;
using Serverless.Vault.Core.Barrier;

namespace Serverless.Vault.Core.Tests.Barrier;

public sealed class LocalSealTests
{
    [Fact]
    public async Task Unwrap_WrappedBySameKey_ReturnsOriginal()
    {
        var rootKey = RandomNumberGenerator.GetBytes(32);
        using var seal = LocalSeal.FromBase64(Convert.ToBase64String(TestBarriers.SealKey));

        var wrapped = await seal.WrapAsync(rootKey, CancellationToken.None);

        Assert.Equal("local", seal.Type);
        Assert.Equal(12 + 32 + 16, wrapped.Length);
        Assert.Equal(-1, wrapped.AsSpan().IndexOf(rootKey));
        Assert.Equal(rootKey, await seal.UnwrapAsync(wrapped, CancellationToken.None));
    }

    [Fact]
    public async Task Unwrap_WrongKey_ThrowsSealUnavailable()
    {
        using var seal = LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32));
        using var other = LocalSeal.FromKey(RandomNumberGenerator.GetBytes(32));
        var wrapped = await seal.WrapAsync(RandomNumberGenerator.GetBytes(32), CancellationToken.None);

        await Assert.ThrowsAsync<SealUnavailableException>(() => other.UnwrapAsync(wrapped, CancellationToken.None));
    }

    [Fact]
    public async Task Unwrap_TamperedOrTruncated_ThrowsSealUnavailable()
    {
        using var seal = LocalSeal.FromKey(TestBarriers.SealKey);
        var wrapped = await seal.WrapAsync(RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        var tampered = (byte[])wrapped.Clone();
        tampered[20] ^= 1;

        await Assert.ThrowsAsync<SealUnavailableException>(() => seal.UnwrapAsync(tampered, CancellationToken.None));
        await Assert.ThrowsAsync<SealUnavailableException>(() => seal.UnwrapAsync(wrapped.AsMemory(0, 20), CancellationToken.None));
    }

    [Fact]
    public async Task FromKeyFile_Base64OrRawKey_UnwrapsTheSame()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var base64File = Path.Combine(dir.FullName, "seal.b64");
            var rawFile = Path.Combine(dir.FullName, "seal.bin");
            await File.WriteAllTextAsync(base64File, Convert.ToBase64String(TestBarriers.SealKey) + "\n");
            await File.WriteAllBytesAsync(rawFile, TestBarriers.SealKey);
            using var fromBase64 = LocalSeal.FromKeyFile(base64File);
            using var fromRaw = LocalSeal.FromKeyFile(rawFile);

            var wrapped = await fromBase64.WrapAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);

            Assert.Equal(new byte[] { 1, 2, 3 }, await fromRaw.UnwrapAsync(wrapped, CancellationToken.None));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void FromBase64_BadKey_ThrowsArgument(string key)
    {
        Assert.Throws<ArgumentException>(() => LocalSeal.FromBase64(key));
    }
}
