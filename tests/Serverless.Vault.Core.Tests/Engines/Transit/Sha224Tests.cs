using System.Text;
using Serverless.Vault.Core.Engines.Transit;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class Sha224Tests
{
    [Theory]
    [InlineData("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [InlineData("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    public void HashData_FipsVectors_Match(string message, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Sha224.HashData(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void HashData_MillionAs_Matches()
    {
        Assert.Equal("20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67", Convert.ToHexStringLower(Sha224.HashData(new byte[1_000_000].Select(_ => (byte)'a').ToArray())));
    }

    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44")]
    public void Hmac_Rfc4231Vectors_Match(string key, string data, string expected)
    {
        Assert.Equal(expected, Convert.ToHexStringLower(Sha224.Hmac(Convert.FromHexString(key), Convert.FromHexString(data))));
    }

    [Fact]
    public void Hmac_KeyLongerThanABlock_IsHashedFirst()
    {
        // RFC 4231 test case 6: a 131-byte key.
        var key = Enumerable.Repeat((byte)0xaa, 131).ToArray();
        var data = Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First");

        Assert.Equal("95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e", Convert.ToHexStringLower(Sha224.Hmac(key, data)));
    }
}
