using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Auth.Jwt;

/// <summary>
/// jwks_ca_pem and oidc_discovery_ca_pem against a local HTTPS provider whose certificate chains to a CA made here, so
/// only that CA (never the system trust store) can vouch for it.
/// </summary>
public sealed class JwtCaPemTests : IAsyncLifetime
{
    private readonly TestJwtSigner _signer = new();
    private readonly TestCa _ca = new("Vault Test CA");
    private readonly TestCa _otherCa = new("Some Other CA");
    private HttpsProvider _provider = null!;

    public async Task InitializeAsync() => _provider = await HttpsProvider.StartAsync(_ca, _signer);

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _ca.Dispose();
        _otherCa.Dispose();
        _signer.Dispose();
    }

    [Fact]
    public async Task JwksUrl_WithCaPem_ConfigIsAcceptedAndLoginWorks()
    {
        using var vault = await MountAsync();

        VaultAssert.NoContent(await WriteConfigAsync(vault, new JsonObject
        {
            ["jwks_url"] = _provider.BaseUrl + "/jwks",
            ["jwks_ca_pem"] = _ca.CertificatePem,
        }));

        await AssertLoginWorksAsync(vault);
    }

    [Fact]
    public async Task DiscoveryUrl_WithCaPem_ConfigIsAcceptedAndLoginWorks()
    {
        using var vault = await MountAsync();

        VaultAssert.NoContent(await WriteConfigAsync(vault, new JsonObject
        {
            ["oidc_discovery_url"] = _provider.BaseUrl,
            ["oidc_discovery_ca_pem"] = _ca.CertificatePem,
        }));

        await AssertLoginWorksAsync(vault);
    }

    public static TheoryData<string, string> UntrustedConfigs => new()
    {
        { "jwks_url", "error checking jwks URL" },
        { "oidc_discovery_url", "error checking oidc discovery URL" },
    };

    [Theory]
    [MemberData(nameof(UntrustedConfigs))]
    public async Task ProviderUrl_WithoutCaPem_IsRefusedBecauseTheCertificateIsUntrusted(string urlField, string prefix)
    {
        using var vault = await MountAsync();

        var response = await WriteConfigAsync(vault, new JsonObject { [urlField] = ProviderUrl(urlField) });

        AssertTlsRefusal(response, prefix);
        await AssertLoginIsRefusedAsync(vault);
    }

    [Theory]
    [MemberData(nameof(UntrustedConfigs))]
    public async Task ProviderUrl_WithAnotherCaPem_IsRefused(string urlField, string prefix)
    {
        using var vault = await MountAsync();

        var response = await WriteConfigAsync(vault, new JsonObject
        {
            [urlField] = ProviderUrl(urlField),
            [CaField(urlField)] = _otherCa.CertificatePem,
        });

        AssertTlsRefusal(response, prefix);
        await AssertLoginIsRefusedAsync(vault);
    }

    public static TheoryData<string, string> InvalidPems => new()
    {
        { "jwks_url", "not a PEM at all" },
        { "jwks_url", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----" },
        { "oidc_discovery_url", "not a PEM at all" },
        { "oidc_discovery_url", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----" },
    };

    [Theory]
    [MemberData(nameof(InvalidPems))]
    public async Task CaPem_ThatIsNotACertificate_Returns400AtConfigWrite(string urlField, string pem)
    {
        using var vault = await MountAsync();

        var response = await WriteConfigAsync(vault, new JsonObject { [urlField] = ProviderUrl(urlField), [CaField(urlField)] = pem });

        VaultAssert.ErrorContaining(response, 400, $"could not parse '{CaField(urlField)}' value successfully");
        VaultAssert.Error(await vault.ReadAsync("auth/jwt/config"), 404);
    }

    private string ProviderUrl(string urlField) => urlField == "jwks_url" ? _provider.BaseUrl + "/jwks" : _provider.BaseUrl;

    private static string CaField(string urlField) => urlField == "jwks_url" ? "jwks_ca_pem" : "oidc_discovery_ca_pem";

    private static async Task<TestVault> MountAsync()
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/auth/jwt", new JsonObject { ["type"] = "jwt" }));
        return vault;
    }

    private Task<VaultResponse?> WriteConfigAsync(TestVault vault, JsonObject config)
    {
        config["bound_issuer"] = _provider.BaseUrl;
        return vault.WriteAsync("auth/jwt/config", config);
    }

    private static void AssertTlsRefusal(VaultResponse? response, string prefix)
    {
        VaultAssert.ErrorContaining(response, 400, prefix);
        Assert.Contains("SSL connection could not be established", response!.Errors![0], StringComparison.Ordinal);
    }

    private async Task AssertLoginWorksAsync(TestVault vault)
    {
        VaultAssert.NoContent(await vault.WriteAsync("auth/jwt/role/dev", new JsonObject
        {
            ["role_type"] = "jwt",
            ["user_claim"] = "sub",
            ["bound_audiences"] = "vault",
            ["token_policies"] = "dev",
        }));

        var login = await LoginAsync(vault);

        var auth = login!.Auth!;
        Assert.Contains("dev", auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        var self = VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", auth["client_token"]!.GetValue<string>()));
        Assert.Equal("jwt-alice", self["display_name"]!.GetValue<string>());
    }

    private async Task AssertLoginIsRefusedAsync(TestVault vault)
    {
        var before = (await vault.PhysicalKeysAsync("core/token/id/")).Count;

        var login = await LoginAsync(vault);

        Assert.NotNull(login);
        Assert.Equal(400, login.StatusCode);
        Assert.Null(login.Auth);
        Assert.Equal(before, (await vault.PhysicalKeysAsync("core/token/id/")).Count);
    }

    private Task<VaultResponse?> LoginAsync(TestVault vault)
    {
        var now = vault.Time.GetUtcNow().ToUnixTimeSeconds();
        var jwt = _signer.Sign(
            new JsonObject { ["iss"] = _provider.BaseUrl, ["sub"] = "alice", ["aud"] = "vault", ["iat"] = now, ["exp"] = now + 300 },
            kid: HttpsProvider.KeyId);
        return vault.WriteAsync("auth/jwt/login", new JsonObject { ["role"] = "dev", ["jwt"] = jwt }, token: null);
    }

    /// <summary>A self-signed CA that issues TLS server certificates for 127.0.0.1.</summary>
    private sealed class TestCa : IDisposable
    {
        private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly X509Certificate2 _certificate;

        public TestCa(string name)
        {
            var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = DateTimeOffset.UtcNow;
            _certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        }

        public string CertificatePem => _certificate.ExportCertificatePem();

        /// <summary>A server certificate for https://127.0.0.1 (IP SAN), with its private key, issued by this CA.</summary>
        public X509Certificate2 IssueLoopbackServerCertificate()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var now = DateTimeOffset.UtcNow;
            using var issued = request.Create(_certificate, now.AddDays(-1), now.AddDays(6), RandomNumberGenerator.GetBytes(16));
            using var withKey = issued.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }

        public void Dispose()
        {
            _certificate.Dispose();
            _key.Dispose();
        }
    }

    /// <summary>Kestrel on a free loopback port serving discovery (issuer = its base URL) and the signer's JWKS over HTTPS.</summary>
    private sealed class HttpsProvider : IAsyncDisposable
    {
        public const string KeyId = "ca-pem-test-key";

        private readonly WebApplication _app;
        private readonly X509Certificate2 _certificate;

        private HttpsProvider(WebApplication app, X509Certificate2 certificate, string baseUrl)
        {
            _app = app;
            _certificate = certificate;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        public static async Task<HttpsProvider> StartAsync(TestCa ca, TestJwtSigner signer)
        {
            var certificate = ca.IssueLoopbackServerCertificate();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
            var app = builder.Build();
            var jwks = Jwks(signer);
            app.MapGet("/jwks", () => Results.Text(jwks, "application/json"));
            app.MapGet("/.well-known/openid-configuration", (HttpRequest request) =>
            {
                var issuer = $"https://{request.Host}";
                return Results.Text(new JsonObject { ["issuer"] = issuer, ["jwks_uri"] = issuer + "/jwks" }.ToJsonString(), "application/json");
            });
            await app.StartAsync();
            var port = new Uri(app.Urls.Single()).Port;
            return new HttpsProvider(app, certificate, $"https://127.0.0.1:{port}");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _certificate.Dispose();
        }

        private static string Jwks(TestJwtSigner signer)
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(signer.PublicKeyPem);
            var key = rsa.ExportParameters(false);
            return new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = TestJwtSigner.Base64Url(key.Modulus!),
                    ["e"] = TestJwtSigner.Base64Url(key.Exponent!),
                }),
            }.ToJsonString();
        }
    }
}
