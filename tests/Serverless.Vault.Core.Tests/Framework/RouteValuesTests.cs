using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class RouteValuesTests
{
    [Fact]
    public void Set_SameNameTwice_KeepsLastValueOnce()
    {
        var values = new RouteValues(2);
        values.Set("name", "first");
        values.Set("name", "second");

        Assert.Equal("second", Assert.Single(values).Value);
    }

    [Fact]
    public void Enumerate_FollowsOrderOfSetting()
    {
        var values = new RouteValues(3);
        values.Set("b", "1");
        values.Set("a", "2");

        Assert.Equal(["b", "a"], values.Keys);
        Assert.Equal(["1", "2"], values.Values);
        Assert.Equal([new("b", "1"), new("a", "2")], values.ToList());
    }

    [Fact]
    public void Lookup_IsOrdinal_AndMissingNameThrowsKeyNotFound()
    {
        var values = new RouteValues(1);
        values.Set("name", "web");

        Assert.True(values.ContainsKey("name"));
        Assert.False(values.TryGetValue("Name", out _));
        Assert.Throws<KeyNotFoundException>(() => values["other"]);
    }
}
