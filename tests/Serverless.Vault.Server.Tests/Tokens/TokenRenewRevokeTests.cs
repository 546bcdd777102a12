using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>Renewal, revocation (self, by token, by accessor, orphaning), LIST accessors and tidy over HTTP.</summary>
public sealed class TokenRenewRevokeTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await _vault.WritePolicyAsync("web", """path "secret/data/web/*" { capabilities = ["read"] }""");
        await _vault.WritePolicyAsync("operator", """
            path "auth/token/create" { capabilities = ["update"] }
            path "auth/token/revoke-orphan" { capabilities = ["update"] }
            path "auth/token/accessors" { capabilities = ["list"] }
            """);
        await _vault.WritePolicyAsync("operator-sudo", """
            path "auth/token/create" { capabilities = ["update"] }
            path "auth/token/revoke-orphan" { capabilities = ["update", "sudo"] }
            path "auth/token/accessors" { capabilities = ["list", "sudo"] }
            """);
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Renew_WithToken_ReturnsAuthBlockWithLeaseDuration()
    {
        var token = await NewTokenAsync("1h");
        var response = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/renew", new { token, increment = "2h" });
        Assert.Null(response["data"]);
        var auth = response["auth"]!;
        Assert.Equal(token, auth["client_token"]!.GetValue<string>());
        Assert.Equal(7200, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal(["default", "web"], TokenRequests.Sorted(auth["policies"]));
    }

    [Fact]
    public async Task RenewSelf_WithIncrement_ExtendsFromNow()
    {
        var token = await NewTokenAsync("1h");
        var auth = (await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/renew-self", new { increment = "3h" }, token))["auth"]!;
        Assert.Equal(10800, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal(token, auth["client_token"]!.GetValue<string>());
        var ttl = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token))["data"]!["ttl"]!.GetValue<long>();
        Assert.InRange(ttl, 10700, 10800);
    }

    [Fact]
    public async Task RenewSelf_WithoutIncrement_GrantsCreationTtl()
    {
        var token = await NewTokenAsync("45m");
        var auth = (await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/renew-self", new { }, token))["auth"]!;
        Assert.Equal(2700, auth["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task RenewAccessor_ReturnsAuthWithoutTokenId()
    {
        var created = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, ttl = "1h" });
        var response = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/renew-accessor", new { accessor = created["accessor"]!.GetValue<string>(), increment = "90m" });
        var auth = response["auth"]!;
        Assert.Equal("", auth["client_token"]!.GetValue<string>());
        Assert.Equal(created["accessor"]!.GetValue<string>(), auth["accessor"]!.GetValue<string>());
        Assert.Equal(5400, auth["lease_duration"]!.GetValue<long>());
        Assert.DoesNotContain(created["client_token"]!.GetValue<string>(), response.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_PastExplicitMaxTtl_IsCappedWithWarning()
    {
        var token = (await _vault.CreateTokenAsync(new { policies = new[] { "web" }, ttl = "10m", explicit_max_ttl = "20m" }))["client_token"]!.GetValue<string>();
        var response = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/renew-self", new { increment = "1h" }, token);
        Assert.InRange(response["auth"]!["lease_duration"]!.GetValue<long>(), 1140, 1200);
        Assert.NotEmpty(TokenRequests.Strings(response["warnings"]));
    }

    [Fact]
    public async Task Renew_UnknownOrBatch_Returns400()
    {
        using var unknown = await _vault.SendAsync(HttpMethod.Post, "auth/token/renew", new { token = "hvs.AAAAAAAAAAAAAAAAAAAAAAAA" });
        Assert.Equal(["token not found"], await HttpResponseAssert.ErrorAsync(unknown, HttpStatusCode.BadRequest));
        var batch = (await _vault.CreateTokenAsync(new { type = "batch", policies = new[] { "web" } }))["client_token"]!.GetValue<string>();
        using var renewBatch = await _vault.SendAsync(HttpMethod.Post, "auth/token/renew", new { token = batch });
        Assert.Equal(["batch tokens cannot be renewed"], await HttpResponseAssert.ErrorAsync(renewBatch, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task RenewOrRevoke_EmptyToken_Returns400MissingTokenId()
    {
        // Unlike lookup, these have no fallback to the caller's token.
        foreach (var path in new[] { "auth/token/renew", "auth/token/revoke", "auth/token/revoke-orphan" })
        {
            using var response = await _vault.SendAsync(HttpMethod.Post, path, new { token = "" });
            Assert.Equal(["missing token ID"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task Revoke_Returns204_ThenTokenAndChildrenAre403()
    {
        var parent = await _vault.CreateTokenAsync(new { policies = new[] { "operator" } });
        var parentToken = parent["client_token"]!.GetValue<string>();
        var child = (await _vault.CreateTokenAsync(new { policies = new[] { "operator" } }, parentToken))["client_token"]!.GetValue<string>();

        using (var revoke = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke", new { token = parentToken }))
        {
            await TokenRequests.AssertNoContentAsync(revoke);
        }

        await AssertRefusedAsync(parentToken);
        await AssertRefusedAsync(child);
        using var lookup = await _vault.SendAsync(HttpMethod.Post, "auth/token/lookup-accessor", new { accessor = parent["accessor"]!.GetValue<string>() });
        await HttpResponseAssert.ErrorAsync(lookup, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RevokeSelf_Returns204_ThenTokenIs403()
    {
        var token = await NewTokenAsync("1h");
        using (var revoke = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke-self", new { }, token))
        {
            await TokenRequests.AssertNoContentAsync(revoke);
        }

        await AssertRefusedAsync(token);
    }

    [Fact]
    public async Task RevokeAccessor_Returns204_ThenTokenIs403()
    {
        var created = await _vault.CreateTokenAsync(new { policies = new[] { "web" } });
        using (var revoke = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke-accessor", new { accessor = created["accessor"]!.GetValue<string>() }))
        {
            await TokenRequests.AssertNoContentAsync(revoke);
        }

        await AssertRefusedAsync(created["client_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokeAccessor_Unknown_WarnsWithoutError()
    {
        var response = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/revoke-accessor", new { accessor = "AAAAAAAAAAAAAAAAAAAAAAAA" });
        Assert.Equal(["No token found with this accessor"], TokenRequests.Strings(response["warnings"]));
    }

    [Fact]
    public async Task Revoke_UnknownToken_Returns204()
    {
        using var revoke = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke", new { token = "hvs.AAAAAAAAAAAAAAAAAAAAAAAA" });
        await TokenRequests.AssertNoContentAsync(revoke);
    }

    [Fact]
    public async Task RevokeOrphan_AsRoot_RevokesTokenButChildrenSurviveAsOrphans()
    {
        var parent = await _vault.TokenWithPoliciesAsync("operator");
        var child = (await _vault.CreateTokenAsync(new { policies = new[] { "operator" } }, parent))["client_token"]!.GetValue<string>();
        var grandchild = (await _vault.CreateTokenAsync(new { policies = new[] { "operator" } }, child))["client_token"]!.GetValue<string>();

        using (var revoke = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke-orphan", new { token = parent }))
        {
            await TokenRequests.AssertNoContentAsync(revoke);
        }

        await AssertRefusedAsync(parent);
        var childData = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: child))["data"]!;
        Assert.True(childData["orphan"]!.GetValue<bool>());
        var grandchildData = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: grandchild))["data"]!;
        Assert.False(grandchildData["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RevokeOrphan_WithoutSudo_Returns403_WithSudoSucceeds()
    {
        var victim = await _vault.TokenWithPoliciesAsync("web");
        var noSudo = await _vault.TokenWithPoliciesAsync("operator");
        using (var denied = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke-orphan", new { token = victim }, noSudo))
        {
            Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(denied, HttpStatusCode.Forbidden));
        }

        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "auth/token/lookup-self", token: victim));
        var sudo = await _vault.TokenWithPoliciesAsync("operator-sudo");
        using (var allowed = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke-orphan", new { token = victim }, sudo))
        {
            await TokenRequests.AssertNoContentAsync(allowed);
        }

        await AssertRefusedAsync(victim);
    }

    [Fact]
    public async Task Accessors_ListAsRootOrSudo_ContainsTokenAccessors_WithoutSudoIs403()
    {
        var created = await _vault.CreateTokenAsync(new { policies = new[] { "web" } });

        var list = await _vault.ReadJsonAsync(TokenRequests.List, "auth/token/accessors");
        var keys = TokenRequests.Strings(list["data"]!["keys"]);
        Assert.Contains(created["accessor"]!.GetValue<string>(), keys);
        Assert.All(keys, key => Assert.Matches(TokenRequests.Accessor(), key));
        Assert.DoesNotContain(created["client_token"]!.GetValue<string>(), list.ToJsonString(), StringComparison.Ordinal);

        var viaQuery = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/accessors?list=true");
        Assert.Contains(created["accessor"]!.GetValue<string>(), TokenRequests.Strings(viaQuery["data"]!["keys"]));

        var sudo = await _vault.TokenWithPoliciesAsync("operator-sudo");
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(TokenRequests.List, "auth/token/accessors", token: sudo));

        var noSudo = await _vault.TokenWithPoliciesAsync("operator");
        using var denied = await _vault.SendAsync(TokenRequests.List, "auth/token/accessors", token: noSudo);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(denied, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Accessors_RevokedToken_DisappearsFromList()
    {
        var created = await _vault.CreateTokenAsync(new { policies = new[] { "web" } });
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke-accessor", new { accessor = created["accessor"]!.GetValue<string>() })).Dispose();
        var list = await _vault.ReadJsonAsync(TokenRequests.List, "auth/token/accessors");
        Assert.DoesNotContain(created["accessor"]!.GetValue<string>(), TokenRequests.Strings(list["data"]!["keys"]));
    }

    [Fact]
    public async Task Tidy_Returns202WithVaultsWarning()
    {
        await NewTokenAsync("1h");
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/tidy", new { });
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.Accepted);
        var warning = Assert.Single(TokenRequests.Strings(body["warnings"]));
        Assert.StartsWith("Tidy operation successfully started", warning, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "auth/token/lookup-self"));
    }

    [Fact]
    public async Task Tidy_WithoutPermission_Returns403()
    {
        var token = await NewTokenAsync("1h");
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/tidy", new { }, token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden));
    }

    private async Task<string> NewTokenAsync(string ttl) =>
        (await _vault.CreateTokenAsync(new { policies = new[] { "web" }, ttl }))["client_token"]!.GetValue<string>();

    private async Task AssertRefusedAsync(string token)
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "auth/token/lookup-self", token: token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden));
    }
}
