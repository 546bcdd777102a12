using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Engines.Database;

public sealed class StatementTemplateTests
{
    [Theory]
    [InlineData("ALTER ROLE \"{{name}}\"", "a\"b", "ALTER ROLE \"a\"\"b\"")]
    [InlineData("SELECT '{{name}}'", "o'brien", "SELECT 'o''brien'")]
    [InlineData("VALID UNTIL '{{expiration}}'", "2026-01-02 03:04:05+0000", "VALID UNTIL '2026-01-02 03:04:05+0000'")]
    [InlineData("GRANT x TO {{name}}", "plain-name_1", "GRANT x TO plain-name_1")]
    [InlineData("{{unknown}} stays", "x", "{{unknown}} stays")]
    public void Render_ValueByPosition_IsEscapedForThatPosition(string template, string value, string expected)
    {
        var values = new Dictionary<string, string> { ["name"] = value, ["expiration"] = value };

        Assert.Equal(expected, StatementTemplate.Render(template, values));
    }

    [Theory]
    [InlineData("GRANT x TO {{name}}", "x; DROP TABLE t")]
    [InlineData("SELECT '{{name}}'", "back\\slash")]
    [InlineData("ALTER ROLE \"{{name}}\"", "nul\0")]
    public void Render_UnsafeValue_Throws400(string template, string value)
    {
        var error = Assert.Throws<VaultException>(() => StatementTemplate.Render(template, new Dictionary<string, string> { ["name"] = value }));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
    }

    [Fact]
    public void Queries_SplitsOnSemicolonsBeforeSubstitution()
    {
        Assert.Equal(["A", "B", "C"], StatementTemplate.Queries(["A; B;", " ;C"]));
    }

    [Fact]
    public void Expiration_UsesGoLayoutInUtc()
    {
        var time = new DateTimeOffset(2026, 3, 4, 7, 8, 9, TimeSpan.FromHours(2));

        Assert.Equal("2026-03-04 05:08:09+0000", StatementTemplate.Expiration(time));
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("app-*", "app-web", true)]
    [InlineData("app-*", "other", false)]
    [InlineData("a*c*e", "abcde", true)]
    [InlineData("readonly", "readonly", true)]
    [InlineData("", "readonly", false)]
    public void AllowedRoles_Globs_MatchLikeVault(string pattern, string role, bool allowed)
    {
        Assert.Equal(allowed, AllowedRoles.Allows(pattern.Length == 0 ? [] : pattern.Split(','), role));
    }
}
