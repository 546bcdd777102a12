using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Tokens;

public sealed class TokenLookupPathsTests
{
    [Fact]
    public async Task Lookup_GivenToken_ReturnsVaultFields()
    {
        using var vault = await TestVault.InitializedAsync();
        var created = vault.Time.GetUtcNow().ToUnixTimeSeconds();
        var (id, auth) = await vault.CreateTokenAsync(new JsonObject
        {
            ["policies"] = "web",
            ["ttl"] = "1h",
            ["explicit_max_ttl"] = "2h",
            ["display_name"] = "app",
            ["meta"] = new JsonObject { ["team"] = "a" },
        });

        var data = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)));

        Assert.Equal(id, data["id"]!.GetValue<string>());
        Assert.Equal(TokenTestKit.Accessor(auth), data["accessor"]!.GetValue<string>());
        Assert.Equal(created, data["creation_time"]!.GetValue<long>());
        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());
        Assert.Equal(3600, data["ttl"]!.GetValue<long>());
        Assert.Equal("2026-11-28T13:00:00Z", data["expire_time"]!.GetValue<string>());
        Assert.Equal("2026-11-28T12:00:00Z", data["issue_time"]!.GetValue<string>());
        Assert.Equal(7200, data["explicit_max_ttl"]!.GetValue<long>());
        Assert.Equal("token-app", data["display_name"]!.GetValue<string>());
        Assert.Equal("", data["entity_id"]!.GetValue<string>());
        Assert.Equal("""{"team":"a"}""", data["meta"]!.ToJsonString());
        Assert.Equal(0, data["num_uses"]!.GetValue<long>());
        Assert.False(data["orphan"]!.GetValue<bool>());
        Assert.Equal("auth/token/create", data["path"]!.GetValue<string>());
        Assert.Equal("""["default","web"]""", data["policies"]!.ToJsonString());
        Assert.True(data["renewable"]!.GetValue<bool>());
        Assert.Equal("service", data["type"]!.GetValue<string>());
        Assert.False(data.ContainsKey("role"));
        Assert.False(data.ContainsKey("period"));
        Assert.False(data.ContainsKey("last_renewal_time"));
    }

    [Fact]
    public async Task Lookup_TtlCountsDownWithTheClock()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web", ["ttl"] = "1h" });

        vault.Time.Advance(TimeSpan.FromMinutes(20));

        var data = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)));
        Assert.Equal(2400, data["ttl"]!.GetValue<long>());
        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Lookup_RootToken_NeverExpires()
    {
        using var vault = await TestVault.InitializedAsync();

        var data = VaultAssert.Ok(await vault.LookupSelfAsync(TestVault.RootToken));

        Assert.Equal(TestVault.RootToken, data["id"]!.GetValue<string>());
        Assert.Null(data["expire_time"]);
        Assert.Equal(0, data["ttl"]!.GetValue<long>());
        Assert.False(data["renewable"]!.GetValue<bool>());
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.Equal("auth/token/root", data["path"]!.GetValue<string>());
        Assert.Equal("root", data["display_name"]!.GetValue<string>());
        Assert.Null(data["meta"]);
    }

    [Fact]
    public async Task Lookup_WithoutToken_ReturnsCallersOwn()
    {
        using var vault = await TestVault.InitializedAsync();

        var data = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup", []));

        Assert.Equal(TestVault.RootToken, data["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("hvs.AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nonsense")]
    [InlineData("hvb.AAAA")]
    public async Task Lookup_UnknownToken_Returns403BadToken(string token)
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", token));

        VaultAssert.Error(response, 403, "bad token");
    }

    [Fact]
    public async Task Lookup_ExpiredToken_Returns403BadTokenAndThePipelineRefusesIt()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateRootChildAsync(ttl: "1h");
        VaultAssert.Ok(await vault.LookupSelfAsync(id));

        vault.Time.Advance(TimeSpan.FromHours(1));

        VaultAssert.Error(await vault.WriteAsync("auth/token/lookup", TokenTestKit.Body("token", id)), 403, "bad token");
        VaultAssert.Error(await vault.LookupSelfAsync(id), 403, "permission denied");
        VaultAssert.Error(await vault.ReadAsync("sys/mounts", id), 403, "permission denied");
    }

    [Fact]
    public async Task LookupAccessor_ReturnsDataWithoutId()
    {
        using var vault = await TestVault.InitializedAsync();
        var (_, auth) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });

        var data = VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup-accessor", TokenTestKit.Body("accessor", TokenTestKit.Accessor(auth))));

        Assert.Equal("", data["id"]!.GetValue<string>());
        Assert.Equal(TokenTestKit.Accessor(auth), data["accessor"]!.GetValue<string>());
        Assert.Equal("""["default","web"]""", data["policies"]!.ToJsonString());
    }

    [Fact]
    public async Task LookupAccessor_MissingOrUnknown_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/token/lookup-accessor", []), 400, "missing accessor");
        VaultAssert.Error(await vault.WriteAsync("auth/token/lookup-accessor", TokenTestKit.Body("accessor", "nope")), 400, "invalid accessor");
    }

    [Fact]
    public async Task LookupSelf_OverGetAndPost_ReturnsTheCaller()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateRootChildAsync();

        Assert.Equal(id, VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", id))["id"]!.GetValue<string>());
        Assert.Equal(id, VaultAssert.Ok(await vault.WriteAsync("auth/token/lookup-self", [], id))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lookup_GetWithQueryToken_Works()
    {
        using var vault = await TestVault.InitializedAsync();
        var (id, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "web" });

        var response = await vault.SendAsync(Operation.Read, "auth/token/lookup", TokenTestKit.Body("token", id), TestVault.RootToken);

        Assert.Equal(id, VaultAssert.Ok(response)["id"]!.GetValue<string>());
    }
}
