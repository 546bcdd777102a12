using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Core.Tests.Auth.Jwt;

/// <summary>Signs test JWTs with a fixed RSA key, including the forged kinds (alg none, HS256 with the public key).</summary>
internal sealed class TestJwtSigner : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public string Sign(JsonObject claims, string alg = "RS256", string? kid = null)
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        var input = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg switch
        {
            "none" => [],
            "HS256" => HMACSHA256.HashData(Encoding.ASCII.GetBytes(PublicKeyPem), data),
            "RS256" => _key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("unsupported test algorithm", nameof(alg)),
        };
        return $"{input}.{Base64Url(signature)}";
    }

    public void Dispose() => _key.Dispose();

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
