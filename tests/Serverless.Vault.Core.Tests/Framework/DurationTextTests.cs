using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(45L, "45s")]
    [InlineData(90L, "1m30s")]
    [InlineData(3600L, "1h0m0s")]
    [InlineData(12319L, "3h25m19s")]
    [InlineData(2764800L, "768h0m0s")]
    public void Format_WholeSeconds_PrintsLikeGo(long seconds, string expected)
    {
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Format_FractionOfSecond_IsTruncated()
    {
        Assert.Equal("1s", DurationText.Format(TimeSpan.FromMilliseconds(1900)));
    }

    [Theory]
    [InlineData("300", 300.0)]
    [InlineData(" 5m ", 300.0)]
    [InlineData("1h1m1s", 3661.0)]
    [InlineData("1500ms", 1.5)]
    public void Parse_ValidText_ReturnsDuration(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));
    }

    [Theory]
    [InlineData("5y")]
    [InlineData("m")]
    [InlineData("-5")]
    public void Parse_InvalidText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => DurationText.Parse(text));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(59L)]
    [InlineData(3599L)]
    [InlineData(86399L)]
    public void FormatThenParse_RoundTrips(long seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);

        Assert.Equal(duration, DurationText.Parse(DurationText.Format(duration)));
    }
}
