using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Vault.Testing;

namespace Serverless.Vault.Client.Tests.Auth;

/// <summary>
/// An RSA key the test controls, signing real RS256 JWTs, published as OpenID metadata and a JWKS by a small Kestrel
/// app on a free loopback port (standing in for Entra ID in Azure logins).
/// </summary>
public sealed class TestJwtIssuer : IAsyncDisposable
{
    private const string Kid = "test-key-1";
    private readonly RSA _key = RSA.Create(2048);
    private readonly LoopbackApp _host;

    private TestJwtIssuer(LoopbackApp host, string issuer)
    {
        _host = host;
        Issuer = issuer;
    }

    /// <summary>The issuer URL; its OpenID metadata is at <see cref="MetadataUrl"/>.</summary>
    public string Issuer { get; }

    public string MetadataUrl => Issuer + "/.well-known/openid-configuration";

    /// <summary>The public key as PEM, for <c>jwt_validation_pubkeys</c>.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public static async Task<TestJwtIssuer> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        TestJwtIssuer? issuer = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new { issuer = issuer!.Issuer, jwks_uri = issuer.Issuer + "/keys" }));
        app.MapGet("/keys", () => Results.Json(issuer!.Jwks()));
        var host = await LoopbackApp.StartAsync(app);
        issuer = new TestJwtIssuer(host, host.Address.ToString().TrimEnd('/'));
        return issuer;
    }

    /// <summary>An RS256 JWT over the claims, with this issuer's key id.</summary>
    public string Sign(JsonObject claims)
    {
        var header = Encode(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = Kid });
        var payload = Encode(claims);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _key.Dispose();
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private object Jwks()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = Kid, n = Base64Url.EncodeToString(parameters.Modulus), e = Base64Url.EncodeToString(parameters.Exponent) },
            },
        };
    }
}
