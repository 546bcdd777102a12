using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Jwt;

public sealed class JwtLoginTests : IDisposable
{
    private const string Issuer = "https://issuer.example";
    private readonly TestJwtSigner _signer = new();

    public void Dispose() => _signer.Dispose();

    private async Task<TestVault> VaultAsync(JsonObject? role = null)
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/jwt", new JsonObject { ["type"] = "jwt" }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/jwt/config", new JsonObject
        {
            ["jwt_validation_pubkeys"] = new JsonArray(_signer.PublicKeyPem),
            ["bound_issuer"] = Issuer,
        }));
        VaultAssert.NoContent(await vault.WriteAsync("auth/jwt/role/dev", role ?? new JsonObject
        {
            ["role_type"] = "jwt",
            ["user_claim"] = "sub",
            ["bound_audiences"] = "vault",
            ["bound_claims"] = new JsonObject { ["team"] = new JsonArray("blue", "green") },
            ["claim_mappings"] = new JsonObject { ["email"] = "mail" },
            ["token_policies"] = "dev",
        }));
        return vault;
    }

    private JsonObject Claims(TestVault vault, Action<JsonObject>? change = null)
    {
        var now = vault.Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = "alice",
            ["aud"] = "vault",
            ["team"] = "blue",
            ["email"] = "alice@example.test",
            ["iat"] = now,
            ["exp"] = now + 300,
        };
        change?.Invoke(claims);
        return claims;
    }

    private static Task<VaultResponse?> LoginAsync(TestVault vault, string jwt, string role = "dev") =>
        vault.WriteAsync("auth/jwt/login", new JsonObject { ["role"] = role, ["jwt"] = jwt }, token: null);

    private static async Task<int> TokenCountAsync(TestVault vault) =>
        (await vault.PhysicalKeysAsync("core/token/id/")).Count(key => !key.Contains("/" + Serverless.Vault.Core.Tokens.TokenStoragePaths.AccessorRowPrefix, StringComparison.Ordinal));

    [Fact]
    public async Task Login_ValidToken_MintsTokenWithRolePoliciesAndMetadata()
    {
        using var vault = await VaultAsync();

        var login = await LoginAsync(vault, _signer.Sign(Claims(vault)));

        var auth = login!.Auth!;
        Assert.Contains("dev", auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("dev", auth["metadata"]!["role"]!.GetValue<string>());
        Assert.Equal("alice@example.test", auth["metadata"]!["mail"]!.GetValue<string>());
        var self = VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", auth["client_token"]!.GetValue<string>()));
        Assert.Equal("jwt-alice", self["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renew_RoleDeleted_IsRefused()
    {
        using var vault = await VaultAsync();
        var token = (await LoginAsync(vault, _signer.Sign(Claims(vault))))!.Auth!["client_token"]!.GetValue<string>();
        Assert.NotNull(VaultAssert.Auth(await vault.WriteAsync("auth/token/renew-self", null, token)));

        VaultAssert.NoContent(await vault.DeleteAsync("auth/jwt/role/dev"));

        VaultAssert.Error(await vault.WriteAsync("auth/token/renew-self", null, token), 400, "role \"dev\" does not exist during renewal");
    }

    [Fact]
    public async Task Login_DefaultRole_IsUsedWhenNoneIsNamed()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/jwt/config", new JsonObject
        {
            ["jwt_validation_pubkeys"] = new JsonArray(_signer.PublicKeyPem),
            ["default_role"] = "dev",
        }));

        var login = await vault.WriteAsync("auth/jwt/login", new JsonObject { ["jwt"] = _signer.Sign(Claims(vault)) }, token: null);

        Assert.NotNull(login!.Auth);
    }

    public static TheoryData<string, string> Rejections => new()
    {
        { "wrong-aud", "error validating token: invalid audience (aud) claim" },
        { "no-aud", "error validating token: invalid audience (aud) claim" },
        { "expired", "error validating token: token is expired (exp)" },
        { "not-yet-valid", "error validating token: token not valid yet (nbf)" },
        { "no-exp", "error validating token: token has no expiration (exp) claim" },
        { "wrong-iss", "error validating token: invalid issuer (iss) claim" },
        { "missing-claim", "error validating claims: claim \"team\" is missing" },
        { "mismatching-claim", "error validating claims: claim \"team\" does not match any associated bound claim values" },
        { "no-user-claim", "claim \"sub\" not found in token" },
        { "tampered", "error validating token: failed to verify signature" },
        { "alg-none", "error validating token: unsupported signing algorithm \"none\"" },
        { "hs256", "error validating token: unsupported signing algorithm \"HS256\"" },
        { "other-key", "error validating token: failed to verify signature" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Login_BadToken_Returns400AndMintsNothing(string kind, string message)
    {
        using var vault = await VaultAsync();
        var now = vault.Time.GetUtcNow().ToUnixTimeSeconds();
        using var other = new TestJwtSigner();
        var jwt = kind switch
        {
            "wrong-aud" => _signer.Sign(Claims(vault, c => c["aud"] = "someone-else")),
            "no-aud" => _signer.Sign(Claims(vault, c => c.Remove("aud"))),
            "expired" => _signer.Sign(Claims(vault, c => c["exp"] = now - 211)),
            "not-yet-valid" => _signer.Sign(Claims(vault, c => c["nbf"] = now + 211)),
            "no-exp" => _signer.Sign(Claims(vault, c => c.Remove("exp"))),
            "wrong-iss" => _signer.Sign(Claims(vault, c => c["iss"] = "https://evil.example")),
            "missing-claim" => _signer.Sign(Claims(vault, c => c.Remove("team"))),
            "mismatching-claim" => _signer.Sign(Claims(vault, c => c["team"] = "red")),
            "no-user-claim" => _signer.Sign(Claims(vault, c => c.Remove("sub"))),
            "tampered" => Tamper(_signer.Sign(Claims(vault))),
            "alg-none" => _signer.Sign(Claims(vault), alg: "none"),
            "hs256" => _signer.Sign(Claims(vault), alg: "HS256"),
            "other-key" => other.Sign(Claims(vault)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var before = await TokenCountAsync(vault);

        var response = await LoginAsync(vault, jwt);

        VaultAssert.Error(response, 400, message);
        Assert.Null(response!.Auth);
        Assert.Equal(before, await TokenCountAsync(vault));
        Assert.DoesNotContain(jwt, string.Join(' ', response.Errors!));
    }

    [Fact]
    public async Task Login_LeewaysOfTheRole_DecideExpiry()
    {
        using var vault = await VaultAsync();
        var now = vault.Time.GetUtcNow().ToUnixTimeSeconds();
        var jwt = _signer.Sign(Claims(vault, c => c["exp"] = now - 100));

        Assert.NotNull((await LoginAsync(vault, jwt))!.Auth); // within 60s skew + 150s expiration leeway

        VaultAssert.NoContent(await vault.WriteAsync("auth/jwt/role/dev", new JsonObject { ["expiration_leeway"] = -1, ["clock_skew_leeway"] = -1 }));
        VaultAssert.Error(await LoginAsync(vault, jwt), 400, "error validating token: token is expired (exp)");
    }

    [Fact]
    public async Task Login_AudienceWithoutBoundAudiences_IsRefused()
    {
        using var vault = await VaultAsync(new JsonObject { ["role_type"] = "jwt", ["user_claim"] = "sub", ["bound_subject"] = "alice" });

        VaultAssert.Error(await LoginAsync(vault, _signer.Sign(Claims(vault))), 400, "audience claim found in JWT but no audiences bound to the role");
        Assert.NotNull((await LoginAsync(vault, _signer.Sign(Claims(vault, c => c.Remove("aud")))))!.Auth);
        VaultAssert.Error(await LoginAsync(vault, _signer.Sign(Claims(vault, c => { c.Remove("aud"); c["sub"] = "bob"; }))), 400, "error validating token: invalid subject (sub) claim");
    }

    [Fact]
    public async Task Login_GlobBoundClaims_MatchWildcards()
    {
        using var vault = await VaultAsync(new JsonObject
        {
            ["role_type"] = "jwt",
            ["user_claim"] = "sub",
            ["bound_audiences"] = "vault",
            ["bound_claims_type"] = "glob",
            ["bound_claims"] = new JsonObject { ["ref"] = "refs/heads/release-*", ["/nested/env"] = new JsonArray("prod-*", "stage") },
        });

        Assert.NotNull((await LoginAsync(vault, _signer.Sign(Claims(vault, c => { c["ref"] = "refs/heads/release-1.2"; c["nested"] = new JsonObject { ["env"] = "prod-eu" }; }))))!.Auth);
        VaultAssert.Error(
            await LoginAsync(vault, _signer.Sign(Claims(vault, c => { c["ref"] = "refs/heads/main"; c["nested"] = new JsonObject { ["env"] = "prod-eu" }; }))),
            400,
            "error validating claims: claim \"ref\" does not match any associated bound claim values");
    }

    [Fact]
    public async Task Login_OidcRoleOrUnknownRoleOrNoToken_Returns400()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/jwt/role/web", new JsonObject { ["user_claim"] = "sub", ["allowed_redirect_uris"] = "https://app.example/cb" }));

        VaultAssert.Error(await LoginAsync(vault, _signer.Sign(Claims(vault)), "web"), 400, "role with oidc role_type is not allowed");
        VaultAssert.Error(await LoginAsync(vault, _signer.Sign(Claims(vault)), "nope"), 400, "role \"nope\" could not be found");
        VaultAssert.Error(await LoginAsync(vault, ""), 400, "missing token");
        VaultAssert.Error(await vault.WriteAsync("auth/jwt/login", new JsonObject { ["jwt"] = "x" }, token: null), 400, "missing role");
    }

    private static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(parts[1])))!.AsObject();
        payload["sub"] = "mallory";
        return $"{parts[0]}.{TestJwtSigner.Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
    }

    private static string Pad(string text) => text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
}
