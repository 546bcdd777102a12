using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>
/// Tokens that must not work get 403 "permission denied" (never 401), and no answer carries a token id anywhere
/// but in the fields Vault returns it in (auth.client_token, lookup data.id).
/// </summary>
public sealed class TokenRefusalTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await _vault.WritePolicyAsync("web", """path "secret/data/web/*" { capabilities = ["read", "create", "update"] }""");
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task ExpiredToken_Returns403()
    {
        var token = (await _vault.CreateTokenAsync(new { policies = new[] { "web" }, ttl = "1s" }))["client_token"]!.GetValue<string>();
        await Task.Delay(TimeSpan.FromSeconds(2.1));
        await AssertEveryPathRefusesAsync(token);
    }

    [Fact]
    public async Task RevokedToken_Returns403()
    {
        var token = await _vault.TokenWithPoliciesAsync("web");
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke-self", new { }, token)).Dispose();
        await AssertEveryPathRefusesAsync(token);
    }

    [Fact]
    public async Task TamperedBatchToken_Returns403()
    {
        var token = (await _vault.CreateTokenAsync(new { policies = new[] { "web" }, type = "batch" }))["client_token"]!.GetValue<string>();
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];
        await AssertEveryPathRefusesAsync(tampered);
    }

    [Fact]
    public async Task BatchTokenOfRevokedParent_Returns403()
    {
        await _vault.WritePolicyAsync("maker", """path "auth/token/create" { capabilities = ["update"] }""");
        var maker = await _vault.TokenWithPoliciesAsync("maker", "web");
        var batch = (await _vault.CreateTokenAsync(new { policies = new[] { "web" }, type = "batch" }, maker))["client_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "auth/token/lookup-self", token: batch));

        // A batch token cannot be revoked itself; revoking its parent ends it.
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke", new { token = maker })).Dispose();
        await AssertEveryPathRefusesAsync(batch);
    }

    [Fact]
    public async Task UsedUpToken_Returns403()
    {
        var token = (await _vault.CreateTokenAsync(new { policies = new[] { "web" }, num_uses = 2 }))["client_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "auth/token/lookup-self", token: token));
        var last = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token);
        Assert.Equal(-1, last["data"]!["num_uses"]!.GetValue<long>());
        await AssertEveryPathRefusesAsync(token);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("hvs.AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("hvb.")]
    [InlineData("s.legacyformat")]
    public async Task UnknownToken_Returns403(string token) => await AssertEveryPathRefusesAsync(token);

    [Fact]
    public async Task ResponseBodies_CarryTokenOnlyInClientTokenOrId()
    {
        var created = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, ttl = "1h", meta = new { who = "me" } });
        var token = created["client_token"]!.GetValue<string>();
        var accessor = created["accessor"]!.GetValue<string>();
        var revoked = await _vault.TokenWithPoliciesAsync("web");
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke", new { token = revoked })).Dispose();

        var requests = new (HttpMethod Method, string Path, object? Body, string? As)[]
        {
            (HttpMethod.Get, "auth/token/lookup-self", null, token),
            (HttpMethod.Post, "auth/token/lookup", new { token }, null),
            (HttpMethod.Post, "auth/token/lookup-accessor", new { accessor }, null),
            (HttpMethod.Post, "auth/token/renew", new { token }, null),
            (HttpMethod.Post, "auth/token/renew-self", new { }, token),
            (HttpMethod.Post, "auth/token/renew-accessor", new { accessor }, null),
            (TokenRequests.List, "auth/token/accessors", null, null),
            (HttpMethod.Post, "sys/capabilities", new { token, paths = new[] { "secret/data/web/x" } }, null),
            (HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "secret/data/web/x" } }, token),
            (HttpMethod.Post, "sys/capabilities-accessor", new { accessor, paths = new[] { "secret/data/web/x" } }, null),
            (HttpMethod.Post, "secret/data/web/x", new { data = new { v = 1 } }, token),
            (HttpMethod.Get, "secret/data/web/x", null, token),
            (HttpMethod.Get, "secret/data/other", null, token),
            (HttpMethod.Get, "sys/mounts", null, token),
            (HttpMethod.Post, "auth/token/lookup", new { token = revoked }, null),
            (HttpMethod.Post, "auth/token/renew", new { token = revoked }, null),
            (HttpMethod.Get, "auth/token/lookup-self", null, revoked),
            (HttpMethod.Post, "auth/token/create", new { policies = new[] { "nosuch" } }, token),
            (HttpMethod.Post, "sys/capabilities", new { token = revoked, paths = new[] { "x" } }, null),
        };
        foreach (var (method, path, body, caller) in requests)
        {
            using var response = await _vault.SendAsync(method, path, body, caller);
            var text = await response.Content.ReadAsStringAsync();
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            if (text.Length == 0)
            {
                continue;
            }

            var json = JsonNode.Parse(text)!.AsObject();
            (json["auth"] as JsonObject)?.Remove("client_token");
            (json["data"] as JsonObject)?.Remove("id");
            var rest = json.ToJsonString();
            foreach (var secret in new[] { token, revoked, _vault.RootToken! })
            {
                Assert.False(rest.Contains(secret, StringComparison.Ordinal), $"{method} {path} ({(int)response.StatusCode}) leaks a token: {text}");
            }
        }
    }

    private async Task AssertEveryPathRefusesAsync(string token)
    {
        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, "auth/token/lookup-self", null),
            (HttpMethod.Post, "auth/token/renew-self", new { }),
            (HttpMethod.Post, "auth/token/revoke-self", new { }),
            (HttpMethod.Post, "auth/token/create", new { }),
            (HttpMethod.Get, "secret/data/web/x", null),
            (HttpMethod.Post, "secret/data/web/x", new { data = new { v = 1 } }),
            (HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "secret/data/web/x" } }),
            (HttpMethod.Get, "sys/internal/ui/mounts/secret/web/x", null),
        };
        foreach (var (method, path, body) in requests)
        {
            using var response = await _vault.SendAsync(method, path, body, token);
            var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden);
            Assert.Equal(["permission denied"], errors);
            Assert.DoesNotContain(token, string.Join(' ', errors), StringComparison.Ordinal);
        }
    }
}
