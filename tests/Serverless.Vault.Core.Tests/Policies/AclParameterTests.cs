using System.Text.Json.Nodes;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tests.Policies;

/// <summary>allowed_parameters, denied_parameters and required_parameters of the matched rule.</summary>
public sealed class AclParameterTests
{
    private const Capability Update = Capability.Update;

    public static TheoryData<string, string, Capability, string?, bool> Cases => new()
    {
        // required_parameters
        { "required present", "required_parameters = [\"type\"]", Update, """{"type":"aes"}""", true },
        { "required missing", "required_parameters = [\"type\"]", Update, """{"other":1}""", false },
        { "required missing without body", "required_parameters = [\"type\"]", Update, null, false },
        { "required looked up lower-cased", "required_parameters = [\"Type\"]", Update, """{"type":"aes"}""", true },
        { "required is not checked on read", "required_parameters = [\"type\"]", Capability.Read, null, true },
        { "required is checked on create", "required_parameters = [\"type\"]", Capability.Create, "{}", false },
        { "required is checked on patch", "required_parameters = [\"type\"]", Capability.Patch, "{}", false },

        // allowed_parameters
        { "allowed key with empty list takes any value", "allowed_parameters = { \"ttl\" = [] }", Update, """{"ttl":"99h"}""", true },
        { "key not in allowed is denied", "allowed_parameters = { \"ttl\" = [] }", Update, """{"ttl":"1h","other":1}""", false },
        { "listed value allowed", "allowed_parameters = { \"ttl\" = [\"8h\", \"24h\"] }", Update, """{"ttl":"24h"}""", true },
        { "unlisted value denied", "allowed_parameters = { \"ttl\" = [\"8h\", \"24h\"] }", Update, """{"ttl":"48h"}""", false },
        { "prefix glob value", "allowed_parameters = { \"name\" = [\"app-*\"] }", Update, """{"name":"app-web"}""", true },
        { "prefix glob value mismatch", "allowed_parameters = { \"name\" = [\"app-*\"] }", Update, """{"name":"db-web"}""", false },
        { "suffix glob value", "allowed_parameters = { \"name\" = [\"*-prod\"] }", Update, """{"name":"web-prod"}""", true },
        { "both-sides glob value", "allowed_parameters = { \"name\" = [\"*mid*\"] }", Update, """{"name":"a-mid-b"}""", true },
        { "lone '*' value is literal", "allowed_parameters = { \"name\" = [\"*\"] }", Update, """{"name":"x"}""", false },
        { "'*' key allows other keys", "allowed_parameters = { \"*\" = [], \"ttl\" = [\"1h\"] }", Update, """{"other":"x","ttl":"1h"}""", true },
        { "'*' key still restricts listed keys", "allowed_parameters = { \"*\" = [], \"ttl\" = [\"1h\"] }", Update, """{"other":"x","ttl":"2h"}""", false },
        { "only '*' key allows everything", "allowed_parameters = { \"*\" = [] }", Update, """{"a":1,"b":[2]}""", true },
        { "allowed matches request key case-insensitively", "allowed_parameters = { \"ttl\" = [] }", Update, """{"TTL":"1h"}""", true },
        { "list value: every element allowed", "allowed_parameters = { \"policies\" = [\"a\", \"b\"] }", Update, """{"policies":["a","b"]}""", true },
        { "list value: one element not allowed", "allowed_parameters = { \"policies\" = [\"a\", \"b\"] }", Update, """{"policies":["a","c"]}""", false },
        { "comma string: every piece allowed", "allowed_parameters = { \"policies\" = [\"a\", \"b\"] }", Update, """{"policies":"a, b"}""", true },
        { "comma string: one piece not allowed", "allowed_parameters = { \"policies\" = [\"a\", \"b\"] }", Update, """{"policies":"a,c"}""", false },
        { "empty list value is not vacuously allowed", "allowed_parameters = { \"policies\" = [\"a\"] }", Update, """{"policies":[]}""", false },
        { "number equals number", "allowed_parameters = { \"n\" = [5] }", Update, """{"n":5.0}""", true },
        { "number equals its text", "allowed_parameters = { \"n\" = [5] }", Update, """{"n":"5"}""", true },
        { "other number denied", "allowed_parameters = { \"n\" = [5] }", Update, """{"n":6}""", false },
        { "bool equals bool", "allowed_parameters = { \"b\" = [true] }", Update, """{"b":true}""", true },
        { "null matches only null", "allowed_parameters = { \"b\" = [\"x\"] }", Update, """{"b":null}""", false },
        { "no body passes allowed", "allowed_parameters = { \"ttl\" = [\"1h\"] }", Update, null, true },

        // denied_parameters
        { "denied key with empty list denies any value", "denied_parameters = { \"exportable\" = [] }", Update, """{"exportable":false}""", false },
        { "denied key absent passes", "denied_parameters = { \"exportable\" = [] }", Update, """{"type":"aes"}""", true },
        { "denied matches request key case-insensitively", "denied_parameters = { \"exportable\" = [] }", Update, """{"Exportable":true}""", false },
        { "denied value listed", "denied_parameters = { \"type\" = [\"rsa-*\"] }", Update, """{"type":"rsa-2048"}""", false },
        { "denied value not listed", "denied_parameters = { \"type\" = [\"rsa-*\"] }", Update, """{"type":"aes256-gcm96"}""", true },
        { "denied '*' denies every key", "denied_parameters = { \"*\" = [] }", Update, """{"a":1}""", false },
        { "denied '*' passes an empty body", "denied_parameters = { \"*\" = [] }", Update, "{}", true },
        { "denied beats allowed", "allowed_parameters = { \"*\" = [] }\ndenied_parameters = { \"exportable\" = [] }", Update, """{"exportable":true}""", false },
        { "denied beats allowed value", "allowed_parameters = { \"type\" = [] }\ndenied_parameters = { \"type\" = [\"rsa\"] }", Update, """{"type":"rsa"}""", false },
        { "denied list element", "denied_parameters = { \"policies\" = [\"root\"] }", Update, """{"policies":["default","root"]}""", false },
        { "denied comma piece", "denied_parameters = { \"policies\" = [\"root\"] }", Update, """{"policies":"default, root"}""", false },
        { "denied policy name in another spelling", "denied_parameters = { \"policies\" = [\"root\"] }", Update, """{"policies":["default","Ro\u200Bot"]}""", false },
        { "denied policy name upper-cased", "denied_parameters = { \"token_policies\" = [\"root\"] }", Update, """{"token_policies":"ROOT"}""", false },
        { "denied number by its text", "denied_parameters = { \"n\" = [\"5\"] }", Update, """{"n":5}""", false },
        { "parameters are not checked on delete", "denied_parameters = { \"*\" = [] }", Capability.Delete, """{"a":1}""", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_ParameterCase_MatchesVault(string description, string body, Capability needed, string? data, bool allowed)
    {
        var acl = PolicyText.Compile($"path \"secret/x\" {{\n capabilities = [\"create\", \"read\", \"update\", \"patch\", \"delete\"]\n {body}\n}}");

        var result = acl.Check("secret/x", needed, data is null ? null : JsonNode.Parse(data)!.AsObject());

        Assert.True(allowed == result.Allowed, description);
    }

    [Fact]
    public void Check_AllowedValuesFromTwoPolicies_AreMerged()
    {
        var acl = PolicyText.Compile(
            "path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"k\" = [\"x\"] } }",
            "path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"k\" = [\"y\"] } }");

        Assert.True(acl.Check("a", Capability.Update, new JsonObject { ["k"] = "y" }).Allowed);
        Assert.False(acl.Check("a", Capability.Update, new JsonObject { ["k"] = "z" }).Allowed);
    }

    [Fact]
    public void Check_EmptyAllowedListInOnePolicy_AbsorbsTheOther()
    {
        var acl = PolicyText.Compile(
            "path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"k\" = [\"x\"] } }",
            "path \"a\" { capabilities = [\"update\"] allowed_parameters = { \"k\" = [] } }");

        Assert.True(acl.Check("a", Capability.Update, new JsonObject { ["k"] = "anything" }).Allowed);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(1800, true)]
    [InlineData(60, true)]
    [InlineData(30, false)]
    [InlineData(7200, false)]
    public void Check_WrappingTtlBounds_RequireWrappingWithin(int? seconds, bool allowed)
    {
        var acl = PolicyText.Compile("path \"a\" { capabilities = [\"read\"] min_wrapping_ttl = \"1m\" max_wrapping_ttl = \"1h\" }");

        var result = acl.Check("a", Capability.Read, null, seconds is { } s ? TimeSpan.FromSeconds(s) : null);

        Assert.Equal(allowed, result.Allowed);
    }

    [Fact]
    public void Check_WrappingTtlsFromTwoPolicies_TakeTheLesser()
    {
        var acl = PolicyText.Compile(
            "path \"a\" { capabilities = [\"read\"] max_wrapping_ttl = \"1h\" }",
            "path \"a\" { capabilities = [\"read\"] max_wrapping_ttl = \"10m\" }");

        Assert.True(acl.Check("a", Capability.Read, null, TimeSpan.FromMinutes(5)).Allowed);
        Assert.False(acl.Check("a", Capability.Read, null, TimeSpan.FromMinutes(30)).Allowed);
    }

    [Fact]
    public void Check_MergedMinAboveMax_DeniesEverything()
    {
        var acl = PolicyText.Compile(
            "path \"a\" { capabilities = [\"read\"] min_wrapping_ttl = \"2h\" }",
            "path \"a\" { capabilities = [\"read\"] max_wrapping_ttl = \"1h\" }");

        Assert.False(acl.Check("a", Capability.Read, null, TimeSpan.FromMinutes(90)).Allowed);
    }
}
