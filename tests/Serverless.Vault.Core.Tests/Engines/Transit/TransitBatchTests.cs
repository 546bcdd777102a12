using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitBatchTests
{
    [Fact]
    public async Task EncryptDecrypt_Batch_KeepsOrderAndEchoesReferences()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var input = new JsonArray(
            new JsonObject { ["plaintext"] = B64("one"), ["reference"] = "r1" },
            new JsonObject { ["plaintext"] = B64("two"), ["reference"] = "r2" });

        var encrypted = VaultAssert.Ok(await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["batch_input"] = input }))["batch_results"]!.AsArray();
        var decryptInput = new JsonArray(encrypted.Select(r => (JsonNode?)new JsonObject { ["ciphertext"] = r!["ciphertext"]!.GetValue<string>(), ["reference"] = r["reference"]!.GetValue<string>() + "d" }).ToArray());
        var decrypted = VaultAssert.Ok(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["batch_input"] = decryptInput }))["batch_results"]!.AsArray();

        Assert.Equal(["r1", "r2"], encrypted.Select(r => r!["reference"]!.GetValue<string>()));
        Assert.All(encrypted, r => Assert.Equal(1, r!["key_version"]!.GetValue<long>()));
        Assert.Equal([B64("one"), B64("two")], decrypted.Select(r => r!["plaintext"]!.GetValue<string>()));
        Assert.Equal(["r1d", "r2d"], decrypted.Select(r => r!["reference"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Decrypt_BatchWithAFailure_Is400WithFullEnvelopeAndPerItemErrors()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var good = await vault.EncryptAsync("k", B64("ok"));
        var input = new JsonArray(
            new JsonObject { ["ciphertext"] = good, ["reference"] = "good" },
            new JsonObject { ["ciphertext"] = "garbage", ["reference"] = "bad" });

        var response = await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["batch_input"] = input });

        Assert.NotNull(response);
        Assert.Equal(400, response.StatusCode);
        Assert.Null(response.Errors);
        var results = response.Data!["batch_results"]!.AsArray();
        Assert.Equal(B64("ok"), results[0]!["plaintext"]!.GetValue<string>());
        Assert.False(results[0]!.AsObject().ContainsKey("error"));
        Assert.Equal("invalid ciphertext: no prefix", results[1]!["error"]!.GetValue<string>());
        Assert.Equal("", results[1]!["plaintext"]!.GetValue<string>());
        Assert.Equal("bad", results[1]!["reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task Encrypt_PartialFailureResponseCode_AppliesOnlyWhenSomethingSucceeded()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var mixed = new JsonArray(new JsonObject { ["plaintext"] = B64("ok") }, new JsonObject { ["plaintext"] = "%%%" });
        var allBad = new JsonArray(new JsonObject { ["plaintext"] = "%%%" });

        var partial = await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["batch_input"] = mixed, ["partial_failure_response_code"] = 207 });
        var failed = await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["batch_input"] = allBad, ["partial_failure_response_code"] = 207 });
        var invalidCode = await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["batch_input"] = mixed.DeepClone(), ["partial_failure_response_code"] = 700 });

        Assert.Equal(207, partial!.StatusCode);
        Assert.Equal("illegal base64 data at input byte 0", partial.Data!["batch_results"]![1]!["error"]!.GetValue<string>());
        Assert.Equal(400, failed!.StatusCode);
        Assert.Equal(400, invalidCode!.StatusCode);
        Assert.Contains(invalidCode.Warnings, w => w.Contains("partial_failure_response_code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Encrypt_ContextInSomeItemsOnly_IsRefusedWhole()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["derived"] = true });
        var input = new JsonArray(new JsonObject { ["plaintext"] = B64("a"), ["context"] = B64("c") }, new JsonObject { ["plaintext"] = B64("b") });

        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["batch_input"] = input }), 400, "context should be set either in all the request blocks or in none");
        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["batch_input"] = new JsonArray() }), 400, "missing batch input to process");
    }

    [Fact]
    public async Task Rewrap_Batch_ReportsEachItem()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var v1 = await vault.EncryptAsync("k", B64("x"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));
        var input = new JsonArray(new JsonObject { ["ciphertext"] = v1, ["reference"] = "a" }, new JsonObject { ["ciphertext"] = "vault:v7:AAAA", ["reference"] = "b" });

        var response = await vault.WriteAsync("transit/rewrap/k", new JsonObject { ["batch_input"] = input });

        Assert.Equal(400, response!.StatusCode);
        var results = response.Data!["batch_results"]!.AsArray();
        Assert.StartsWith("vault:v2:", results[0]!["ciphertext"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("invalid ciphertext: version is too new", results[1]!["error"]!.GetValue<string>());
        Assert.Equal("b", results[1]!["reference"]!.GetValue<string>());
    }
}
