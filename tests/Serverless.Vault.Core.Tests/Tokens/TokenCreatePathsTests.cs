using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenCreatePathsTests
{
    [Fact]
    public async Task Create_WithPolicies_ReturnsVaultAuthBlock()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("Web", "db"), ["meta"] = new JsonObject { ["user"] = "armon" } });

        var auth = TokenTestKit.Auth(response);
        Assert.Empty(response!.Warnings);
        Assert.Matches("^hvs\\.[0-9A-Za-z]{24}$", auth["client_token"]!.GetValue<string>());
        Assert.Matches("^[0-9A-Za-z]{24}$", TokenTestKit.Accessor(auth));
        Assert.Equal("""["db","default","web"]""", auth["policies"]!.ToJsonString());
        Assert.Equal("""["db","default","web"]""", auth["token_policies"]!.ToJsonString());
        Assert.Equal("""{"user":"armon"}""", auth["metadata"]!.ToJsonString());
        Assert.Equal(768 * 3600, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal("", auth["entity_id"]!.GetValue<string>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.False(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(0, auth["num_uses"]!.GetValue<long>());
        Assert.True(auth.ContainsKey("mfa_requirement"));
        Assert.Null(auth["mfa_requirement"]);
    }

    [Fact]
    public async Task Create_NoPolicies_InheritsRootAndNeverExpires()
    {
        using var vault = await TestVault.InitializedAsync();

        var (id, auth) = await vault.CreateTokenAsync();

        Assert.Equal("""["root"]""", auth["policies"]!.ToJsonString());
        Assert.Equal(0, auth["lease_duration"]!.GetValue<long>());
        Assert.False(auth["renewable"]!.GetValue<bool>());
        Assert.Null(auth["metadata"]);
        VaultAssert.Ok(await vault.LookupSelfAsync(id));
    }

    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("90", 90)]
    [InlineData("30m", 1800)]
    public async Task Create_Ttl_SetsLeaseDuration(string ttl, long expected)
    {
        using var vault = await TestVault.InitializedAsync();

        var (_, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = ttl });

        Assert.Equal(expected, auth["lease_duration"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("ttl", "abc")]
    [InlineData("ttl", "1x")]
    [InlineData("explicit_max_ttl", "soon")]
    [InlineData("period", "-")]
    [InlineData("num_uses", "many")]
    [InlineData("renewable", "perhaps")]
    public async Task Create_MalformedField_Returns400NamingIt(string field, string value)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/token/create", TokenTestKit.Body(field, value)), 400, $"\"{field}\"");
    }

    [Theory]
    [InlineData("ttl", "ttl must be positive")]
    [InlineData("explicit_max_ttl", "explicit_max_ttl must be positive")]
    [InlineData("period", "period must be positive")]
    public async Task Create_NegativeDuration_Returns400(string field, string message)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/create", TokenTestKit.Body(field, -5)), 400, message);
    }

    [Fact]
    public async Task Create_TtlAboveExplicitMax_IsCappedWithWarning()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = "web", ["ttl"] = "2h", ["explicit_max_ttl"] = "1h" });

        Assert.Equal(3600, TokenTestKit.Auth(response)["lease_duration"]!.GetValue<long>());
        Assert.Contains(response!.Warnings, w => w.StartsWith("TTL of \"2h0m0s\" exceeded the effective max_ttl of \"1h0m0s\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_TtlAboveMountMax_IsCappedTo768Hours()
    {
        using var vault = await TestVault.InitializedAsync();

        var (_, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1000h" });

        Assert.Equal(768 * 3600, auth["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_Periodic_GetsThePeriod()
    {
        using var vault = await TestVault.InitializedAsync();

        var (id, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["period"] = "2h", ["ttl"] = "10h" });

        Assert.Equal(7200, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal(7200, (await vault.EntryAsync(id))!.Period);
    }

    [Fact]
    public async Task Create_NoDefaultPolicyAndDisplayName_AreApplied()
    {
        using var vault = await TestVault.InitializedAsync();

        var (id, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["no_default_policy"] = true, ["display_name"] = "My App!" });

        Assert.Equal("""["web"]""", auth["policies"]!.ToJsonString());
        Assert.Equal("token-My-App", (await vault.EntryAsync(id))!.DisplayName);
    }

    [Fact]
    public async Task CreateOrphan_AndNoParent_CreateOrphans()
    {
        using var vault = await TestVault.InitializedAsync();

        var (_, orphan) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" }, "auth/token/create-orphan");
        var (_, noParent) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["no_parent"] = true });
        var (_, child) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });

        Assert.True(orphan["orphan"]!.GetValue<bool>());
        Assert.True(noParent["orphan"]!.GetValue<bool>());
        Assert.False(child["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_CustomId_IsUsableAndUnique()
    {
        using var vault = await TestVault.InitializedAsync();

        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["id"] = "my-token", ["policies"] = "root" });

        Assert.Equal("my-token", id);
        VaultAssert.Ok(await vault.LookupSelfAsync("my-token"));
        VaultAssert.Error(await vault.WriteAsync("auth/token/create", new JsonObject { ["id"] = "my-token" }), 400, "cannot create a token with a duplicate ID");
    }

    [Theory]
    [InlineData("hvs.abc", "custom token ID cannot have the 'hvs.' prefix")]
    [InlineData("s.abc", "custom token ID cannot have the 's.' prefix")]
    [InlineData("a.b", "custom token ID cannot have a '.' in the value")]
    public async Task Create_BadCustomId_Returns400(string id, string message)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/create", TokenTestKit.Body("id", id)), 400, message);
    }

    [Theory]
    [InlineData("num_uses", -1, "number of uses cannot be negative")]
    [InlineData("type", "weird", "invalid 'token_type' value")]
    [InlineData("policies", "response-wrapping", "cannot assign policy \"response-wrapping\"")]
    public async Task Create_InvalidValue_Returns400(string field, object value, string message)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/create", TokenTestKit.Body(field, JsonValue.Create(value))), 400, message);
    }

    [Fact]
    public async Task Create_NonRootCallerAskingForPoliciesItLacks_Returns400SubsetOfParent()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = new JsonArray("web", "db") });
        var caller = (await vault.EntryAsync(id))!;

        var error = await Assert.ThrowsAsync<VaultException>(
            () => vault.InvokeAsCallerAsync("create", TokenTestKit.Body("policies", new JsonArray("web", "admin")), id, caller));
        Assert.Equal(["child policies must be subset of parent"], error.Errors);

        var subset = TokenTestKit.Auth(await vault.InvokeAsCallerAsync("create", TokenTestKit.Body("policies", "WEB"), id, caller));
        Assert.Equal("""["default","web"]""", subset["policies"]!.ToJsonString());
    }

    [Theory]
    [InlineData("no_parent", true, "root or sudo privileges required to create orphan token")]
    [InlineData("id", "custom", "root or sudo privileges required to specify token id")]
    [InlineData("period", "1h", "root or sudo privileges required to create periodic token")]
    [InlineData("policies", "root", "child policies must be subset of parent")]
    public async Task Create_NonRootCallerAskingForSudoThings_Returns400(string field, object value, string message)
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });
        var caller = (await vault.EntryAsync(id))!;

        var error = await Assert.ThrowsAsync<VaultException>(
            () => vault.InvokeAsCallerAsync("create", TokenTestKit.Body(field, JsonValue.Create(value)), id, caller));

        Assert.Equal([message], error.Errors);
    }

    [Fact]
    public async Task Create_ByLimitedUseToken_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateRootChildAsync(extra: new JsonObject { ["num_uses"] = 5 });

        VaultAssert.Error(await vault.WriteAsync("auth/token/create", [], id), 400, "restricted use token cannot generate child tokens");
    }

    [Fact]
    public async Task Create_ExpiringRootCreatingNonExpiringRoot_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateRootChildAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/create", TokenTestKit.Body("policies", "root"), id), 400, "expiring root tokens cannot create non-expiring root tokens");
    }

    [Fact]
    public async Task Create_TokenIdIsNeverStored()
    {
        using var vault = await TestVault.InitializedAsync();

        var (id, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });

        var keys = await vault.PhysicalKeysAsync("");
        Assert.DoesNotContain(keys, key => key.Contains(id[4..], StringComparison.Ordinal));
        Assert.Contains(keys, key => key == TokenStoragePaths.AccessorBesideEntry(TokenTestKit.Accessor(auth)));
        var hash = await vault.Get<TokenStore>().HashAsync(id, CancellationToken.None);
        Assert.Contains(TokenStoragePaths.Id(hash), keys);
        Assert.Contains(TokenStoragePaths.Child(await vault.Get<TokenStore>().HashAsync(TestVault.RootToken, CancellationToken.None), hash), keys);
    }

    [Fact]
    public async Task Create_BelowTheDeepestAllowedLevel_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        var parent = TestVault.RootToken;
        for (var depth = 1; depth <= TokenStore.MaxTreeDepth; depth++)
        {
            (parent, _) = await vault.CreateRootChildAsync(parent: parent);
        }

        VaultAssert.Error(
            await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = "root", ["ttl"] = "1h" }, parent),
            400,
            $"token trees are limited to {TokenStore.MaxTreeDepth} levels");
        VaultAssert.Ok(await vault.LookupSelfAsync(parent));
        TokenTestKit.Auth(await vault.WriteAsync("auth/token/create-orphan", new JsonObject { ["policies"] = "root", ["ttl"] = "1h" }, parent));
    }
}
