using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Server.Tests.Kv;
using static Serverless.Vault.Server.Tests.Transit.TransitHttp;

namespace Serverless.Vault.Server.Tests.Transit;

/// <summary>Transit's crypto operations over HTTP on the Kestrel host with Table Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TransitCryptoHttpTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    [Fact]
    public async Task EncryptDecrypt_Single_RoundTrips()
    {
        var mount = await MountAsync(Vault);

        var encrypted = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/upserted", new { plaintext = B64("hello") });
        var ciphertext = encrypted["data"]!["ciphertext"]!.GetValue<string>();
        var decrypted = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/upserted", new { ciphertext });

        Assert.StartsWith("vault:v1:", ciphertext, StringComparison.Ordinal);
        Assert.Equal(1, encrypted["data"]!["key_version"]!.GetValue<long>());
        Assert.Equal(B64("hello"), decrypted["data"]!["plaintext"]!.GetValue<string>());
    }

    [Fact]
    public async Task Decrypt_TamperedCiphertext_Is400WithoutPlaintext()
    {
        var mount = await MountAsync(Vault);
        var ciphertext = await EncryptAsync(mount, "k", "secret");
        var raw = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        raw[^1] ^= 1;

        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/decrypt/k", new { ciphertext = "vault:v1:" + Convert.ToBase64String(raw) });

        Assert.Equal(["cipher: message authentication failed"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Batch_AllSucceed_ResultsInOrderWithReferences()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k");
        var input = new JsonArray(
            new JsonObject { ["plaintext"] = B64("a"), ["reference"] = "r1" },
            new JsonObject { ["plaintext"] = B64("b"), ["reference"] = "r2" });

        var encrypted = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/k", new JsonObject { ["batch_input"] = input }))["data"]!["batch_results"]!.AsArray();
        var decryptInput = new JsonArray(encrypted.Select(r => (JsonNode?)new JsonObject { ["ciphertext"] = r!["ciphertext"]!.GetValue<string>(), ["reference"] = r["reference"]!.GetValue<string>() }).ToArray());
        var decrypted = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/k", new JsonObject { ["batch_input"] = decryptInput }))["data"]!["batch_results"]!.AsArray();

        Assert.Equal(["r1", "r2"], encrypted.Select(r => r!["reference"]!.GetValue<string>()));
        Assert.Equal([B64("a"), B64("b")], decrypted.Select(r => r!["plaintext"]!.GetValue<string>()));
        Assert.Equal(["r1", "r2"], decrypted.Select(r => r!["reference"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Batch_OneItemFails_Is400WithFullEnvelopeAndNoErrorsKey()
    {
        var mount = await MountAsync(Vault);
        var good = await EncryptAsync(mount, "k", "fine");
        var input = new JsonArray(
            new JsonObject { ["ciphertext"] = good, ["reference"] = "ok" },
            new JsonObject { ["ciphertext"] = "not-a-ciphertext", ["reference"] = "bad" });

        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/decrypt/k", new JsonObject { ["batch_input"] = input });
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.BadRequest);

        Assert.False(body.ContainsKey("errors"));
        Assert.True(body.ContainsKey("request_id"));
        Assert.True(body.ContainsKey("lease_id"));
        var results = body["data"]!["batch_results"]!.AsArray();
        Assert.Equal(B64("fine"), results[0]!["plaintext"]!.GetValue<string>());
        Assert.False(results[0]!.AsObject().ContainsKey("error"));
        Assert.Equal("invalid ciphertext: no prefix", results[1]!["error"]!.GetValue<string>());
        Assert.Equal("", results[1]!["plaintext"]!.GetValue<string>());
        Assert.Equal("bad", results[1]!["reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task Batch_PartialFailureResponseCode_Overrides()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k");
        var input = new JsonArray(new JsonObject { ["plaintext"] = B64("a") }, new JsonObject { ["plaintext"] = "%%%" });

        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/encrypt/k", new JsonObject { ["batch_input"] = input, ["partial_failure_response_code"] = 207 });
        var body = await HttpResponseAssert.JsonAsync(response, (HttpStatusCode)207);

        Assert.StartsWith("vault:v1:", body["data"]!["batch_results"]![0]!["ciphertext"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("illegal base64 data", body["data"]!["batch_results"]![1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_EncryptEscapedInputBadMiddleItemNonAsciiReferences_AnsweredAsVaultWritesIt()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k");
        var plaintext = new byte[] { 0xfb, 0xff, 0xbf, 0x01 };
        var escaped = Convert.ToBase64String(plaintext).Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);
        var body = "{\"batch_input\":[{\"plaintext\":\"" + escaped + "\",\"reference\":\"caf\\u00e9\"},"
            + "{\"plaintext\":\"not base64\",\"reference\":\"b\"},{\"plaintext\":\"" + escaped + "\",\"reference\":\"日本\"}]}";

        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/encrypt/k", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"reference\":\"日本\"", text, StringComparison.Ordinal);
        var results = JsonNode.Parse(text)!["data"]!["batch_results"]!.AsArray();
        Assert.Equal(["café", "b", "日本"], results.Select(r => r!["reference"]!.GetValue<string>()));
        Assert.StartsWith("illegal base64 data", results[1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var result in new[] { results[0], results[2] })
        {
            var decrypted = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/k", new { ciphertext = result!["ciphertext"]!.GetValue<string>() });
            Assert.Equal(Convert.ToBase64String(plaintext), decrypted["data"]!["plaintext"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Rewrap_Single_AndBatch_MoveToLatestVersion()
    {
        var mount = await MountAsync(Vault);
        var v1 = await EncryptAsync(mount, "k", "data");
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k/rotate");

        var single = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/rewrap/k", new { ciphertext = v1 }))["data"]!;
        var batch = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/rewrap/k", new JsonObject { ["batch_input"] = new JsonArray(new JsonObject { ["ciphertext"] = v1 }) }))["data"]!["batch_results"]![0]!;

        foreach (var result in new[] { single, batch })
        {
            var rewrapped = result["ciphertext"]!.GetValue<string>();
            Assert.StartsWith("vault:v2:", rewrapped, StringComparison.Ordinal);
            Assert.Equal(2, result["key_version"]!.GetValue<long>());
            var decrypted = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/k", new { ciphertext = rewrapped });
            Assert.Equal(B64("data"), decrypted["data"]!["plaintext"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Datakey_PlaintextAndWrapped_DecryptToTheDataKey()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/k");

        var plain = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/datakey/plaintext/k", new { bits = 512 }))["data"]!;
        var wrapped = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/datakey/wrapped/k"))["data"]!;

        Assert.Equal(64, Convert.FromBase64String(plain["plaintext"]!.GetValue<string>()).Length);
        var unwrapped = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/k", new { ciphertext = plain["ciphertext"]!.GetValue<string>() });
        Assert.Equal(plain["plaintext"]!.GetValue<string>(), unwrapped["data"]!["plaintext"]!.GetValue<string>());
        Assert.False(wrapped.AsObject().ContainsKey("plaintext"));
        Assert.Equal(1, wrapped["key_version"]!.GetValue<long>());
        var wrappedKey = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/decrypt/k", new { ciphertext = wrapped["ciphertext"]!.GetValue<string>() });
        Assert.Equal(32, Convert.FromBase64String(wrappedKey["data"]!["plaintext"]!.GetValue<string>()).Length);
    }

    [Fact]
    public async Task Random_BytesInPathAndHexFormat()
    {
        var mount = await MountAsync(Vault);

        var b64 = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/random/16");
        var hex = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/random", new { bytes = 8, format = "hex" });

        Assert.Equal(16, Convert.FromBase64String(b64["data"]!["random_bytes"]!.GetValue<string>()).Length);
        Assert.Matches("^[0-9a-f]{16}$", hex["data"]!["random_bytes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Hash_MatchesSha2()
    {
        var mount = await MountAsync(Vault);
        var input = Encoding.UTF8.GetBytes("abc");

        var hex = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/hash", new { input = Convert.ToBase64String(input) });
        var b64 = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/hash/sha2-512", new { input = Convert.ToBase64String(input), format = "base64" });

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), hex["data"]!["sum"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(input)), b64["data"]!["sum"]!.GetValue<string>());
    }

    [Fact]
    public async Task Hmac_ThenVerify_AcceptsItsOwnAndRejectsAnother()
    {
        var mount = await MountAsync(Vault);
        await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/keys/h", new { type = "hmac" });

        var hmac = (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/hmac/h", new { input = B64("msg") }))["data"]!["hmac"]!.GetValue<string>();
        var valid = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/verify/h", new { input = B64("msg"), hmac });
        var invalid = await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/verify/h", new { input = B64("other"), hmac });

        Assert.StartsWith("vault:v1:", hmac, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(hmac["vault:v1:".Length..]).Length);
        Assert.True(valid["data"]!["valid"]!.GetValue<bool>());
        Assert.False(invalid["data"]!["valid"]!.GetValue<bool>());
    }

    private async Task<string> EncryptAsync(string mount, string key, string plaintext) =>
        (await Vault.ReadJsonAsync(HttpMethod.Post, $"{mount}/encrypt/{key}", new { plaintext = B64(plaintext) }))["data"]!["ciphertext"]!.GetValue<string>();
}
