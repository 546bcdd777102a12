using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenRenewPathsTests
{
    [Fact]
    public async Task Renew_WithIncrement_ExtendsFromNow()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1h" });
        vault.Time.Advance(TimeSpan.FromMinutes(30));

        var auth = TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew", new JsonObject { ["token"] = id, ["increment"] = "2h" }));

        Assert.Equal(id, auth["client_token"]!.GetValue<string>());
        Assert.Equal(7200, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        var data = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)));
        Assert.Equal(7200, data["ttl"]!.GetValue<long>());
        Assert.Equal("2026-11-28T14:30:00Z", data["expire_time"]!.GetValue<string>());
        Assert.Equal(vault.Time.GetUtcNow().ToUnixTimeSeconds(), data["last_renewal_time"]!.GetValue<long>());
        Assert.Equal("2026-11-28T12:30:00Z", data["last_renewal"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renew_WithoutIncrement_GrantsTheCreationTtlAgain()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1h" });
        vault.Time.Advance(TimeSpan.FromMinutes(45));

        var auth = TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew", TokenTestKit.Body("token", id)));

        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Renew_PastExplicitMax_IsCappedFromCreation()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1h", ["explicit_max_ttl"] = "2h" });
        vault.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(3600, TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew", new JsonObject { ["token"] = id, ["increment"] = "1h" }))["lease_duration"]!.GetValue<long>());
        vault.Time.Advance(TimeSpan.FromMinutes(50));

        var response = await vault.WriteAsync("auth/token/renew", new JsonObject { ["token"] = id, ["increment"] = "1h" });

        Assert.Equal(1200, TokenTestKit.Auth(response)["lease_duration"]!.GetValue<long>());
        Assert.Contains(response!.Warnings, w => w.Contains("exceeded the effective max_ttl of \"20m0s\"", StringComparison.Ordinal));
        vault.Time.Advance(TimeSpan.FromMinutes(20));
        VaultAssert.Error(await vault.WriteAsync("auth/token/renew", TokenTestKit.Body("token", id)), 400, "token not found");
    }

    [Fact]
    public async Task Renew_PastMountMax_IsCappedAt768HoursFromCreation()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "700h" });
        vault.Time.Advance(TimeSpan.FromHours(600));

        var auth = TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew", new JsonObject { ["token"] = id, ["increment"] = "500h" }));

        Assert.Equal(168 * 3600, auth["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Renew_Periodic_RenewsToThePeriodForever()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["period"] = "1h" });

        for (var i = 0; i < 30; i++)
        {
            vault.Time.Advance(TimeSpan.FromMinutes(50));
            var auth = TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew", new JsonObject { ["token"] = id, ["increment"] = "10h" }));
            Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        }

        Assert.Equal(3600, VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)))["period"]!.GetValue<long>());
    }

    [Fact]
    public async Task RenewSelf_ExtendsTheCaller()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateRootChildAsync(ttl: "1h");
        vault.Time.Advance(TimeSpan.FromMinutes(59));

        TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew-self", TokenTestKit.Body("increment", 3600), id));
        vault.Time.Advance(TimeSpan.FromMinutes(30));

        VaultAssert.Ok(await vault.LookupSelfAsync(id));
    }

    [Fact]
    public async Task RenewAccessor_HidesTheToken()
    {
        using var vault = await TestVault.InitializedAsync();
        var (_, created) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1h" });

        var auth = TokenTestKit.Auth(await vault.WriteAsync("auth/token/renew-accessor", new JsonObject { ["accessor"] = TokenTestKit.Accessor(created), ["increment"] = "2h" }));

        Assert.Equal("", auth["client_token"]!.GetValue<string>());
        Assert.Equal(7200, auth["lease_duration"]!.GetValue<long>());
        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-accessor", TokenTestKit.Body("accessor", "nope")), 400, "invalid accessor");
    }

    [Fact]
    public async Task Renew_NonRenewableOrRoot_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["renewable"] = false });

        VaultAssert.Error(await vault.WriteAsync("auth/token/renew", TokenTestKit.Body("token", id)), 400, "lease is not renewable");
        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-self", []), 400, "lease is not renewable");
    }

    [Fact]
    public async Task Renew_MissingOrUnknown_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/renew", []), 400, "missing token ID");
        VaultAssert.Error(await vault.WriteAsync("auth/token/renew", TokenTestKit.Body("token", "hvs.nothing")), 400, "token not found");
    }
}
