using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class RouteTemplateTests
{
    [Theory]
    [InlineData("keys", "keys")]
    [InlineData("keys/list", "keys/list")]
    [InlineData("", "")]
    public void Match_LiteralTemplate_MatchesExactPathOnly(string template, string path)
    {
        var route = new RouteTemplate(template);

        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(route.Match(path)));
        Assert.Null(route.Match(path + "x"));
        Assert.Null(route.Match(path.Length == 0 ? "x" : path + "/x"));
    }

    [Fact]
    public void Match_LiteralDiffersInCase_DoesNotMatch()
    {
        Assert.Null(new RouteTemplate("keys").Match("Keys"));
    }

    [Fact]
    public void Match_Parameter_CapturesOneSegment()
    {
        var values = new RouteTemplate("keys/{name}/rotate").Match("keys/my-key/rotate");

        Assert.NotNull(values);
        Assert.Equal("my-key", values["name"]);
        Assert.Single(values);
    }

    [Theory]
    [InlineData("keys/a/b/rotate")]
    [InlineData("keys/rotate")]
    [InlineData("keys/a/rotate/x")]
    [InlineData("keys/a")]
    public void Match_ParameterAgainstOtherSegmentCount_ReturnsNull(string path)
    {
        Assert.Null(new RouteTemplate("keys/{name}/rotate").Match(path));
    }

    [Fact]
    public void Match_ParameterAgainstEmptySegment_ReturnsNull()
    {
        Assert.Null(new RouteTemplate("keys/{name}").Match("keys/"));
    }

    [Theory]
    [InlineData("data", "")]
    [InlineData("data/a", "a")]
    [InlineData("data/a/b/c", "a/b/c")]
    public void Match_CatchAll_CapturesZeroOrMoreSegments(string path, string expected)
    {
        var values = new RouteTemplate("data/{*path}").Match(path);

        Assert.NotNull(values);
        Assert.Equal(expected, values["path"]);
    }

    [Fact]
    public void Match_CatchAllAlone_CapturesWholePath()
    {
        var route = new RouteTemplate("{*path}");

        Assert.Equal("a/b", route.Match("a/b")!["path"]);
        Assert.Equal("", route.Match("")!["path"]);
    }

    [Fact]
    public void Match_CatchAllOverMoreSegmentsThanFitOnTheStack_CapturesThemAll()
    {
        var deep = string.Join('/', Enumerable.Range(0, RouteTemplate.MaxStackSegments * 2).Select(i => $"s{i}"));

        Assert.Equal(deep, new RouteTemplate("data/{*path}/tune").Match($"data/{deep}/tune")!["path"]);
    }

    [Fact]
    public void Match_DoubledSlashes_KeptInCatchAllAndRefusedForParameter()
    {
        Assert.Equal("a//b", new RouteTemplate("data/{*path}").Match("data/a//b")!["path"]);
        Assert.Null(new RouteTemplate("keys/{name}/rotate").Match("keys//rotate"));
    }

    [Fact]
    public void Match_CatchAllWithOtherPrefix_ReturnsNull()
    {
        Assert.Null(new RouteTemplate("data/{*path}").Match("metadata/a"));
    }

    [Theory]
    [InlineData("mounts/a/tune", "a")]
    [InlineData("mounts/a/b/tune", "a/b")]
    [InlineData("mounts/tune/tune", "tune")]
    public void Match_CatchAllFollowedByLiteral_CapturesMiddle(string path, string expected)
    {
        var values = new RouteTemplate("mounts/{*path}/tune").Match(path);

        Assert.NotNull(values);
        Assert.Equal(expected, values["path"]);
    }

    [Theory]
    [InlineData("mounts/a")]
    [InlineData("mounts/a/tune/x")]
    [InlineData("mounts/a/Tune")]
    [InlineData("tune")]
    public void Match_CatchAllFollowedByLiteralWithoutSuffix_ReturnsNull(string path)
    {
        Assert.Null(new RouteTemplate("mounts/{*path}/tune").Match(path));
    }

    [Fact]
    public void Match_ParameterThenCatchAll_CapturesBoth()
    {
        var values = new RouteTemplate("roles/{name}/{*rest}").Match("roles/web/a/b");

        Assert.NotNull(values);
        Assert.Equal("web", values["name"]);
        Assert.Equal("a/b", values["rest"]);
    }

    [Theory]
    [InlineData("a/{*x}/{*y}")]
    [InlineData("a/{*x}/{name}")]
    [InlineData("a//b")]
    [InlineData("a/b{c}")]
    public void Constructor_InvalidTemplate_Throws(string template)
    {
        Assert.Throws<ArgumentException>(() => new RouteTemplate(template));
    }

    [Theory]
    [InlineData("keys/{name}", "keys/{}")]
    [InlineData("data/{*path}", "data/{*}")]
    [InlineData("mounts/{*path}/tune", "mounts/{*}/tune")]
    [InlineData("keys", "keys")]
    public void Shape_ErasesParameterNames(string template, string shape)
    {
        Assert.Equal(shape, new RouteTemplate(template).Shape);
    }

    [Theory]
    [InlineData("keys/list", "keys/{name}")]
    [InlineData("keys/{name}", "keys/{*path}")]
    [InlineData("mounts", "mounts/{*path}")]
    [InlineData("mounts/{*path}/tune", "mounts/{*path}")]
    [InlineData("keys/{name}/rotate", "keys/{name}")]
    public void CompareTo_MoreSpecificFirst_IsNegative(string moreSpecific, string lessSpecific)
    {
        Assert.True(new RouteTemplate(moreSpecific).CompareTo(new RouteTemplate(lessSpecific)) < 0);
        Assert.True(new RouteTemplate(lessSpecific).CompareTo(new RouteTemplate(moreSpecific)) > 0);
    }
}
