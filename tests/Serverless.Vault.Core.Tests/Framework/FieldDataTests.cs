using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class FieldDataTests
{
    private static readonly Field<string> Name = Fields.String("name", "The name.", "default-name");
    private static readonly Field<long> Count = Fields.Int("count", "A count.", 7);

    // Fields has no public way to declare a required field yet; the internal constructor stands in.
    private static readonly Field<string> RequiredName = new("required_name", "Must be given.", "string", node => node.GetValue<string>(), "") { Required = true };

    private static FieldData Input(JsonObject body, Dictionary<string, string>? route = null, params Field[] declared) =>
        new(body, route ?? new Dictionary<string, string>(), declared);

    [Fact]
    public void Get_RouteValueAndBodyValue_RouteWins()
    {
        var input = Input(new JsonObject { ["name"] = "from-body" }, new() { ["name"] = "from-route" }, Name);

        Assert.Equal("from-route", input.Get(Name));
    }

    [Fact]
    public void Get_RouteValue_IsCoercedByFieldType()
    {
        var input = Input([], new() { ["count"] = "42" }, Count);

        Assert.Equal(42, input.Get(Count));
    }

    [Fact]
    public void Get_BodyValue_Returned()
    {
        Assert.Equal("x", Input(new JsonObject { ["name"] = "x" }, null, Name).Get(Name));
    }

    [Fact]
    public void Get_JsonNull_GivesDefault()
    {
        var input = Input(new JsonObject { ["name"] = null, ["count"] = null }, null, Name, Count);

        Assert.Equal("default-name", input.Get(Name));
        Assert.Equal(7, input.Get(Count));
        Assert.False(input.Has(Name));
    }

    [Fact]
    public void Get_Absent_GivesDefault()
    {
        var input = Input([], null, Name, Count);

        Assert.Equal("default-name", input.Get(Name));
        Assert.Equal(7, input.Get(Count));
    }

    [Fact]
    public void Get_RequiredMissing_ThrowsInvalidRequestNamingField()
    {
        var error = Assert.Throws<VaultException>(() => Input([], null, RequiredName).Get(RequiredName));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(400, ErrorStatus.For(error.Kind));
        Assert.Equal("missing required field \"required_name\"", Assert.Single(error.Errors));
    }

    [Fact]
    public void Get_RequiredJsonNull_ThrowsInvalidRequest()
    {
        var input = Input(new JsonObject { ["required_name"] = null }, null, RequiredName);

        Assert.Equal(VaultErrorKind.InvalidRequest, Assert.Throws<VaultException>(() => input.Get(RequiredName)).Kind);
    }

    [Fact]
    public void Get_RequiredGiven_ReturnsIt()
    {
        Assert.Equal("x", Input(new JsonObject { ["required_name"] = "x" }, null, RequiredName).Get(RequiredName));
    }

    [Fact]
    public void Has_ReportsRouteAndNonNullBodyValues()
    {
        var input = Input(new JsonObject { ["count"] = 1 }, new() { ["name"] = "r" }, Name, Count, RequiredName);

        Assert.True(input.Has(Name));
        Assert.True(input.Has(Count));
        Assert.False(input.Has(RequiredName));
    }

    [Fact]
    public void UnknownFields_UndeclaredBodyKeys_ReturnedSortedWithoutRouteOrDeclaredKeys()
    {
        var body = new JsonObject { ["zeta"] = 1, ["name"] = "n", ["alpha"] = null, ["path"] = "p", ["count"] = 2 };

        var unknown = Input(body, new() { ["path"] = "p" }, Name, Count).UnknownFields();

        Assert.Equal(["alpha", "zeta"], unknown);
    }

    [Fact]
    public void UnknownFields_AllDeclared_IsEmpty()
    {
        Assert.Empty(Input(new JsonObject { ["name"] = "n" }, null, Name).UnknownFields());
    }

    [Fact]
    public void Raw_IsTheBodyAsSent()
    {
        var body = new JsonObject { ["anything"] = new JsonObject { ["nested"] = true } };

        Assert.Same(body, Input(body).Raw);
    }
}
