using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Tokens;

/// <summary>Non-root callers through the real ACL: the default policy's self paths, sudo from a policy, subset rules.</summary>
public sealed class TokenPolicyCallersTests
{
    private const string Creator = """
        path "auth/token/create" { capabilities = ["create", "update"] }
        path "auth/token/create-orphan" { capabilities = ["create", "update"] }
        """;

    private const string SudoCreator = """
        path "auth/token/create" { capabilities = ["create", "update", "sudo"] }
        """;

    [Fact]
    public async Task DefaultPolicyToken_CanUseItsSelfPaths_ButNotCreate()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1h" });

        Assert.Equal(id, VaultAssert.Ok(await vault.LookupSelfAsync(id))["id"]!.GetValue<string>());
        TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew-self", [], id));
        VaultAssert.Error(await vault.WriteAsync("auth/token/create", [], id), 403, "permission denied");
        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke-self", [], id));
        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
    }

    [Fact]
    public async Task PolicyCreator_WithoutSudo_MayOnlyGrantASubsetOfItsPolicies()
    {
        using var vault = await TestVault.InitializedAsync();
        await WritePolicyAsync(vault, "creator", Creator);
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = new JsonArray("creator", "web") });

        VaultAssert.Error(await vault.WriteAsync("auth/token/create", TokenTestKit.Body("policies", "admin"), id), 400, "child policies must be subset of parent");
        VaultAssert.Error(await vault.WriteAsync("auth/token/create", TokenTestKit.Body("no_parent", true), id), 400, "root or sudo privileges required to create orphan token");
        var child = TokenTestKit.Auth(await vault.WriteAsync("auth/token/create", TokenTestKit.Body("policies", "web"), id));
        Assert.Equal("""["default","web"]""", child["policies"]!.ToJsonString());
        Assert.False(child["orphan"]!.GetValue<bool>());
        Assert.True(TokenTestKit.Auth(await vault.WriteAsync("auth/token/create-orphan", TokenTestKit.Body("policies", "web"), id))["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PolicyCreator_WithSudo_MayGrantAnyPolicyButNotRoot()
    {
        using var vault = await TestVault.InitializedAsync();
        await WritePolicyAsync(vault, "sudo-creator", SudoCreator);
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "sudo-creator" });

        var child = TokenTestKit.Auth(await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = "admin", ["no_parent"] = true, ["period"] = "1h" }, id));

        Assert.Equal("""["admin","default"]""", child["policies"]!.ToJsonString());
        Assert.True(child["orphan"]!.GetValue<bool>());
        Assert.Equal(3600, child["lease_duration"]!.GetValue<long>());
        VaultAssert.Error(await vault.WriteAsync("auth/token/create", TokenTestKit.Body("policies", "root"), id), 400, "root tokens may not be created without parent token being root");
    }

    [Fact]
    public async Task Create_InvalidPolicyName_Returns400SayingWhy()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/token/create", TokenTestKit.Body("policies", "a/b")), 400, "policy name must not contain '/'");
    }

    [Fact]
    public async Task BatchToken_WithDefaultPolicy_WorksThroughThePipelineOnAnotherInstanceUntilExpiry()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();
        var (batch, _) = await first.CreateTokenAsync(new JsonObject { ["type"] = "batch", ["policies"] = "web", ["ttl"] = "10m" });

        var data = VaultAssert.Ok(await second.LookupSelfAsync(batch));
        Assert.Equal("batch", data["type"]!.GetValue<string>());
        Assert.Equal(600, data["ttl"]!.GetValue<long>());

        second.Time.Advance(TimeSpan.FromMinutes(10));
        VaultAssert.Error(await second.LookupSelfAsync(batch), 403, "permission denied");
    }

    [Fact]
    public async Task NumUses_OnADefaultPolicyToken_CountsDeniedRequestsToo()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["num_uses"] = 2 });

        // As in Vault, a use is spent when the token is checked, before the ACL says no.
        VaultAssert.Error(await vault.ReadAsync("sys/mounts", id), 403, "permission denied");
        VaultAssert.Ok(await vault.LookupSelfAsync(id));
        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
    }

    private static async Task WritePolicyAsync(TestVault vault, string name, string hcl) =>
        VaultAssert.NoContent(await vault.WriteAsync("sys/policies/acl/" + name, TokenTestKit.Body("policy", hcl)));
}
