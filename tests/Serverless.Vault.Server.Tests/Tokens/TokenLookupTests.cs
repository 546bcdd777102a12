using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>auth/token/lookup, lookup-self and lookup-accessor: the field set, its types, and the errors.</summary>
public sealed class TokenLookupTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await _vault.WritePolicyAsync("web", """path "secret/data/web/*" { capabilities = ["read"] }""");
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task LookupSelf_ChildToken_HasVaultsFieldSetAndTypes()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, ttl = "1h" });
        var token = auth["client_token"]!.GetValue<string>();

        var response = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token);
        var data = response["data"]!.AsObject();

        Assert.Equal(
            ["accessor", "creation_time", "creation_ttl", "display_name", "entity_id", "expire_time", "explicit_max_ttl", "id",
             "issue_time", "meta", "num_uses", "orphan", "path", "policies", "renewable", "ttl", "type"],
            data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(auth["accessor"]!.GetValue<string>(), data["accessor"]!.GetValue<string>());
        var created = data["creation_time"]!.GetValue<long>();
        Assert.InRange(created, before, before + 60);
        Assert.Equal(3600, data["creation_ttl"]!.GetValue<long>());
        Assert.Equal("token", data["display_name"]!.GetValue<string>());
        Assert.Equal("", data["entity_id"]!.GetValue<string>());
        var expire = DateTimeOffset.Parse(data["expire_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(created + 3600, expire.ToUnixTimeSeconds());
        Assert.Equal(0, data["explicit_max_ttl"]!.GetValue<long>());
        Assert.Equal(token, data["id"]!.GetValue<string>());
        Assert.Equal(created, DateTimeOffset.Parse(data["issue_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        Assert.Null(data["meta"]);
        Assert.Equal(0, data["num_uses"]!.GetValue<long>());
        Assert.False(data["orphan"]!.GetValue<bool>());
        Assert.Equal("auth/token/create", data["path"]!.GetValue<string>());
        Assert.Equal(["default", "web"], TokenRequests.Sorted(data["policies"]));
        Assert.True(data["renewable"]!.GetValue<bool>());
        Assert.InRange(data["ttl"]!.GetValue<long>(), 3540, 3600);
        Assert.Equal("service", data["type"]!.GetValue<string>());

        // Integers are JSON numbers, not strings; the envelope carries no auth and no lease.
        foreach (var name in new[] { "creation_time", "creation_ttl", "explicit_max_ttl", "num_uses", "ttl" })
        {
            Assert.Equal(JsonValueKind.Number, data[name]!.GetValueKind());
        }

        Assert.Null(response["auth"]);
        Assert.Equal("", response["lease_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task LookupSelf_RootToken_NeverExpires()
    {
        var data = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self"))["data"]!;
        Assert.Equal(["root"], TokenRequests.Strings(data["policies"]));
        Assert.Equal(0, data["ttl"]!.GetValue<long>());
        Assert.Null(data["expire_time"]);
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.Equal("auth/token/root", data["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lookup_PostWithToken_ReturnsThatToken()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" } });
        var token = auth["client_token"]!.GetValue<string>();
        var data = (await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/lookup", new { token }))["data"]!;
        Assert.Equal(token, data["id"]!.GetValue<string>());
        Assert.Equal(auth["accessor"]!.GetValue<string>(), data["accessor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lookup_MissingToken_LooksUpTheCaller()
    {
        // Vault's handleLookup falls back to the client token; "missing token ID" needs both to be empty, which the
        // pipeline already refuses with 403.
        var data = (await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/lookup", new { }))["data"]!;
        Assert.Equal(_vault.RootToken, data["id"]!.GetValue<string>());

        using var anonymous = await _vault.SendAsync(HttpMethod.Post, "auth/token/lookup", new { }, token: "");
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(anonymous, HttpStatusCode.Forbidden));
    }

    [Theory]
    [InlineData("hvs.AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("hvb.AAAA")]
    public async Task Lookup_UnknownToken_Returns403BadToken(string token)
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/lookup", new { token });
        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(["bad token"], errors);
    }

    [Fact]
    public async Task Lookup_RevokedToken_Returns403BadToken()
    {
        var token = await _vault.TokenWithPoliciesAsync("web");
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke", new { token })).Dispose();
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/lookup", new { token });
        Assert.Equal(["bad token"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task LookupAccessor_ReturnsDataWithEmptyId()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, display_name = "by-accessor" });
        var accessor = auth["accessor"]!.GetValue<string>();
        var response = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/lookup-accessor", new { accessor });
        var data = response["data"]!;
        Assert.Equal("", data["id"]!.GetValue<string>());
        Assert.Equal(accessor, data["accessor"]!.GetValue<string>());
        Assert.Equal("token-by-accessor", data["display_name"]!.GetValue<string>());
        Assert.DoesNotContain(auth["client_token"]!.GetValue<string>(), response.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAccessor_UnknownOrMissing_Returns400()
    {
        using var unknown = await _vault.SendAsync(HttpMethod.Post, "auth/token/lookup-accessor", new { accessor = "AAAAAAAAAAAAAAAAAAAAAAAA" });
        Assert.Equal(["invalid accessor"], await HttpResponseAssert.ErrorAsync(unknown, HttpStatusCode.BadRequest));
        using var missing = await _vault.SendAsync(HttpMethod.Post, "auth/token/lookup-accessor", new { });
        Assert.Equal(["missing accessor"], await HttpResponseAssert.ErrorAsync(missing, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task LookupSelf_DefaultPolicyToken_AllowedButLookupOfOthersDenied()
    {
        var token = await _vault.TokenWithPoliciesAsync("web");
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "auth/token/lookup-self", token: token));
        using var other = await _vault.SendAsync(HttpMethod.Post, "auth/token/lookup", new { token = _vault.RootToken }, token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(other, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task LookupSelf_RenewedToken_ShowsLastRenewal()
    {
        var token = await _vault.TokenWithPoliciesAsync("web");
        await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/renew-self", new { increment = "2h" }, token);
        var data = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token))["data"]!.AsObject();
        Assert.Equal(JsonValueKind.Number, data["last_renewal_time"]!.GetValueKind());
        Assert.True(data.ContainsKey("last_renewal"));
        Assert.InRange(data["ttl"]!.GetValue<long>(), 7100, 7200);
    }
}
