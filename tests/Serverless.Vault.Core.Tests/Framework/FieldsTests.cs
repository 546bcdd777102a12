using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Framework;

public sealed class FieldsTests
{
    private static T Get<T>(Field<T> field, JsonNode? value) =>
        new FieldData(new JsonObject { [field.Name] = value }, new Dictionary<string, string>(), [field]).Get(field);

    private static VaultException Refused<T>(Field<T> field, JsonNode? value) =>
        Assert.Throws<VaultException>(() => Get(field, value));

    [Theory]
    [InlineData("\"5\"", 5L)]
    [InlineData("5", 5L)]
    [InlineData("5.0", 5L)]
    [InlineData("\"-3\"", -3L)]
    public void Int_NumberOrNumericString_Parses(string json, long expected)
    {
        Assert.Equal(expected, Get(Fields.Int("count", ""), JsonNode.Parse(json)));
    }

    [Fact]
    public void Int_JsonValueFromClrInt_Parses()
    {
        Assert.Equal(5, Get(Fields.Int("count", ""), JsonValue.Create(5)));
        Assert.Equal(TimeSpan.FromSeconds(60), Get(Fields.Duration("ttl", ""), JsonValue.Create(60)));
    }

    [Fact]
    public void Int_JsonValueFromClrLong_Parses()
    {
        Assert.Equal(5, Get(Fields.Int("count", ""), JsonValue.Create(5L)));
    }

    [Theory]
    [InlineData("5.5")]
    [InlineData("\"five\"")]
    [InlineData("\"5.5\"")]
    [InlineData("[5]")]
    [InlineData("{}")]
    public void Int_NotAnInteger_ThrowsInvalidRequestNamingField(string json)
    {
        var error = Refused(Fields.Int("count", ""), JsonNode.Parse(json));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("\"count\"", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"True\"", true)]
    [InlineData("\"1\"", true)]
    [InlineData("\"f\"", false)]
    [InlineData("\"FALSE\"", false)]
    public void Bool_JsonBoolOrGoBoolString_Parses(string json, bool expected)
    {
        Assert.Equal(expected, Get(Fields.Bool("flag", ""), JsonNode.Parse(json)));
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("\"tRuE\"")]
    [InlineData("2")]
    [InlineData("[]")]
    public void Bool_NotAGoBool_ThrowsInvalidRequest(string json)
    {
        var error = Refused(Fields.Bool("flag", ""), JsonNode.Parse(json));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("\"flag\"", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1h\"", 3600L)]
    [InlineData("\"30m\"", 1800L)]
    [InlineData("\"90s\"", 90L)]
    [InlineData("\"1h30m\"", 5400L)]
    [InlineData("\"3h25m19s\"", 12319L)]
    [InlineData("\"768h\"", 2764800L)]
    [InlineData("\"1d\"", 86400L)]
    [InlineData("3600", 3600L)]
    [InlineData("\"3600\"", 3600L)]
    [InlineData("0", 0L)]
    [InlineData("\"\"", 0L)]
    public void Duration_SecondsOrGoDuration_Parses(string json, long expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Get(Fields.Duration("ttl", ""), JsonNode.Parse(json)));
    }

    [Fact]
    public void Duration_FractionalHours_Parses()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Get(Fields.Duration("ttl", ""), "1.5h"));
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"1x\"")]
    [InlineData("\"h\"")]
    [InlineData("\"1h30\"")]
    [InlineData("\"10 minutes\"")]
    [InlineData("\"9999999999999999h\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Duration_Malformed_ThrowsInvalidRequestNamingField(string json)
    {
        var error = Refused(Fields.Duration("ttl", ""), JsonNode.Parse(json));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(400, ErrorStatus.For(error.Kind));
        Assert.Equal("error converting input for field \"ttl\": expected duration", Assert.Single(error.Errors));
    }

    [Theory]
    [InlineData("\"9223372036854775807\"")]
    [InlineData("9223372036854775807")]
    public void Duration_SecondsBeyondTimeSpan_ThrowsInvalidRequest(string json)
    {
        var error = Refused(Fields.Duration("ttl", ""), JsonNode.Parse(json));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
    }

    [Fact]
    public void StringList_JsonArray_ReturnsItems()
    {
        Assert.Equal(["a", "b"], Get(Fields.StringList("policies", ""), new JsonArray("a", "b")));
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData(" a , b ")]
    [InlineData("a,,b,")]
    public void StringList_CommaSeparatedString_Splits(string text)
    {
        Assert.Equal(["a", "b"], Get(Fields.StringList("policies", ""), text));
    }

    [Fact]
    public void StringList_SingleString_IsOneItem()
    {
        Assert.Equal(["readonly"], Get(Fields.StringList("allowed_roles", ""), "readonly"));
    }

    [Fact]
    public void StringList_EmptyString_IsEmpty()
    {
        Assert.Empty(Get(Fields.StringList("policies", ""), ""));
    }

    [Fact]
    public void StringList_ArrayWithNull_ThrowsInvalidRequest()
    {
        var error = Refused(Fields.StringList("policies", ""), new JsonArray("a", null));

        Assert.Equal(VaultErrorKind.InvalidRequest, error.Kind);
    }

    [Fact]
    public void String_FromNumberOrBool_UsesJsonText()
    {
        Assert.Equal("5", Get(Fields.String("name", ""), 5));
        Assert.Equal("true", Get(Fields.String("name", ""), true));
    }

    [Fact]
    public void String_FromObject_ThrowsInvalidRequest()
    {
        Assert.Equal(VaultErrorKind.InvalidRequest, Refused(Fields.String("name", ""), new JsonObject()).Kind);
    }

    [Fact]
    public void StringMap_ObjectOfScalars_ReturnsStrings()
    {
        var map = Get(Fields.StringMap("options", ""), new JsonObject { ["version"] = 2, ["name"] = "x" });

        Assert.NotNull(map);
        Assert.Equal("2", map["version"]);
        Assert.Equal("x", map["name"]);
    }

    [Fact]
    public void Map_NotAnObject_ThrowsInvalidRequest()
    {
        Assert.Equal(VaultErrorKind.InvalidRequest, Refused(Fields.Map("config", ""), "text").Kind);
    }

    [Fact]
    public void Factories_SetWireTypeNames()
    {
        Assert.Equal("string", Fields.String("a", "").TypeName);
        Assert.Equal("int", Fields.Int("a", "").TypeName);
        Assert.Equal("bool", Fields.Bool("a", "").TypeName);
        Assert.Equal("duration", Fields.Duration("a", "").TypeName);
        Assert.Equal("array", Fields.StringList("a", "").TypeName);
        Assert.Equal("map", Fields.Map("a", "").TypeName);
    }
}
