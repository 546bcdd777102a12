using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitUtilityTests
{
    [Theory]
    [InlineData("plaintext", 128)]
    [InlineData("plaintext", 512)]
    [InlineData("wrapped", 256)]
    public async Task Datakey_ReturnsAnEncryptedKeyThatDecrypts(string kind, int bits)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        var data = VaultAssert.Ok(await vault.WriteAsync($"transit/datakey/{kind}/k", new JsonObject { ["bits"] = bits }));

        var decrypted = await vault.DecryptAsync("k", data["ciphertext"]!.GetValue<string>());
        Assert.Equal(bits / 8, Convert.FromBase64String(decrypted).Length);
        Assert.Equal(1, data["key_version"]!.GetValue<long>());
        Assert.Equal(kind == "plaintext" ? decrypted : null, data["plaintext"]?.GetValue<string>());
    }

    [Fact]
    public async Task Datakey_BadInput_Is400()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        VaultAssert.Error(await vault.WriteAsync("transit/datakey/plaintext/k", new JsonObject { ["bits"] = 100 }), 400, "invalid bits length");
        VaultAssert.Error(await vault.WriteAsync("transit/datakey/raw/k"), 400, "Invalid path, must be 'plaintext' or 'wrapped'");
        VaultAssert.Error(await vault.WriteAsync("transit/datakey/plaintext/none"), 400, "encryption key not found");
    }

    [Fact]
    public async Task Random_BytesFromPathOrBody_InEitherFormat()
    {
        using var vault = await WithTransitAsync();

        var byDefault = VaultAssert.Ok(await vault.WriteAsync("transit/random"))["random_bytes"]!.GetValue<string>();
        var fromPath = VaultAssert.Ok(await vault.WriteAsync("transit/random/16", new JsonObject { ["format"] = "hex" }))["random_bytes"]!.GetValue<string>();
        var withSource = VaultAssert.Ok(await vault.WriteAsync("transit/random/platform/8"))["random_bytes"]!.GetValue<string>();

        Assert.Equal(32, Convert.FromBase64String(byDefault).Length);
        Assert.Equal(32, fromPath.Length);
        Assert.Equal(8, Convert.FromBase64String(withSource).Length);
        VaultAssert.Error(await vault.WriteAsync("transit/random", new JsonObject { ["bytes"] = 0 }), 400, "\"bytes\" cannot be less than 1");
        VaultAssert.Error(await vault.WriteAsync("transit/random", new JsonObject { ["format"] = "binary" }), 400, "unsupported encoding format \"binary\"; must be \"hex\" or \"base64\"");
    }

    [Theory]
    [InlineData("hash", "hex")]
    [InlineData("hash/sha2-512", "base64")]
    public async Task Hash_MatchesTheDigest(string path, string format)
    {
        using var vault = await WithTransitAsync();

        var sum = VaultAssert.Ok(await vault.WriteAsync("transit/" + path, new JsonObject { ["input"] = B64("abc"), ["format"] = format }))["sum"]!.GetValue<string>();

        var expected = path == "hash" ? Convert.ToHexStringLower(SHA256.HashData("abc"u8)) : Convert.ToBase64String(SHA512.HashData("abc"u8));
        Assert.Equal(expected, sum);
        VaultAssert.Error(await vault.WriteAsync("transit/hash/md5", new JsonObject { ["input"] = B64("abc") }), 400, "unsupported algorithm md5");
    }

    [Fact]
    public async Task HashAndHmac_Sha2224_UseTheManagedImplementation()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        var sum = VaultAssert.Ok(await vault.WriteAsync("transit/hash/sha2-224", new JsonObject { ["input"] = B64("abc") }))["sum"]!.GetValue<string>();
        var hmac = VaultAssert.Ok(await vault.WriteAsync("transit/hmac/k/sha2-224", new JsonObject { ["input"] = B64("abc") }))["hmac"]!.GetValue<string>();

        Assert.Equal("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", sum);
        Assert.Equal(28, Convert.FromBase64String(hmac["vault:v1:".Length..]).Length);
        Assert.True(await VerifyAsync(vault, "verify/k/sha2-224", B64("abc"), hmac));
    }

    [Fact]
    public async Task HmacAndVerify_RoundTripWithTheVersionsHmacKey()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        var hmac = VaultAssert.Ok(await vault.WriteAsync("transit/hmac/k", new JsonObject { ["input"] = B64("msg") }))["hmac"]!.GetValue<string>();

        var hmacKey = Convert.FromBase64String((await vault.StoredKeyAsync("k")).Versions[1].HmacKey);
        Assert.Equal("vault:v1:" + Convert.ToBase64String(HMACSHA256.HashData(hmacKey, "msg"u8)), hmac);
        Assert.True(await VerifyAsync(vault, "verify/k", B64("msg"), hmac));
        Assert.False(await VerifyAsync(vault, "verify/k", B64("other"), hmac));
        Assert.False(await VerifyAsync(vault, "verify/k/sha2-512", B64("msg"), hmac));
    }

    [Fact]
    public async Task Hmac_HmacKeyTypeAndBatch()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("h", new JsonObject { ["type"] = "hmac" });
        var input = new JsonArray(new JsonObject { ["input"] = B64("a"), ["reference"] = "1" }, new JsonObject { ["input"] = "@@", ["reference"] = "2" });

        var response = await vault.WriteAsync("transit/hmac/h/sha2-384", new JsonObject { ["batch_input"] = input });

        Assert.Equal(400, response!.StatusCode);
        var results = response.Data!["batch_results"]!.AsArray();
        var key = Convert.FromBase64String((await vault.StoredKeyAsync("h")).Versions[1].Key);
        Assert.Equal("vault:v1:" + Convert.ToBase64String(HMACSHA384.HashData(key, "a"u8)), results[0]!["hmac"]!.GetValue<string>());
        Assert.Equal("unable to decode input as base64: illegal base64 data at input byte 0", results[1]!["error"]!.GetValue<string>());
        Assert.Equal("2", results[1]!["reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_BadHmacs_Are400()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = B64("m"), ["hmac"] = "abc" }), 400, "invalid HMAC to verify: no prefix");
        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = B64("m"), ["hmac"] = "vault:v5:AAAA" }), 400, "invalid HMAC: version is too new");
        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = B64("m"), ["signature"] = "vault:v1:AAAA" }), 400, "key type aes256-gcm96 does not support verification");
    }

    private static async Task<bool> VerifyAsync(TestVault vault, string path, string input, string hmac) =>
        VaultAssert.Ok(await vault.WriteAsync("transit/" + path, new JsonObject { ["input"] = input, ["hmac"] = hmac }))["valid"]!.GetValue<bool>();
}
