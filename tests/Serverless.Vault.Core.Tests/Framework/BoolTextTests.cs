using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class BoolTextTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("t")]
    [InlineData("T")]
    [InlineData("TRUE")]
    [InlineData("true")]
    [InlineData("True")]
    public void Parse_GoTrueSpelling_ReturnsTrue(string text)
    {
        Assert.True(BoolText.Parse(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("f")]
    [InlineData("F")]
    [InlineData("FALSE")]
    [InlineData("false")]
    [InlineData("False")]
    public void Parse_GoFalseSpelling_ReturnsFalse(string text)
    {
        Assert.False(BoolText.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("tRUE")]
    [InlineData("fAlse")]
    [InlineData(" true")]
    [InlineData("2")]
    [InlineData("on")]
    public void Parse_OtherText_ReturnsNull(string text)
    {
        Assert.Null(BoolText.Parse(text));
    }
}
