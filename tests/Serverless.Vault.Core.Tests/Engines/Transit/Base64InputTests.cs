using System.Text.Json.Nodes;
using Serverless.Vault.Core.Engines.Transit;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class Base64InputTests
{
    [Theory]
    [InlineData("\"QUJD\"")]
    [InlineData("\"+/+/\"")]
    [InlineData("\"\\u002B\\u002f\\/+\"")]
    [InlineData("\"QQ==\"")]
    [InlineData("\"\"")]
    [InlineData("\"QUJD\\u002BQUJ\\/\\u002b\\u002FA\"")]
    public void TryDecodeJsonString_WellFormedBodyValue_SameBytesAsTheString(string json)
    {
        var node = JsonNode.Parse("{\"v\":" + json + "}")!["v"];

        var fast = Base64Input.TryDecodeJsonString(node);

        Assert.NotNull(fast);
        Assert.Equal(Base64Input.Decode(node!.GetValue<string>()), fast);
    }

    [Theory]
    [InlineData("\"QU JD\"")]
    [InlineData("\"QUJD\\n\"")]
    [InlineData("\"QUJD\\u0020\"")]
    [InlineData("\"QUJ\"")]
    [InlineData("\"QUJD=\"")]
    [InlineData("\"QUJ\\u00e9\"")]
    [InlineData("\"QUJD\\u002C\"")]
    [InlineData("\"QUJD\\\\\"")]
    [InlineData("\"QUJD\\t\"")]
    [InlineData("42")]
    public void TryDecodeJsonString_WhitespaceOtherEscapesOrBadInput_LeavesItToTheStringPath(string json)
    {
        var node = JsonNode.Parse("{\"v\":" + json + "}")!["v"];

        Assert.Null(Base64Input.TryDecodeJsonString(node));
    }

    [Fact]
    public void TryDecodeJsonString_LongEscapedValue_SameBytesAsTheString()
    {
        // Escapes spread over 5 KiB of base64: each one moves the rest of the copy.
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        var escaped = Convert.ToBase64String(bytes).Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);
        var node = JsonNode.Parse("{\"v\":\"" + escaped + "\"}")!["v"];

        Assert.Equal(bytes, Base64Input.TryDecodeJsonString(node));
    }

    [Fact]
    public void TryDecodeJsonString_NodeBuiltInCode_LeavesItToTheStringPath() =>
        Assert.Null(Base64Input.TryDecodeJsonString(JsonValue.Create("QUJD")));

    [Fact]
    public void TryDecode_UnicodeOrPaddingInside_Refused()
    {
        Assert.False(Base64Input.TryDecode("QU\u00e9D", out _));
        Assert.False(Base64Input.TryDecode("QQ==QUJD", out _));
        Assert.True(Base64Input.TryDecode("QUJD", out var bytes));
        Assert.Equal("ABC"u8.ToArray(), bytes);
    }
}
