using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>JWT and OIDC logins over HTTP against a real OpenID provider (node-oidc-provider).</summary>
[Collection(OidcProviderCollection.Name)]
public sealed class JwtHttpTests(OidcProviderFixture provider) : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await WriteAsync("sys/auth/jwt", new { type = "jwt" });
        await WriteAsync("auth/jwt/config", new
        {
            oidc_discovery_url = provider.Issuer,
            oidc_client_id = OidcProviderFixture.ClientId,
            oidc_client_secret = OidcProviderFixture.ClientSecret,
            bound_issuer = provider.Issuer,
        });
        await WriteAsync("auth/jwt/role/ci", new
        {
            role_type = "jwt",
            user_claim = "sub",
            bound_audiences = new[] { "vault" },
            bound_claims_type = "glob",
            bound_claims = new { repo = "acme/*" },
            claim_mappings = new { repo = "repository" },
            token_policies = new[] { "ci" },
        });
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Login_DiscoveryAndJwks_MintsToken()
    {
        var jwt = await provider.SignAsync(Claims());

        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/jwt/login", new { role = "ci", jwt }, token: "");

        var auth = body["auth"]!;
        Assert.Equal("acme/app", auth["metadata"]!["repository"]!.GetValue<string>());
        Assert.Contains("ci", auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        var self = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: auth["client_token"]!.GetValue<string>());
        Assert.Equal("jwt-runner-1", self["data"]!["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_AfterKeyRotation_NewKidValidatesAfterRefresh()
    {
        await _vault.ReadJsonAsync(HttpMethod.Post, "auth/jwt/login", new { role = "ci", jwt = await provider.SignAsync(Claims()) }, token: "");

        await provider.RotateAsync();
        var jwt = await provider.SignAsync(Claims());

        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/jwt/login", new { role = "ci", jwt }, token: "");
        Assert.NotNull(body["auth"]!["client_token"]);
    }

    [Fact]
    public async Task Login_UnknownKids_RefreshTheJwksAtMostOncePerInterval()
    {
        await _vault.ReadJsonAsync(HttpMethod.Post, "auth/jwt/login", new { role = "ci", jwt = await provider.SignAsync(Claims()) }, token: "");
        var before = await provider.JwksRequestsAsync();

        for (var i = 0; i < 5; i++)
        {
            using var response = await _vault.SendAsync(HttpMethod.Post, "auth/jwt/login", new { role = "ci", jwt = await provider.SignAsync(Claims(), kid: $"made-up-{i}") }, token: "");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(before + 1, await provider.JwksRequestsAsync());
    }

    public static TheoryData<string, string> Rejections => new()
    {
        { "wrong-aud", "error validating token: invalid audience (aud) claim" },
        { "no-aud", "error validating token: invalid audience (aud) claim" },
        { "expired", "error validating token: token is expired (exp)" },
        { "not-yet-valid", "error validating token: token not valid yet (nbf)" },
        { "unknown-kid", "error validating token: failed to verify signature" },
        { "tampered", "error validating token: failed to verify signature" },
        { "wrong-iss", "error validating token: invalid issuer (iss) claim" },
        { "missing-claim", "error validating claims: claim \"repo\" is missing" },
        { "glob-mismatch", "error validating claims: claim \"repo\" does not match any associated bound claim values" },
        { "alg-none", "error validating token: unsupported signing algorithm \"none\"" },
        { "hs256", "error validating token: unsupported signing algorithm \"HS256\"" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Login_BadToken_Returns400AndMintsNothing(string kind, string message)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwt = kind switch
        {
            "wrong-aud" => await provider.SignAsync(Claims(c => c["aud"] = "other")),
            "no-aud" => await provider.SignAsync(Claims(c => c.Remove("aud"))),
            "expired" => await provider.SignAsync(Claims(c => c["exp"] = now - 600)),
            "not-yet-valid" => await provider.SignAsync(Claims(c => c["nbf"] = now + 600)),
            "unknown-kid" => await provider.SignAsync(Claims(), kid: "no-such-kid"),
            "tampered" => AuthHttp.Tamper(await provider.SignAsync(Claims())),
            "wrong-iss" => await provider.SignAsync(Claims(c => c["iss"] = "https://evil.example")),
            "missing-claim" => await provider.SignAsync(Claims(c => c.Remove("repo"))),
            "glob-mismatch" => await provider.SignAsync(Claims(c => c["repo"] = "evil/app")),
            "alg-none" => await provider.SignAsync(Claims(), alg: "none"),
            "hs256" => await provider.SignAsync(Claims(), alg: "HS256"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var before = await TokenCountAsync();

        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/jwt/login", new { role = "ci", jwt }, token: "");

        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([message], errors);
        Assert.Equal(before, await TokenCountAsync());
    }

    [Fact]
    public async Task Config_UnreachableDiscovery_Returns400()
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/jwt/config", new { oidc_discovery_url = "http://127.0.0.1:1" });

        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("error checking oidc discovery URL", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_JwksUrl_LoginWorks()
    {
        await WriteAsync("sys/auth/keys", new { type = "jwt" });
        await WriteAsync("auth/keys/config", new { jwks_url = provider.Issuer + "/jwks" });
        await WriteAsync("auth/keys/role/ci", new { role_type = "jwt", user_claim = "sub", bound_audiences = "vault" });

        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/keys/login", new { role = "ci", jwt = await provider.SignAsync(Claims()) }, token: "");

        Assert.NotNull(body["auth"]!["client_token"]);
    }

    [Fact]
    public async Task Oidc_BrowserFlow_LogsInWithTheIdToken()
    {
        await WriteRoleAsync();

        var authUrl = await AuthUrlAsync("client-nonce-1");
        var query = HttpUtility.ParseQueryString(new Uri(authUrl).Query);
        Assert.Equal(OidcProviderFixture.ClientId, query["client_id"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        var callback = HttpUtility.ParseQueryString((await provider.BrowserLoginAsync(authUrl, "carol")).Query);

        var body = await _vault.ReadJsonAsync(
            HttpMethod.Get, $"auth/jwt/oidc/callback?state={Uri.EscapeDataString(callback["state"]!)}&code={Uri.EscapeDataString(callback["code"]!)}&client_nonce=client-nonce-1", token: "");

        var auth = body["auth"]!;
        Assert.Equal("carol@example.test", auth["metadata"]!["email"]!.GetValue<string>());
        Assert.Equal("web", auth["metadata"]!["role"]!.GetValue<string>());

        // The state is single use.
        using var replay = await _vault.SendAsync(
            HttpMethod.Get, $"auth/jwt/oidc/callback?state={Uri.EscapeDataString(callback["state"]!)}&code={Uri.EscapeDataString(callback["code"]!)}&client_nonce=client-nonce-1", token: "");
        Assert.Equal(["Expired or missing OAuth state."], await HttpResponseAssert.ErrorAsync(replay, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Oidc_CallbackChecks_RefuseBadStateNonceAndCode()
    {
        await WriteRoleAsync();
        var before = await TokenCountAsync();

        using var unknown = await _vault.SendAsync(HttpMethod.Get, "auth/jwt/oidc/callback?state=made-up&code=x", token: "");
        Assert.Equal(["Expired or missing OAuth state."], await HttpResponseAssert.ErrorAsync(unknown, HttpStatusCode.BadRequest));

        var state = HttpUtility.ParseQueryString(new Uri(await AuthUrlAsync("n1")).Query)["state"]!;
        using var wrongNonce = await _vault.SendAsync(HttpMethod.Get, $"auth/jwt/oidc/callback?state={Uri.EscapeDataString(state)}&code=x&client_nonce=n2", token: "");
        Assert.Equal(["invalid client_nonce"], await HttpResponseAssert.ErrorAsync(wrongNonce, HttpStatusCode.BadRequest));

        state = HttpUtility.ParseQueryString(new Uri(await AuthUrlAsync("n1")).Query)["state"]!;
        using var badCode = await _vault.SendAsync(HttpMethod.Get, $"auth/jwt/oidc/callback?state={Uri.EscapeDataString(state)}&code=forged&client_nonce=n1", token: "");
        var errors = await HttpResponseAssert.ErrorAsync(badCode, HttpStatusCode.BadRequest);
        Assert.StartsWith("Error exchanging oidc code", errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("forged", errors[0], StringComparison.Ordinal);

        using var badRedirect = await _vault.SendAsync(HttpMethod.Post, "auth/jwt/oidc/auth_url", new { role = "web", redirect_uri = "https://evil.example/cb" }, token: "");
        Assert.Equal(["unauthorized redirect_uri: https://evil.example/cb"], await HttpResponseAssert.ErrorAsync(badRedirect, HttpStatusCode.BadRequest));
        Assert.Equal(before, await TokenCountAsync());
    }

    [Fact]
    public async Task OidcStateTidy_DeletesFlowsThatExpiredUnfinished_AndKeepsLiveOnes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var vault = await VaultHost.StartDevAsync(services => services.AddSingleton<TimeProvider>(time));
        await WriteAsync("sys/auth/jwt", new { type = "jwt" }, vault);
        await WriteAsync("auth/jwt/config", new { oidc_discovery_url = provider.Issuer, oidc_client_id = OidcProviderFixture.ClientId, oidc_client_secret = OidcProviderFixture.ClientSecret }, vault);
        await WriteRoleAsync(vault);
        var uuid = (await vault.ReadJsonAsync(HttpMethod.Get, "sys/auth"))["data"]!["jwt/"]!["uuid"]!.GetValue<string>();
        var storage = vault.Services.GetRequiredService<IBarrier>().Storage;
        var jobs = vault.Services.GetRequiredService<JobRunner>();
        await AuthUrlAsync("abandoned-1", vault);
        await AuthUrlAsync("abandoned-2", vault);

        time.Advance(TimeSpan.FromMinutes(9));
        var live = HttpUtility.ParseQueryString(new Uri(await AuthUrlAsync("live", vault)).Query)["state"]!;
        await jobs.RunAsync(OidcStateTidyJob.JobName, CancellationToken.None);
        Assert.Equal(3, (await storage.ListAsync($"auth/{uuid}/oidc_state/", CancellationToken.None)).Count);

        time.Advance(TimeSpan.FromMinutes(2));
        await jobs.RunAsync(OidcStateTidyJob.JobName, CancellationToken.None);

        Assert.Single(await storage.ListAsync($"auth/{uuid}/oidc_state/", CancellationToken.None));
        // The flow still within its ten minutes is untouched: its callback gets as far as the code exchange.
        using var callback = await vault.SendAsync(HttpMethod.Get, $"auth/jwt/oidc/callback?state={Uri.EscapeDataString(live)}&code=forged&client_nonce=live", token: "");
        Assert.StartsWith("Error exchanging oidc code", (await HttpResponseAssert.ErrorAsync(callback, HttpStatusCode.BadRequest))[0], StringComparison.Ordinal);
    }

    private Task WriteRoleAsync(VaultHost? vault = null) => WriteAsync("auth/jwt/role/web", new
    {
        user_claim = "sub",
        allowed_redirect_uris = new[] { OidcProviderFixture.RedirectUri },
        oidc_scopes = new[] { "email" },
        claim_mappings = new { email = "email" },
    }, vault);

    private async Task<string> AuthUrlAsync(string clientNonce, VaultHost? vault = null)
    {
        var body = await (vault ?? _vault).ReadJsonAsync(
            HttpMethod.Post, "auth/jwt/oidc/auth_url", new { role = "web", redirect_uri = OidcProviderFixture.RedirectUri, client_nonce = clientNonce }, token: "");
        return body["data"]!["auth_url"]!.GetValue<string>();
    }

    private JsonObject Claims(Action<JsonObject>? change = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = provider.Issuer,
            ["sub"] = "runner-1",
            ["aud"] = "vault",
            ["repo"] = "acme/app",
            ["iat"] = now,
            ["exp"] = now + 300,
        };
        change?.Invoke(claims);
        return claims;
    }

    private async Task<int> TokenCountAsync()
    {
        using var response = await _vault.SendAsync(new HttpMethod("LIST"), "auth/token/accessors");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        return body["data"]!["keys"]!.AsArray().Count;
    }

    private async Task WriteAsync(string path, object body, VaultHost? vault = null)
    {
        using var response = await (vault ?? _vault).SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
