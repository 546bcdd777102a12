using System.Text.Json.Nodes;
using Serverless.Vault.Core.Policies;
using static Serverless.Vault.Core.Tests.Policies.PolicyText;

namespace Serverless.Vault.Core.Tests.Policies;

public sealed class AclTests
{
    [Fact]
    public void Root_AnyPathAndCapability_IsAllowedWithSudo()
    {
        var result = Acl.Root.Check("sys/raw/anything", Capability.Delete | Capability.Sudo, new JsonObject { ["x"] = 1 });

        Assert.True(result.Allowed);
        Assert.True(result.IsRoot);
        Assert.True(result.Sudo);
        Assert.Equal(["root"], result.GrantingPolicies);
        Assert.Equal(["root"], Acl.Root.Capabilities("secret/foo"));
    }

    [Fact]
    public void Compile_OnlyRootPolicy_ReturnsRoot()
    {
        Assert.Same(Acl.Root, Acl.Compile([PolicyParser.Parse(" ROOT ", "")]));
    }

    [Fact]
    public void Compile_RootWithOtherPolicies_Throws()
    {
        Assert.Throws<ArgumentException>(() => Acl.Compile([PolicyParser.Parse("root", ""), PolicyParser.Parse("default", BuiltInPolicies.Default)]));
    }

    [Fact]
    public void Compile_NullPolicy_GrantsNothing()
    {
        var acl = Acl.Compile([null, PolicyParser.Parse("a", Rule("secret/foo", "read"))]);

        Assert.True(acl.Check("secret/foo", Capability.Read, null).Allowed);
        Assert.False(acl.IsRoot);
    }

    [Fact]
    public void Check_Allowed_ReportsGrantingPoliciesOfThatCapability()
    {
        var acl = Acl.Compile([
            PolicyParser.Parse("readers", Rule("secret/*", "read")),
            PolicyParser.Parse("writers", Rule("secret/*", "update", "read")),
            PolicyParser.Parse("listers", Rule("secret/*", "list")),
        ]);

        var result = acl.Check("secret/foo", Capability.Read, null);

        Assert.Equal(["readers", "writers"], result.GrantingPolicies);
        Assert.Equal(Capability.Read | Capability.Update | Capability.List, result.Capabilities);
        Assert.Equal("secret/*", result.MatchedPattern);
        Assert.False(result.Sudo);
    }

    [Fact]
    public void Check_DeniedByMissingCapability_StillReportsSudoAndRule()
    {
        var acl = Compile(Rule("sys/audit/*", "read", "sudo"));

        var result = acl.Check("sys/audit/file", Capability.Update | Capability.Sudo, null);

        Assert.False(result.Allowed);
        Assert.True(result.Sudo);
        Assert.Empty(result.GrantingPolicies);
        Assert.Equal("sys/audit/*", result.MatchedPattern);
    }

    [Fact]
    public void Check_NothingMatches_ReturnsDenied()
    {
        Assert.Same(AclResult.Denied, Compile(Rule("a", "read")).Check("b", Capability.Read, null));
    }

    [Theory]
    [InlineData(Capability.None)]
    [InlineData(Capability.Deny)]
    [InlineData(Capability.Deny | Capability.Read)]
    public void Check_NeededNoneOrDeny_Throws(Capability needed)
    {
        Assert.Throws<ArgumentException>(() => Compile(Rule("a", "read")).Check("a", needed, null));
    }

    [Theory]
    [InlineData("secret/foo", new[] { "read" })]
    [InlineData("secret/bar", new[] { "deny" })]
    [InlineData("secret/foo/", new[] { "read" })]
    [InlineData("nothing/here", new[] { "deny" })]
    [InlineData("sys/audit/x", new[] { "sudo", "read", "list", "update", "delete", "create", "patch" })]
    public void Capabilities_Path_ReturnsVaultNames(string path, string[] expected)
    {
        var acl = Compile(
            Rule("secret/*", "deny") + Rule("secret/foo", "read")
            + Rule("sys/audit/*", "create", "read", "update", "patch", "delete", "list", "sudo"));

        Assert.Equal(expected, acl.Capabilities(path));
    }

    [Fact]
    public void Compile_ManyRules_ChecksQuickly()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => Rule($"team{i}/+/data", "read") + Rule($"team{i}/apps/*", "list")));
        var acl = Compile(text);

        Assert.True(acl.Check("team4999/app/data", Capability.Read, null).Allowed);
        Assert.True(acl.Check("team4999/apps/", Capability.List, null).Allowed);
        Assert.False(acl.Check("team5000/app/data", Capability.Read, null).Allowed);
    }
}
