using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Load.Tests;

public sealed class JwtLoginTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.load.test";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private DevVault? _vault;

    public async Task InitializeAsync() => _vault = await DevVault.StartAsync();

    public async Task DisposeAsync()
    {
        await _vault!.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task JwtLogin_WithPubkeysAndJwtsFromACommand_Succeeds_AndCleanupDisablesTheMount()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, [Jwt("alice"), Jwt("bob")]);
        try
        {
            var options = new JsonObject
            {
                ["jwt_validation_pubkeys"] = new JsonArray(_key.ExportSubjectPublicKeyInfoPem()),
                ["bound_issuer"] = Issuer,
                ["bound_audiences"] = new JsonArray("load"),
                ["jwt_command"] = $"cat '{file}'",
            };
            var authBefore = await _vault!.MountPathsAsync("auth");

            var (report, _) = await LoadRun.RunAsync(LoadRun.Config(_vault.Address, _vault.RootToken, "1s", ("jwt_login", 100, options)));

            var result = Assert.Single(report.Tests);
            Assert.True(result.Count > 0, "jwt_login ran no request");
            Assert.True(result.SuccessRatio == 1, result.FirstError);
            Assert.Equal(authBefore, await _vault.MountPathsAsync("auth"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private string Jwt(string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT" });
        var claims = Encode(new JsonObject { ["iss"] = Issuer, ["sub"] = subject, ["aud"] = "load", ["iat"] = now, ["exp"] = now + 600 });
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + claims), HashAlgorithmName.SHA256);
        return $"{header}.{claims}.{Base64Url(signature)}";
    }

    private static string Encode(JsonObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
