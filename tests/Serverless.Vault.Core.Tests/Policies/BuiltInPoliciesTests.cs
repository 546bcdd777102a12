using Serverless.Vault.Core.Policies;

namespace Serverless.Vault.Core.Tests.Policies;

public sealed class BuiltInPoliciesTests
{
    private static readonly Acl DefaultAcl = Acl.Compile([PolicyParser.Parse(PolicyNames.Default, BuiltInPolicies.Default)]);

    public static TheoryData<string, Capability, bool> DefaultCases => new()
    {
        { "auth/token/lookup-self", Capability.Read, true },
        { "auth/token/renew-self", Capability.Update, true },
        { "auth/token/revoke-self", Capability.Update, true },
        { "sys/capabilities-self", Capability.Update, true },
        { "sys/internal/ui/resultant-acl", Capability.Read, true },
        { "sys/renew", Capability.Update, true },
        { "sys/leases/renew", Capability.Update, true },
        { "sys/leases/lookup", Capability.Update, true },
        { "cubbyhole/mine", Capability.Create, true },
        { "cubbyhole/mine", Capability.Read, true },
        { "cubbyhole/mine", Capability.Update, true },
        { "cubbyhole/mine", Capability.Delete, true },
        { "cubbyhole/", Capability.List, true },
        { "sys/wrapping/wrap", Capability.Update, true },
        { "sys/wrapping/lookup", Capability.Update, true },
        { "sys/wrapping/unwrap", Capability.Update, true },
        { "sys/tools/hash", Capability.Update, true },
        { "sys/tools/hash/sha2-256", Capability.Update, true },
        { "identity/oidc/provider/default/authorize", Capability.Read, true },
        { "auth/token/lookup-self", Capability.Update, false },
        { "auth/token/create", Capability.Update, false },
        { "auth/token/lookup", Capability.Update, false },
        { "sys/policy/default", Capability.Update, false },
        { "sys/leases/revoke", Capability.Update, false },
        { "sys/leases/lookup/", Capability.List, false },
        { "secret/data/app", Capability.Read, false },
        { "cubbyhole/mine", Capability.Patch, false },
        { "sys/tools/random", Capability.Update, false },
        { "sys/mounts", Capability.Read, false },
        { "sys/capabilities-self", Capability.Update | Capability.Sudo, false },
    };

    [Theory]
    [MemberData(nameof(DefaultCases))]
    public void Default_Path_GrantsOnlyWhatVaultGrants(string path, Capability needed, bool allowed)
    {
        Assert.Equal(allowed, DefaultAcl.Check(path, needed, null).Allowed);
    }

    [Theory]
    [InlineData("cubbyhole/response", Capability.Read, true)]
    [InlineData("cubbyhole/response", Capability.Create, true)]
    [InlineData("sys/wrapping/unwrap", Capability.Update, true)]
    [InlineData("cubbyhole/response", Capability.Delete, false)]
    [InlineData("cubbyhole/other", Capability.Read, false)]
    [InlineData("auth/token/lookup-self", Capability.Read, false)]
    public void ResponseWrapping_Path_GrantsOnlyUnwrapping(string path, Capability needed, bool allowed)
    {
        var acl = Acl.Compile([PolicyParser.Parse(PolicyNames.ResponseWrapping, BuiltInPolicies.ResponseWrapping)]);

        Assert.Equal(allowed, acl.Check(path, needed, null).Allowed);
    }

    [Fact]
    public void Default_Text_HasEveryPathOnce()
    {
        var patterns = PolicyParser.Parse(PolicyNames.Default, BuiltInPolicies.Default).Paths.Select(p => p.Pattern).ToList();

        Assert.Equal(15, patterns.Count);
        Assert.Equal(patterns.Count, patterns.Distinct(StringComparer.Ordinal).Count());
    }
}
