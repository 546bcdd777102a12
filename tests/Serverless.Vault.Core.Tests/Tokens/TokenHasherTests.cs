using System.Security.Cryptography;
using System.Text;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenHasherTests
{
    private static readonly byte[] Salt = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("hvs.ABCDEFGHIJKLMNOPQRSTUVWX")]
    [InlineData("root-token")]
    [InlineData("é-non-ascii-ü")]
    public void Hash_IsLowerHexOfTheHmacOfTheUtf8Token_AsStringAndIntoCharacters(string token)
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(token)));
        var hasher = new TokenHasher(Salt);
        var hex = new char[TokenHasher.HexLength];

        hasher.Hash(token, hex);

        Assert.Equal(expected, hasher.Hash(token));
        Assert.Equal(expected, new string(hex));
    }

    [Fact]
    public void Hash_LongerTokenThanTheStackBuffer_MatchesTheHmac()
    {
        var token = "hvb." + new string('x', 2000);

        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(token))), new TokenHasher(Salt).Hash(token));
    }
}
