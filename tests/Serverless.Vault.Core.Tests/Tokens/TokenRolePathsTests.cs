using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenRolePathsTests
{
    [Fact]
    public async Task Roles_WriteReadListDelete_RoundTrip()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/roles/app", new JsonObject
        {
            ["allowed_policies"] = "Web,db",
            ["orphan"] = true,
            ["token_period"] = "1h",
            ["token_explicit_max_ttl"] = 7200,
            ["path_suffix"] = "rev1",
            ["token_ttl"] = "30m",
            ["token_max_ttl"] = "2h",
        }));

        var data = VaultAssert.Ok(await vault.ReadAsync("auth/token/roles/app"));
        Assert.Equal("app", data["name"]!.GetValue<string>());
        Assert.Equal("""["db","web"]""", data["allowed_policies"]!.ToJsonString());
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.True(data["renewable"]!.GetValue<bool>());
        Assert.Equal(3600, data["token_period"]!.GetValue<long>());
        Assert.Equal(7200, data["token_explicit_max_ttl"]!.GetValue<long>());
        Assert.Equal(1800, data["token_ttl"]!.GetValue<long>());
        Assert.Equal(7200, data["token_max_ttl"]!.GetValue<long>());
        Assert.Equal("rev1", data["path_suffix"]!.GetValue<string>());
        Assert.Equal("default-service", data["token_type"]!.GetValue<string>());
        Assert.Equal("""["app"]""", VaultAssert.Ok(await vault.ListAsync("auth/token/roles/"))["keys"]!.ToJsonString());

        VaultAssert.NoContent(await vault.DeleteAsync("auth/token/roles/app"));
        VaultAssert.Error(await vault.ReadAsync("auth/token/roles/app"), 404);
        VaultAssert.Error(await vault.ListAsync("auth/token/roles/"), 404);
    }

    [Fact]
    public async Task Roles_Update_KeepsFieldsNotGiven_LegacyPeriodAccepted()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.WriteAsync("auth/token/roles/app", new JsonObject { ["allowed_policies"] = "web", ["renewable"] = false });

        var response = await vault.WriteAsync("auth/token/roles/app", new JsonObject { ["period"] = "2h", ["token_period"] = "1h" });

        Assert.Contains("Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value", response!.Warnings);
        var data = VaultAssert.Ok(await vault.ReadAsync("auth/token/roles/app"));
        Assert.Equal("""["web"]""", data["allowed_policies"]!.ToJsonString());
        Assert.False(data["renewable"]!.GetValue<bool>());
        Assert.Equal(3600, data["token_period"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"token_type":"batch"}""", "'token_type' cannot be 'batch' when role is set to generate non-orphan tokens")]
    [InlineData("""{"token_type":"batch","orphan":true}""", "'token_type' cannot be 'batch' when role is set to generate renewable tokens")]
    [InlineData("""{"token_type":"odd"}""", "invalid 'token_type' value \"odd\"")]
    [InlineData("""{"path_suffix":"!!"}""", "given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w")]
    [InlineData("""{"token_ttl":"forever"}""", "error converting input for field \"token_ttl\": expected duration")]
    public async Task Roles_InvalidSettings_Return400(string body, string message)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/roles/r", JsonNode.Parse(body)!.AsObject()), 400, message);
    }

    [Fact]
    public async Task CreateAgainstRole_AppliesTheRole()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.WriteAsync("auth/token/roles/app", new JsonObject
        {
            ["allowed_policies"] = "web,db",
            ["orphan"] = true,
            ["token_period"] = "1h",
            ["path_suffix"] = "rev1",
        });

        var (id, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" }, "auth/token/create/app");

        Assert.Equal("""["default","web"]""", auth["policies"]!.ToJsonString());
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        var data = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)));
        Assert.Equal("app", data["role"]!.GetValue<string>());
        Assert.Equal("auth/token/create/app/rev1", data["path"]!.GetValue<string>());
        Assert.Equal(3600, data["period"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateAgainstRole_WithoutPolicies_GetsTheAllowedOnes()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.WriteAsync("auth/token/roles/app", new JsonObject { ["allowed_policies"] = "web,db" });

        var (_, auth) = await vault.CreateTokenAsync(path: "auth/token/create/app");

        Assert.Equal("""["db","default","web"]""", auth["policies"]!.ToJsonString());
    }

    [Fact]
    public async Task CreateAgainstRole_PolicyOutsideTheRole_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.WriteAsync("auth/token/roles/app", new JsonObject { ["allowed_policies"] = "web", ["disallowed_policies"] = "admin" });
        await vault.WriteAsync("auth/token/roles/deny", new JsonObject { ["disallowed_policies"] = "admin" });

        VaultAssert.Error(
            await vault.WriteAsync("auth/token/create/app", TokenTestKit.Body("policies", "db")),
            400,
            "token policies ([\"db\" \"default\"]) must be subset of the role's allowed policies ([\"default\" \"web\"]) or glob policies ([])");
        VaultAssert.Error(await vault.WriteAsync("auth/token/create/deny", TokenTestKit.Body("policies", "admin")), 400, "token policy \"admin\" is disallowed by this role");
        VaultAssert.Error(await vault.WriteAsync("auth/token/create/nope", []), 400, "unknown role nope");
    }

    [Fact]
    public async Task CreateAgainstRole_RenewalsFollowTheRolesExplicitMax()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.WriteAsync("auth/token/roles/app", new JsonObject { ["allowed_policies"] = "web", ["token_explicit_max_ttl"] = "2h" });
        var (id, auth) = await vault.CreateTokenAsync(new JsonObject { ["ttl"] = "1h" }, "auth/token/create/app");
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        vault.Time.Advance(TimeSpan.FromMinutes(50));

        var renewed = TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew", new JsonObject { ["token"] = id, ["increment"] = "2h" }));

        Assert.Equal(70 * 60, renewed["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateAgainstRole_BatchRole_MakesBatchTokens()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/token/roles/b", new JsonObject { ["token_type"] = "batch", ["orphan"] = true, ["renewable"] = false, ["allowed_policies"] = "web" }));

        var (id, auth) = await vault.CreateTokenAsync(path: "auth/token/create/b");

        Assert.StartsWith("hvb.", id, StringComparison.Ordinal);
        Assert.Equal("batch", auth["token_type"]!.GetValue<string>());
        Assert.True(auth["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateAgainstRole_NumUsesNoDefaultAndTtls_AreApplied()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.WriteAsync("auth/token/roles/app", new JsonObject
        {
            ["allowed_policies"] = "web",
            ["token_num_uses"] = 3,
            ["token_no_default_policy"] = true,
            ["token_ttl"] = "20m",
            ["token_max_ttl"] = "30m",
            ["renewable"] = false,
        });

        var (_, auth) = await vault.CreateTokenAsync(new JsonObject { ["num_uses"] = 5 }, "auth/token/create/app");
        var (_, longer) = await vault.CreateTokenAsync(new JsonObject { ["ttl"] = "2h" }, "auth/token/create/app");

        Assert.Equal(3, auth["num_uses"]!.GetValue<long>());
        Assert.Equal("""["web"]""", auth["policies"]!.ToJsonString());
        Assert.Equal(1200, auth["lease_duration"]!.GetValue<long>());
        Assert.False(auth["renewable"]!.GetValue<bool>());
        Assert.Equal(1800, longer["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateAgainstRole_DefaultBatch_IsBatchUnlessTheCallerAsksForService()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.WriteAsync("auth/token/roles/b", new JsonObject { ["token_type"] = "default-batch", ["allowed_policies"] = "web" });

        var (batch, _) = await vault.CreateTokenAsync(path: "auth/token/create/b");
        var (service, _) = await vault.CreateTokenAsync(TokenTestKit.Body("type", "service"), "auth/token/create/b");

        Assert.StartsWith("hvb.", batch, StringComparison.Ordinal);
        Assert.StartsWith("hvs.", service, StringComparison.Ordinal);
    }
}
