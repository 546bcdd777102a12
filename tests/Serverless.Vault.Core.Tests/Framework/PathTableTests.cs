using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class PathTableTests
{
    private static PathTable Table(params string[] templates) => new(templates.Select(t => new PathSpec(t)));

    [Theory]
    [InlineData("keys/list", "keys/list")]
    [InlineData("keys/web", "keys/{name}")]
    [InlineData("keys/web/extra", "keys/{*path}")]
    [InlineData("keys", "keys/{*path}")]
    public void Match_LiteralBeatsParameterBeatsCatchAll_WhateverTheDeclarationOrder(string path, string expected)
    {
        // Declared least specific first: the table must not depend on declaration order.
        Assert.Equal(expected, Table("keys/{*path}", "keys/{name}", "keys/list").Match(path)!.Spec.Template.Text);
        Assert.Equal(expected, Table("keys/list", "keys/{name}", "keys/{*path}").Match(path)!.Spec.Template.Text);
    }

    [Theory]
    [InlineData("mounts", "mounts")]
    [InlineData("mounts/", "mounts")]
    [InlineData("mounts/a", "mounts/{*path}")]
    [InlineData("mounts/a/b", "mounts/{*path}")]
    [InlineData("mounts/a/b/tune", "mounts/{*path}/tune")]
    [InlineData("mounts/a/tune", "mounts/{*path}/tune")]
    public void Match_SysMountsFamily_PicksMostSpecific(string path, string expected)
    {
        var table = Table("mounts/{*path}", "mounts/{*path}/tune", "mounts");

        Assert.Equal(expected, table.Match(path)!.Spec.Template.Text);
    }

    [Fact]
    public void Match_CatchAllFollowedByLiteral_CapturesMountPath()
    {
        var match = Table("mounts/{*path}", "mounts/{*path}/tune").Match("mounts/a/b/tune");

        Assert.NotNull(match);
        Assert.Equal("a/b", match.RouteValues["path"]);
    }

    [Fact]
    public void Match_TrailingSlash_IsIgnored()
    {
        var match = Table("keys/{name}").Match("keys/web/");

        Assert.NotNull(match);
        Assert.Equal("web", match.RouteValues["name"]);
    }

    [Theory]
    [InlineData("keys/web", "keys/{name}")]
    [InlineData("keys", "{name}")]
    [InlineData("other", "{name}")]
    [InlineData("other/x", "{name}/x")]
    [InlineData("keys/x", "keys/{name}")]
    [InlineData("", "{*rest}")]
    [InlineData("a/b/c", "{*rest}")]
    [InlineData("config/a/b", "config/{*path}")]
    public void Match_TemplatesStartingWithAParameter_StillCompeteWithThoseNamingTheFirstSegment(string path, string expected)
    {
        var table = Table("keys/{name}", "{name}", "{name}/x", "{*rest}", "config/{*path}");

        Assert.Equal(expected, table.Match(path)!.Spec.Template.Text);
    }

    [Fact]
    public void Match_NoTemplateMatches_ReturnsNull()
    {
        Assert.Null(Table("keys/{name}", "config").Match("other/x"));
    }

    [Fact]
    public void Paths_AreOrderedBySpecificity()
    {
        var order = Table("{*path}", "keys/{name}", "keys/list").Paths.Select(p => p.Template.Text).ToList();

        Assert.Equal(["keys/list", "keys/{name}", "{*path}"], order);
    }

    [Theory]
    [InlineData("keys/{name}", "keys/{id}")]
    [InlineData("data/{*path}", "data/{*rest}")]
    [InlineData("keys", "keys")]
    [InlineData("mounts/{*a}/tune", "mounts/{*b}/tune")]
    public void Constructor_TwoTemplatesOfSameShape_Throws(string first, string second)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Table(first, "other", second));

        Assert.Contains($"'{first}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{second}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SameLiteralsDifferentShapes_Succeeds()
    {
        var table = Table("keys/{name}", "keys/{*path}", "keys/list");

        Assert.Equal(3, table.Paths.Count);
    }
}
