using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>Azure logins over HTTP, with a real OpenID provider standing in for Entra ID (metadata_url and issuer overrides).</summary>
[Collection(OidcProviderCollection.Name)]
public sealed class AzureHttpTests(OidcProviderFixture provider) : IAsyncLifetime
{
    private const string ObjectId = "11111111-2222-3333-4444-555555555555";
    private const string MirId = "/subscriptions/sub-1/resourcegroups/prod-rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await WriteAsync("sys/auth/azure", new { type = "azure" });
        await WriteAsync("auth/azure/config", new
        {
            tenant_id = "tenant-1",
            resource = "https://vault.example/",
            issuer = provider.Issuer,
            metadata_url = provider.Issuer + "/.well-known/openid-configuration",
        });
        await WriteAsync("auth/azure/role/web", new
        {
            bound_service_principal_ids = new[] { ObjectId },
            bound_resource_groups = new[] { "prod-rg" },
            bound_scale_sets = new[] { "web" },
            token_policies = new[] { "web" },
        });
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Login_ManagedIdentityToken_MintsToken()
    {
        var jwt = await provider.SignAsync(Claims());

        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/azure/login",
            new { role = "web", jwt, subscription_id = "sub-1", resource_group_name = "prod-rg", vmss_name = "web" }, token: "");

        var auth = body["auth"]!;
        Assert.Equal("web", auth["metadata"]!["vmss_name"]!.GetValue<string>());
        Assert.Contains("web", auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
    }

    [Fact]
    public async Task Login_ScaleSetNotBound_Returns400()
    {
        var jwt = await provider.SignAsync(Claims(c => c["xms_mirid"] = MirId.Replace("/web", "/other", StringComparison.Ordinal)));

        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/azure/login", new { role = "web", jwt }, token: "");

        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["scale set not authorized"], errors);
    }

    public static TheoryData<string, string> Rejections => new()
    {
        { "wrong-aud", "error validating token: invalid audience (aud) claim" },
        { "wrong-iss", "error validating token: invalid issuer (iss) claim" },
        { "expired", "error validating token: token is expired (exp)" },
        { "not-yet-valid", "error validating token: token not valid yet (nbf)" },
        { "unknown-kid", "error validating token: failed to verify signature" },
        { "tampered", "error validating token: failed to verify signature" },
        { "alg-none", "error validating token: unsupported signing algorithm \"none\"" },
        { "hs256", "error validating token: unsupported signing algorithm \"HS256\"" },
        { "oid-not-bound", "service principal not authorized: 99999999-2222-3333-4444-555555555555" },
        { "no-oid", "unable to determine the identity: the token has no oid claim" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Login_BadToken_Returns400AndMintsNothing(string kind, string message)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwt = kind switch
        {
            "wrong-aud" => await provider.SignAsync(Claims(c => c["aud"] = "https://other.example/")),
            "wrong-iss" => await provider.SignAsync(Claims(c => c["iss"] = "https://evil.example")),
            "expired" => await provider.SignAsync(Claims(c => c["exp"] = now - 600)),
            "not-yet-valid" => await provider.SignAsync(Claims(c => c["nbf"] = now + 600)),
            "unknown-kid" => await provider.SignAsync(Claims(), kid: "no-such-kid"),
            "tampered" => AuthHttp.Tamper(await provider.SignAsync(Claims())),
            "alg-none" => await provider.SignAsync(Claims(), alg: "none"),
            "hs256" => await provider.SignAsync(Claims(), alg: "HS256"),
            "oid-not-bound" => await provider.SignAsync(Claims(c => c["oid"] = "99999999-2222-3333-4444-555555555555")),
            "no-oid" => await provider.SignAsync(Claims(c => c.Remove("oid"))),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await AuthHttp.RefusedAsync(_vault, "auth/azure/login", new { role = "web", jwt }, HttpStatusCode.BadRequest, message);
    }

    private static JsonObject Claims(Action<JsonObject>? change = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["aud"] = "https://vault.example/",
            ["oid"] = ObjectId,
            ["sub"] = ObjectId,
            ["xms_mirid"] = MirId,
            ["nbf"] = now - 5,
            ["exp"] = now + 600,
        };
        change?.Invoke(claims);
        return claims;
    }

    private async Task WriteAsync(string path, object body)
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
