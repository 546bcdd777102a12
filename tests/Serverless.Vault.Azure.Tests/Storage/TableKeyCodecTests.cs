using Serverless.Vault.Azure.Storage;

namespace Serverless.Vault.Azure.Tests.Storage;

public sealed class TableKeyCodecTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("100%", "100%25")]
    [InlineData("#?\\", "%23%3F%5C")]
    [InlineData("tab\t\u007F\u0085", "tab%09%7F%85")]
    [InlineData("caf\u00E9 \U0001F600 it's", "caf\u00E9 \U0001F600 it's")]
    [InlineData("%uD800", "%25uD800")]
    public void Escape_Text_GivesTableSafeKeyThatUnescapesBack(string text, string escaped)
    {
        Assert.Equal(escaped, TableKeyCodec.Escape(text));
        Assert.Equal(text, TableKeyCodec.Unescape(escaped));
    }

    [Fact]
    public void Escape_LoneSurrogate_GivesWideEscape()
    {
        // Built in code: xunit's serialization of InlineData would replace a lone surrogate.
        var text = "lone" + (char)0xD800 + "x" + (char)0xDC00;

        Assert.Equal("lone%uD800x%uDC00", TableKeyCodec.Escape(text));
        Assert.Equal(text, TableKeyCodec.Unescape("lone%uD800x%uDC00"));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%2")]
    [InlineData("%zz")]
    [InlineData("%u12")]
    public void Unescape_TextEscapeCannotProduce_Throws(string text)
    {
        Assert.Throws<FormatException>(() => TableKeyCodec.Unescape(text));
    }

    [Fact]
    public void Addresses_NestedKey_AreParentAndLeafWithMarkersInTheGrandparent()
    {
        Assert.Equal(new TableAddress("a%2Fb", "c"), TableKeyCodec.ValueAddress("a/b/c"));
        Assert.Equal(new TableAddress("", "top"), TableKeyCodec.ValueAddress("top"));
        Assert.Equal(new TableAddress("a", "b%2F"), TableKeyCodec.MarkerAddress("a/b"));
        Assert.Equal(new TableAddress("", "a%2F"), TableKeyCodec.MarkerAddress("a"));
        Assert.Equal("a%2Fb", TableKeyCodec.FolderPartition("a/b"));
    }

    [Fact]
    public void AncestorsOf_Key_AreNearestFirst()
    {
        Assert.Equal(["a/b/c", "a/b", "a"], TableKeyCodec.AncestorsOf("a/b/c/d"));
        Assert.Empty(TableKeyCodec.AncestorsOf("top"));
    }
}
