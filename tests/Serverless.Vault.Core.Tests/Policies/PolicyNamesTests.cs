using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tests.Policies;

public sealed class PolicyNamesTests
{
    [Theory]
    [InlineData("root")]
    [InlineData(" ROOT")]
    [InlineData("Root\t")]
    [InlineData("ro\u200Bot")]
    [InlineData("\uFEFFroot")]
    [InlineData("r\u00ADoot")]
    [InlineData("ro\u200D\u200Cot\u2060")]
    [InlineData("ro\u0000ot\r\n")]
    [InlineData("\u3164root")]
    public void IsRoot_AnySpellingOfRoot_ReturnsTrue(string name)
    {
        Assert.True(PolicyNames.IsRoot(name));
        Assert.Equal("root", PolicyNames.Normalize(name));
    }

    [Theory]
    [InlineData("roots")]
    [InlineData("r00t")]
    [InlineData("\uFF52\uFF4F\uFF4F\uFF54")]
    [InlineData("ro ot")]
    [InlineData("")]
    [InlineData(null)]
    public void IsRoot_OtherNames_ReturnsFalse(string? name)
    {
        Assert.False(PolicyNames.IsRoot(name));
    }

    [Theory]
    [InlineData("My-Policy", "my-policy")]
    [InlineData("  team.ops_reader@corp  ", "team.ops_reader@corp")]
    [InlineData("DEFAULT", "default")]
    [InlineData("app\u200B1", "app1")]
    public void Normalize_ValidName_ReturnsCanonicalSpelling(string name, string expected)
    {
        Assert.Equal(expected, PolicyNames.Normalize(name));
    }

    [Theory]
    [InlineData("", "policy name is empty")]
    [InlineData(" \t\u200B ", "policy name is empty")]
    [InlineData("team/reader", "must not contain '/'")]
    [InlineData("ro ot", "contains ' '")]
    [InlineData("\uFF52\uFF4F\uFF4F\uFF54", "contains U+FF52")]
    [InlineData("caf\u00E9", "contains U+00E9")]
    [InlineData("..", "must start with a letter or a digit")]
    [InlineData("-flag", "must start with a letter or a digit")]
    [InlineData("a*", "contains '*'")]
    public void Normalize_InvalidName_ThrowsInvalidRequest(string name, string reason)
    {
        var error = Assert.Throws<VaultException>(() => PolicyNames.Normalize(name));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_TooLongName_Throws()
    {
        Assert.Throws<VaultException>(() => PolicyNames.Normalize(new string('a', PolicyNames.MaxLength + 1)));
        Assert.Equal(PolicyNames.MaxLength, PolicyNames.Normalize(new string('a', PolicyNames.MaxLength)).Length);
    }

    [Fact]
    public void TryNormalize_InvalidName_ReturnsFalseAndEmpty()
    {
        Assert.False(PolicyNames.TryNormalize("a/b", out var normalized));
        Assert.Equal("", normalized);
    }
}
