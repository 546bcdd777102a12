using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

/// <summary>
/// Batch encrypt writes its results as UTF-8 and reads them back as nodes; the bodies here are parsed from JSON text,
/// as the HTTP adapter parses them, so the plaintexts take the path that decodes base64 from the request's bytes.
/// </summary>
public sealed class TransitBatchEncryptTests
{
    [Fact]
    public async Task Encrypt_BatchWithABadItemInTheMiddle_Is400AndOnlyThatItemFails()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var body = Parse("""{"batch_input":[{"plaintext":"b25l","reference":"a"},{"plaintext":"b25l!","reference":"b"},{"plaintext":"dHdv","reference":"c"}]}""");

        var response = await vault.WriteAsync("transit/encrypt/k", body);

        Assert.NotNull(response);
        Assert.Equal(400, response.StatusCode);
        Assert.Null(response.Errors);
        var results = response.Data!["batch_results"]!.AsArray();
        Assert.Equal(["a", "b", "c"], results.Select(r => r!["reference"]!.GetValue<string>()));
        Assert.Equal("illegal base64 data at input byte 4", results[1]!["error"]!.GetValue<string>());
        Assert.False(results[1]!.AsObject().ContainsKey("ciphertext"));
        Assert.Equal(B64("one"), await vault.DecryptAsync("k", results[0]!["ciphertext"]!.GetValue<string>()));
        Assert.Equal(B64("two"), await vault.DecryptAsync("k", results[2]!["ciphertext"]!.GetValue<string>()));
        Assert.Equal(1, results[2]!["key_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Encrypt_BatchWithEscapesAndNonAsciiReferences_RoundTrips()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        // "+" and "/" written as JSON escapes (as .NET's default encoder writes them), references with escaped and raw non-ASCII.
        var plaintext = new byte[] { 0xfb, 0xef, 0xff, 0x00, 0x3e, 0x3f };
        var escaped = Convert.ToBase64String(plaintext).Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);
        var body = Parse("{\"batch_input\":[{\"plaintext\":\"" + escaped + "\",\"reference\":\"caf\\u00e9 \\ud83d\\ude00\"},{\"plaintext\":\"" + escaped + "\",\"reference\":\"日本\\\"q\\\"\"}]}");

        var results = VaultAssert.Ok(await vault.WriteAsync("transit/encrypt/k", body))["batch_results"]!.AsArray();

        Assert.Equal(["café 😀", "日本\"q\""], results.Select(r => r!["reference"]!.GetValue<string>()));
        foreach (var result in results)
        {
            Assert.Equal(Convert.ToBase64String(plaintext), await vault.DecryptAsync("k", result!["ciphertext"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Encrypt_BatchLargerThanOneChunk_KeepsOrderAndEveryItemDecrypts()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var plaintexts = Enumerable.Range(0, 150).Select(_ => RandomNumberGenerator.GetBytes(1024)).ToArray();
        var items = new JsonArray(plaintexts.Select((p, i) => (JsonNode?)new JsonObject { ["plaintext"] = Convert.ToBase64String(p), ["reference"] = $"r{i}" }).ToArray());
        var body = Parse(new JsonObject { ["batch_input"] = items }.ToJsonString());

        var results = VaultAssert.Ok(await vault.WriteAsync("transit/encrypt/k", body))["batch_results"]!.AsArray();

        Assert.Equal(150, results.Count);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"r{i}"), results.Select(r => r!["reference"]!.GetValue<string>()));
        var decryptInput = new JsonArray(results.Select(r => (JsonNode?)new JsonObject { ["ciphertext"] = r!["ciphertext"]!.GetValue<string>() }).ToArray());
        var decrypted = VaultAssert.Ok(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["batch_input"] = decryptInput }))["batch_results"]!.AsArray();
        Assert.Equal(plaintexts.Select(Convert.ToBase64String), decrypted.Select(r => r!["plaintext"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Encrypt_BatchResults_SerializeAsVaultShapes()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var body = Parse("""{"batch_input":[{"plaintext":"b25l"},{"plaintext":"b25l","nonce":"AAAAAAAAAAAAAAAA","reference":"n"}]}""");

        var response = await vault.WriteAsync("transit/encrypt/k", body);
        var json = JsonNode.Parse(response!.Data!.ToJsonString())!["batch_results"]!.AsArray();

        Assert.Equal(["ciphertext", "key_version", "reference"], json[0]!.AsObject().Select(p => p.Key));
        Assert.Equal(JsonValueKind.Number, json[0]!["key_version"]!.GetValueKind());
        Assert.StartsWith("vault:v1:", json[0]!["ciphertext"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["error", "reference"], json[1]!.AsObject().Select(p => p.Key));
        Assert.Equal("nonce provided when not allowed", json[1]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Encrypt_BatchOnRsaKey_WritesItsCiphertextToo()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("r", new JsonObject { ["type"] = "rsa-2048" });

        // RSA ciphertexts are far longer than the plaintexts the answer's size is estimated from: the chunk must grow.
        var input = new JsonArray([.. Enumerable.Range(0, 20).Select(i => (JsonNode?)new JsonObject { ["plaintext"] = B64($"item {i}") })]);

        var results = VaultAssert.Ok(await vault.WriteAsync("transit/encrypt/r", new JsonObject { ["batch_input"] = input }))["batch_results"]!.AsArray();

        Assert.Equal(20, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(B64($"item {i}"), await vault.DecryptAsync("r", results[i]!["ciphertext"]!.GetValue<string>()));
        }
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
