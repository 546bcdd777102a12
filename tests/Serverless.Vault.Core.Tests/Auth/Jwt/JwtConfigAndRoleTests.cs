using System.Text.Json.Nodes;
using Serverless.Vault.Core.Auth.Jwt;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Jwt;

public sealed class JwtConfigAndRoleTests
{
    private static async Task<TestVault> VaultAsync()
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/oidc", new JsonObject { ["type"] = "oidc" }));
        return vault;
    }

    [Fact]
    public async Task Config_KeySources_ExactlyOneIsRequired()
    {
        using var vault = await VaultAsync();
        using var signer = new TestJwtSigner();
        const string message = "exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set";

        VaultAssert.Error(await vault.WriteAsync("auth/oidc/config", new JsonObject { ["bound_issuer"] = "x" }), 400, message);
        VaultAssert.Error(await vault.WriteAsync("auth/oidc/config", new JsonObject
        {
            ["jwt_validation_pubkeys"] = signer.PublicKeyPem,
            ["jwks_url"] = "https://keys.example/jwks",
        }), 400, message);
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/oidc/config", new JsonObject { ["jwt_validation_pubkeys"] = "not a key" }), 400, "error parsing public key");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/oidc/config", new JsonObject { ["jwks_url"] = "http://127.0.0.1:1/jwks" }), 400, "error checking jwks URL");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/oidc/config", new JsonObject { ["jwt_validation_pubkeys"] = signer.PublicKeyPem, ["jwt_supported_algs"] = "HS256" }), 400, "invalid jwt_supported_algs");
    }

    [Fact]
    public async Task Config_Read_NeverReturnsTheClientSecret()
    {
        using var vault = await VaultAsync();
        using var signer = new TestJwtSigner();
        VaultAssert.NoContent(await vault.WriteAsync("auth/oidc/config", new JsonObject
        {
            ["jwt_validation_pubkeys"] = signer.PublicKeyPem,
            ["oidc_client_id"] = "vault",
            ["oidc_client_secret"] = "s3cret",
        }));

        var data = VaultAssert.Ok(await vault.ReadAsync("auth/oidc/config"));

        Assert.Equal("vault", data["oidc_client_id"]!.GetValue<string>());
        Assert.False(data.ContainsKey("oidc_client_secret"));
        Assert.DoesNotContain("s3cret", data.ToJsonString());
    }

    [Fact]
    public async Task Role_Validation_FollowsVault()
    {
        using var vault = await VaultAsync();

        VaultAssert.Error(await vault.WriteAsync("auth/oidc/role/r", new JsonObject { ["role_type"] = "jwt", ["bound_audiences"] = "a" }), 400, "a user claim must be defined on the role");
        VaultAssert.Error(await vault.WriteAsync("auth/oidc/role/r", new JsonObject { ["role_type"] = "jwt", ["user_claim"] = "sub" }), 400, "must have at least one bound constraint when creating/updating a role");
        VaultAssert.Error(await vault.WriteAsync("auth/oidc/role/r", new JsonObject { ["user_claim"] = "sub" }), 400, "'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/oidc/role/r", new JsonObject { ["role_type"] = "jwt", ["user_claim"] = "sub", ["bound_subject"] = "a", ["bound_claims_type"] = "regex" }), 400, "bound_claims_type");
        VaultAssert.ErrorContaining(await vault.WriteAsync("auth/oidc/role/r", new JsonObject { ["role_type"] = "jwt", ["user_claim"] = "sub", ["bound_subject"] = "a", ["claim_mappings"] = new JsonObject { ["x"] = "role" } }), 400, "reserved");
    }

    [Fact]
    public async Task Role_WriteReadListDelete_RoundTrips()
    {
        using var vault = await VaultAsync();
        VaultAssert.NoContent(await vault.WriteAsync("auth/oidc/role/web", new JsonObject
        {
            ["user_claim"] = "email",
            ["allowed_redirect_uris"] = new JsonArray("https://app.example/cb"),
            ["bound_claims"] = new JsonObject { ["groups"] = new JsonArray("a", "b") },
            ["oidc_scopes"] = "email,groups",
            ["token_ttl"] = "1h",
        }));

        var data = VaultAssert.Ok(await vault.ReadAsync("auth/oidc/role/web"));
        Assert.Equal("oidc", data["role_type"]!.GetValue<string>());
        Assert.Equal(3600, data["token_ttl"]!.GetValue<long>());
        Assert.Equal(60, data["clock_skew_leeway"]!.GetValue<long>());
        Assert.Equal(150, data["expiration_leeway"]!.GetValue<long>());
        Assert.Equal(["a", "b"], data["bound_claims"]!["groups"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["web"], VaultAssert.Ok(await vault.ListAsync("auth/oidc/role/"))["keys"]!.AsArray().Select(v => v!.GetValue<string>()));

        VaultAssert.NoContent(await vault.DeleteAsync("auth/oidc/role/web"));
        Assert.Equal(404, (await vault.ReadAsync("auth/oidc/role/web"))!.StatusCode);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("refs/heads/*", "refs/heads/main", true)]
    [InlineData("refs/heads/*", "refs/tags/v1", false)]
    [InlineData("*-prod", "eu-prod", true)]
    [InlineData("a*b*c", "a-x-b-y-c", true)]
    [InlineData("a*b*c", "a-x-c-y-b", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void GlobMatches_GoGlobSemantics(string pattern, string value, bool expected) =>
        Assert.Equal(expected, BoundClaims.GlobMatches(pattern, value));
}
