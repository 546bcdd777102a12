using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Auth.Jwt;

namespace Serverless.Vault.Core.Tests.Auth.Azure;

/// <summary>A local OpenID metadata document and JWKS publishing a <see cref="TestJwtSigner"/>'s key, as Entra ID publishes its own.</summary>
internal sealed class TestAzureMetadata : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _discovery;
    private readonly byte[] _jwks;

    public TestAzureMetadata(TestJwtSigner signer)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Issuer = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            probe.Stop();
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(signer.PublicKeyPem);
        var key = rsa.ExportParameters(false);
        _discovery = Encoding.UTF8.GetBytes(new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = $"{Issuer}/keys" }.ToJsonString());
        _jwks = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = "test-key",
                ["n"] = TestJwtSigner.Base64Url(key.Modulus!),
                ["e"] = TestJwtSigner.Base64Url(key.Exponent!),
            }),
        }.ToJsonString());
        _listener.Prefixes.Add(Issuer + "/");
        _listener.Start();
        _ = ServeAsync();
    }

    /// <summary>The provider's base URL; the metadata lives under /.well-known/openid-configuration.</summary>
    public string Issuer { get; }

    public string MetadataUrl => Issuer + "/.well-known/openid-configuration";

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var body = context.Request.Url!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => _discovery,
                "/keys" => _jwks,
                _ => null,
            };
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            if (body is not null)
            {
                await context.Response.OutputStream.WriteAsync(body);
            }

            context.Response.Close();
        }
    }
}
