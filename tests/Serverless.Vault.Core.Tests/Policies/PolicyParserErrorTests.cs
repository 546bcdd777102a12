using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tests.Policies;

public sealed class PolicyParserErrorTests
{
    [Theory]
    [InlineData("path \"a\" {\n  capabilities [\"read\"]\n}", 2, 16, "expected '=' after \"capabilities\"")]
    [InlineData("path \"a\" {\n  capabilities = [\"reed\"]\n}", 2, 19, "unknown capability \"reed\" in path \"a\"")]
    [InlineData("path \"a\" {\n  capabilites = []\n}", 2, 3, "unknown key \"capabilites\" in path \"a\"")]
    [InlineData("paths \"a\" {}", 1, 1, "unknown key \"paths\" at the top level")]
    [InlineData("path \"\" {}", 1, 6, "invalid path \"\": the pattern is empty")]
    [InlineData("path \"/\" {}", 1, 6, "the pattern is empty")]
    [InlineData("path \"a/*/b\" {}", 1, 6, "'*' is only allowed as the last character")]
    [InlineData("path \"a/b+\" {}", 1, 6, "'+' must be a whole segment")]
    [InlineData("path \"a/+*\" {}", 1, 6, "'+*' is not allowed")]
    [InlineData("path \"a\\u0001\" {}", 1, 6, "control character U+0001")]
    [InlineData("path \"a/./b\" {}", 1, 6, "\".\" is not allowed as a path segment")]
    [InlineData("path \"a/../b\" {}", 1, 6, "\"..\" is not allowed as a path segment")]
    [InlineData("path \"a {}", 1, 6, "unterminated string")]
    [InlineData("path \"a\" {} /* x", 1, 13, "unterminated comment")]
    [InlineData("path \"a\" {\n  capabilities = []\n", 3, 1, "expected '}' to close the '{' at line 1, column 10")]
    [InlineData("path \"a\" { capabilities = [\"read\" \"list\"] }", 1, 35, "expected ',' or ']' after a list element")]
    [InlineData("path \"a\\q\" {}", 1, 8, "unknown escape sequence '\\q'")]
    [InlineData("path \"a\" { capabilities = [\"read\"]; }", 1, 35, "unexpected character ';'")]
    [InlineData("path \"a\" {\n min_wrapping_ttl = \"2h\"\n max_wrapping_ttl = \"1h\"\n}", 1, 6, "max_wrapping_ttl cannot be less than min_wrapping_ttl")]
    [InlineData("path \"a\" { min_wrapping_ttl = \"5y\" }", 1, 31, "invalid min_wrapping_ttl \"5y\"")]
    [InlineData("path \"a\" { min_wrapping_ttl = 1h }", 1, 31, "invalid number \"1h\"")]
    [InlineData("path \"a\" { max_wrapping_ttl = -5 }", 1, 31, "invalid max_wrapping_ttl \"-5\"")]
    [InlineData("path \"a\" { capabilities = \"read\" }", 1, 27, "\"capabilities\" must be a list, found a string")]
    [InlineData("path \"a\" { capabilities = [1] }", 1, 28, "each element of \"capabilities\" must be a string, found a number")]
    [InlineData("path \"a\" { policy = \"admin\" }", 1, 21, "invalid policy \"admin\" in path \"a\"")]
    [InlineData("path \"a\" { allowed_parameters = { \"k\" = \"v\" } }", 1, 41, "allowed_parameters \"k\" must be a list of values")]
    [InlineData("path \"a\" { denied_parameters = [\"k\"] }", 1, 32, "\"denied_parameters\" must be an object")]
    [InlineData("path \"a\" {\n capabilities = []\n capabilities = []\n}", 3, 2, "duplicate key \"capabilities\" in path \"a\"")]
    [InlineData("path \"a\" = {}", 1, 10, "expected '{' after \"a\"")]
    [InlineData("path \"a\" { capabilities = [\"read\"] } }", 1, 38, "expected a key, found '}'")]
    [InlineData("path = 5", 1, 8, "\"path\" must map path patterns to blocks, found a number")]
    [InlineData("path \"a\" \"b\"", 1, 13, "expected '{' after \"b\"")]
    [InlineData("path \"a\" { capabilities = [\"read\"] \u200B}", 1, 36, "unexpected character U+200B")]
    [InlineData("{\"path\": {\"a\": {\"capabilities\": [\"reed\"]}}}", 1, 34, "unknown capability \"reed\"")]
    [InlineData("{\n  \"path\": {\n    \"a\": { \"capabilites\": [] }\n  }\n}", 3, 12, "unknown key \"capabilites\" in path \"a\"")]
    [InlineData("{\"path\": {\"a/*/b\": {}}}", 1, 11, "'*' is only allowed as the last character")]
    public void Parse_InvalidDocument_ThrowsWithPosition(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", text));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonSyntaxError_UsesJsonReaderPosition()
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", "{\"path\": {\"a\": {\"capabilities\": [\"read\",]}}}"));

        Assert.Equal((1, 41), (error.Line, error.Column));
        Assert.StartsWith("invalid JSON: ", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonSyntaxErrorOnLaterLine_ReportsThatLine()
    {
        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", "{\n  \"path\": {\n    \"a\" {}\n  }\n}"));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_TextOverOneMebibyte_Throws()
    {
        var text = new string('#', 1024 * 1024 + 1);

        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", text));

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("larger than 1048576 bytes", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreThanTenThousandPaths_ThrowsAtTheExtraPath()
    {
        var text = string.Concat(Enumerable.Range(0, 10_001).Select(i => $"path \"p{i}\" {{}}\n"));

        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", text));

        Assert.Equal((10_001, 6), (error.Line, error.Column));
        Assert.Contains("more than 10000 paths", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TenThousandPaths_IsAccepted()
    {
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"path \"p{i}\" {{}}\n"));

        Assert.Equal(10_000, PolicyParser.Parse("p", text).Paths.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parse_NestingSeventeenLevels_Throws(bool json)
    {
        var prefix = json ? "{\"path\": {\"a\": {\"allowed_parameters\": {\"k\": " : "path \"a\" { allowed_parameters = { \"k\" = ";
        var suffix = json ? "}}}}" : " } }";

        // The root is level 0, path 1, the block 2, the map 3, so the 14th nested list is level 17.
        var deep = prefix + new string('[', 14) + new string(']', 14) + suffix;
        var fine = prefix + new string('[', 13) + new string(']', 13) + suffix;

        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("p", deep));
        Assert.Equal((1, prefix.Length + 14), (error.Line, error.Column));
        Assert.Contains("nesting deeper than 16 levels", error.Reason, StringComparison.Ordinal);
        Assert.Single(PolicyParser.Parse("p", fine).Paths);
    }

    [Fact]
    public void Parse_InvalidName_ThrowsInvalidRequest()
    {
        var error = Assert.Throws<Serverless.Vault.Core.Framework.VaultException>(() => PolicyParser.Parse("a/b", ""));

        Assert.Equal(Serverless.Vault.Core.Framework.VaultErrorKind.InvalidRequest, error.Kind);
    }
}
