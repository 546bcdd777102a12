using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tests.Policies;

public sealed class PolicyParserTests
{
    private const string FullHcl = """
        # transit keys for the app
        path "transit/keys/*" {
          capabilities = ["create", "update"]
          allowed_parameters = { "auto_rotate_period" = ["8h", "24h"], "*" = [] }
          denied_parameters = {
            "Exportable" = []
          }
          required_parameters = ["type"]
          min_wrapping_ttl = "1m"  max_wrapping_ttl = 3600
        }
        path "secret/data/app/admin" { capabilities = ["deny"] }
        """;

    private const string FullJson = """
        {
          "path": {
            "transit/keys/*": {
              "capabilities": ["create", "update"],
              "allowed_parameters": { "auto_rotate_period": ["8h", "24h"], "*": [] },
              "denied_parameters": { "Exportable": [] },
              "required_parameters": ["type"],
              "min_wrapping_ttl": 60,
              "max_wrapping_ttl": "1h"
            },
            "secret/data/app/admin": { "capabilities": ["deny"] }
          }
        }
        """;

    [Fact]
    public void Parse_HclWithEveryField_ReadsEveryField()
    {
        var policy = PolicyParser.Parse("app", FullHcl);

        Assert.Equal(2, policy.Paths.Count);
        var transit = policy.Paths[0];
        Assert.Equal("transit/keys/*", transit.Pattern);
        Assert.Equal(Capability.Create | Capability.Update, transit.Capabilities);
        Assert.Equal(["8h", "24h"], transit.AllowedParameters["auto_rotate_period"].Select(v => v!.GetValue<string>()));
        Assert.Empty(transit.AllowedParameters["*"]);
        Assert.True(transit.DeniedParameters.ContainsKey("exportable"));
        Assert.Equal(["type"], transit.RequiredParameters);
        Assert.Equal(TimeSpan.FromMinutes(1), transit.MinWrappingTtl);
        Assert.Equal(TimeSpan.FromHours(1), transit.MaxWrappingTtl);
        Assert.Equal(Capability.Deny, policy.Paths[1].Capabilities);
    }

    [Fact]
    public void Parse_JsonOfSamePolicy_EqualsHcl()
    {
        Assert.Equal(PolicyText.Describe(PolicyParser.Parse("app", FullHcl)), PolicyText.Describe(PolicyParser.Parse("app", FullJson)));
    }

    [Theory]
    [InlineData(FullHcl)]
    [InlineData(FullJson)]
    public void Parse_Base64OfDocument_EqualsPlain(string text)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

        Assert.Equal(PolicyText.Describe(PolicyParser.Parse("app", text)), PolicyText.Describe(PolicyParser.Parse("app", encoded)));
    }

    [Fact]
    public void Parse_Base64OfBrokenPolicy_ReportsErrorInDecodedText()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("path \"a\" {\n  capabilities = [\"reed\"]\n}"));

        var error = Assert.Throws<PolicyParseException>(() => PolicyParser.Parse("app", encoded));

        Assert.Equal(2, error.Line);
        Assert.Contains("\"reed\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommentsOfAllStyles_AreIgnored()
    {
        const string text = """
            # hash comment
            // slash comment
            /* block
               comment */ path "a" { /* inline */ capabilities = ["read"] } # trailing
            """;

        Assert.Equal("a", Assert.Single(PolicyParser.Parse("p", text).Paths).Pattern);
    }

    [Fact]
    public void Parse_StringEscapes_AreDecoded()
    {
        var rule = Assert.Single(PolicyParser.Parse("p", """path "secret/\u0061\"b\\c" { capabilities = ["read"] }""").Paths);

        Assert.Equal("secret/a\"b\\c", rule.Pattern);
    }

    [Fact]
    public void Parse_CommasBetweenItemsAndTrailing_AreOptional()
    {
        const string text = """path "a" { capabilities = ["read", "list",], comment = "x", } , path "b" { capabilities = [] }""";

        var policy = PolicyParser.Parse("p", text);

        Assert.Equal(Capability.Read | Capability.List, policy.Paths[0].Capabilities);
        Assert.Equal(Capability.None, policy.Paths[1].Capabilities);
    }

    [Theory]
    [InlineData("deny", Capability.Deny)]
    [InlineData("read", Capability.Read | Capability.List)]
    [InlineData("write", Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List)]
    [InlineData("sudo", Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List | Capability.Sudo)]
    public void Parse_LegacyPolicyShorthand_MapsToCapabilities(string legacy, Capability expected)
    {
        var rule = Assert.Single(PolicyParser.Parse("p", $"path \"a\" {{ policy = \"{legacy}\" }}").Paths);

        Assert.Equal(expected, rule.Capabilities);
    }

    [Fact]
    public void Parse_DenyWithOtherCapabilities_KeepsOnlyDeny()
    {
        var rule = Assert.Single(PolicyParser.Parse("p", PolicyText.Rule("a", "read", "deny", "sudo")).Paths);

        Assert.Equal(Capability.Deny, rule.Capabilities);
    }

    [Fact]
    public void Parse_LeadingSlash_IsStripped()
    {
        Assert.Equal("secret/*", Assert.Single(PolicyParser.Parse("p", PolicyText.Rule("/secret/*", "read")).Paths).Pattern);
    }

    [Fact]
    public void Parse_BlockFormAndRepeatedParameterNames_Merge()
    {
        const string text = """
            path "a" {
              capabilities = ["update"]
              allowed_parameters { "Key" = ["x"] "key" = ["y"] "other" = [1, true, ["n"]] }
            }
            """;

        var rule = Assert.Single(PolicyParser.Parse("p", text).Paths);

        Assert.Equal(["x", "y"], rule.AllowedParameters["key"].Select(v => v!.GetValue<string>()));
        Assert.Equal("[1,true,[\"n\"]]", new JsonArray([.. rule.AllowedParameters["other"].Select(v => v?.DeepClone())]).ToJsonString());
    }

    [Fact]
    public void Parse_SamePatternTwice_KeepsBothBlocks()
    {
        var policy = PolicyParser.Parse("p", PolicyText.Rule("a", "read") + PolicyText.Rule("a", "list"));

        Assert.Equal(2, policy.Paths.Count);
    }

    [Fact]
    public void Parse_JsonPathAsListOfObjects_ReadsAll()
    {
        const string text = """{"path": [{"a": {"capabilities": ["read"]}}, {"b": {"capabilities": ["list"]}}]}""";

        Assert.Equal(["a", "b"], PolicyParser.Parse("p", text).Paths.Select(r => r.Pattern));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  # only a comment\n")]
    [InlineData("{}")]
    public void Parse_EmptyDocument_HasNoPaths(string text)
    {
        Assert.Empty(PolicyParser.Parse("p", text).Paths);
    }

    [Fact]
    public void Parse_Name_IsNormalized()
    {
        Assert.Equal("my-policy", PolicyParser.Parse(" My-Policy ", "").Name);
    }

    [Fact]
    public void Parse_TopLevelNameKey_IsAccepted()
    {
        Assert.Single(PolicyParser.Parse("p", "name = \"legacy\"\n" + PolicyText.Rule("a", "read")).Paths);
    }

    [Fact]
    public void Parse_SegmentWildcardsAndTrailingSlash_AreValid()
    {
        var policy = PolicyParser.Parse("p", PolicyText.Rule("+/x/+/*", "read") + PolicyText.Rule("secret/", "list") + PolicyText.Rule("*", "read"));

        Assert.Equal(["+/x/+/*", "secret/", "*"], policy.Paths.Select(r => r.Pattern));
    }
}
