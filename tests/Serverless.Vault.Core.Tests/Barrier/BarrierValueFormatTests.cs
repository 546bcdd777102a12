using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Storage;

namespace Serverless.Vault.Core.Tests.Barrier;

public sealed class BarrierValueFormatTests
{
    private const string Path = "logical/5f1c/data/app/db";

    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] Nonce = [.. Enumerable.Range(0xa0, 12).Select(i => (byte)i)];

    [Fact]
    public void Encrypt_FixedKeyNonceAndPath_MatchesIndependentVector()
    {
        // Computed once with Python's `cryptography` AESGCM(key).encrypt(nonce, b"s3cr3t: hunter2", path), prefixed by
        // term 7 big-endian, version 1 and the nonce: the layout is pinned, not just self-consistent.
        const string expected = "0000000701a0a1a2a3a4a5a6a7a8a9aaab952b1f5f76bf389f0a10e9a76208f2c126bb144a4531049183cf20cefd6ad7";

        var value = BarrierValueFormat.Encrypt(7, Key, Nonce, Path, Encoding.UTF8.GetBytes("s3cr3t: hunter2"));

        Assert.Equal(expected, Convert.ToHexStringLower(value));
        Assert.Equal("s3cr3t: hunter2", Encoding.UTF8.GetString(BarrierValueFormat.Decrypt(Key, Path, Convert.FromHexString(expected))));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_UsesFreshNonces()
    {
        var first = BarrierValueFormat.Encrypt(1, Key, Path, "same"u8);
        var second = BarrierValueFormat.Encrypt(1, Key, Path, "same"u8);

        Assert.NotEqual(first, second);
        Assert.Equal(BarrierValueFormat.Overhead + 4, first.Length);
    }

    [Fact]
    public void Decrypt_TruncatedValue_Throws()
    {
        var value = BarrierValueFormat.Encrypt(1, Key, Path, "some secret"u8);

        for (var length = 0; length < value.Length; length++)
        {
            Assert.Throws<BarrierDecryptionException>(() => BarrierValueFormat.Decrypt(Key, Path, value.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Decrypt_OtherPath_Throws()
    {
        var value = BarrierValueFormat.Encrypt(1, Key, Path, "some secret"u8);

        Assert.Throws<BarrierDecryptionException>(() => BarrierValueFormat.Decrypt(Key, Path + "x", value));
    }

    [Fact]
    public void Decrypt_WrongKey_Throws()
    {
        var value = BarrierValueFormat.Encrypt(1, Key, Path, "some secret"u8);

        Assert.Throws<BarrierDecryptionException>(() => BarrierValueFormat.Decrypt(RandomNumberGenerator.GetBytes(32), Path, value));
    }

    [Fact]
    public void MaxPlaintextBytes_FilledValue_FitsStorageLimit()
    {
        Assert.Equal(StorageLimits.MaxValueBytes, AesGcmBarrier.MaxPlaintextBytes + 33);
    }
}
