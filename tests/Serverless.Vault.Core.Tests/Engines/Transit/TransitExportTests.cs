using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitExportTests
{
    [Fact]
    public async Task Export_EncryptionKeyAllVersions_ReturnsEachRawKey()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["exportable"] = true });
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        var data = VaultAssert.Ok(await vault.ReadAsync("transit/export/encryption-key/k"));

        Assert.Equal("k", data["name"]!.GetValue<string>());
        Assert.Equal("aes256-gcm96", data["type"]!.GetValue<string>());
        var keys = data["keys"]!.AsObject();
        Assert.Equal(["1", "2"], keys.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        var stored = await vault.StoredKeyAsync("k");
        Assert.Equal(stored.Versions[1].Key, keys["1"]!.GetValue<string>());
        Assert.Equal(32, Convert.FromBase64String(keys["2"]!.GetValue<string>()).Length);
    }

    [Theory]
    [InlineData("latest", "2")]
    [InlineData("2", "2")]
    [InlineData("v1", "1")]
    public async Task Export_OneVersion_ReturnsOnlyThatVersion(string requested, string expected)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["exportable"] = true });
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        var keys = VaultAssert.Ok(await vault.ReadAsync("transit/export/encryption-key/k/" + requested))["keys"]!.AsObject();

        Assert.Equal(expected, Assert.Single(keys).Key);
    }

    [Fact]
    public async Task Export_HmacKey_MatchesTheHmacEndpoint()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["exportable"] = true });
        var hmacKey = Convert.FromBase64String(VaultAssert.Ok(await vault.ReadAsync("transit/export/hmac-key/k/1"))["keys"]!["1"]!.GetValue<string>());

        var hmac = VaultAssert.Ok(await vault.WriteAsync("transit/hmac/k", new JsonObject { ["input"] = B64("msg") }))["hmac"]!.GetValue<string>();

        Assert.Equal("vault:v1:" + Convert.ToBase64String(HMACSHA256.HashData(hmacKey, Encoding.UTF8.GetBytes("msg"))), hmac);
    }

    [Fact]
    public async Task Export_HmacTypeKey_HmacKeyIsTheKeyAndEncryptionKeyIsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("h", new JsonObject { ["type"] = "hmac", ["exportable"] = true, ["key_size"] = 64 });

        var exported = VaultAssert.Ok(await vault.ReadAsync("transit/export/hmac-key/h"))["keys"]!["1"]!.GetValue<string>();

        Assert.Equal((await vault.StoredKeyAsync("h")).Versions[1].Key, exported);
        Assert.Equal(64, Convert.FromBase64String(exported).Length);
        VaultAssert.Error(await vault.ReadAsync("transit/export/encryption-key/h"), 400, "encryption not supported for the key");
        VaultAssert.Error(await vault.ReadAsync("transit/export/signing-key/h"), 400, "signing not supported for the key");
    }

    [Fact]
    public async Task Export_NotExportable_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        VaultAssert.Error(await vault.ReadAsync("transit/export/encryption-key/k"), 400, "private key material is not exportable");
        VaultAssert.Error(await vault.ReadAsync("transit/export/hmac-key/k/latest"), 400, "private key material is not exportable");
    }

    [Fact]
    public async Task Export_ExportableSetLaterByConfig_Allowed()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["exportable"] = true }));

        VaultAssert.Ok(await vault.ReadAsync("transit/export/encryption-key/k"));
    }

    [Theory]
    [InlineData("transit/export/secret-key/k", "invalid export type: secret-key")]
    [InlineData("transit/export/encryption-key/k/abc", "invalid key version")]
    [InlineData("transit/export/encryption-key/k/3", "version does not exist or cannot be found")]
    [InlineData("transit/export/encryption-key/k/1", "version for export is below minimum decryption version")]
    public async Task Export_BadRequest_Is400WithVaultsMessage(string path, string message)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["exportable"] = true });
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 2 }));

        VaultAssert.Error(await vault.ReadAsync(path), 400, message);
    }

    [Fact]
    public async Task Export_UnknownKey_Is404()
    {
        using var vault = await WithTransitAsync();

        VaultAssert.Error(await vault.ReadAsync("transit/export/encryption-key/nope"), 404);
    }

    [Theory]
    [InlineData("aes256-gcm96")]
    [InlineData("aes128-gcm96")]
    public async Task Decrypt_CiphertextBuiltOutsideWithExportedKey_GivesThePlaintext(string type)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type, ["exportable"] = true });
        var key = await ExportedKeyAsync(vault, "k");
        var plaintext = Encoding.UTF8.GetBytes("known answer: built by System.Security.Cryptography.AesGcm");
        var aad = Encoding.UTF8.GetBytes("aad");

        // Vault's documented layout: nonce (12) || ciphertext || tag (16), base64, after "vault:v1:".
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedBytes = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(nonce, plaintext, sealedBytes, tag, aad);
        }

        var ciphertext = "vault:v1:" + Convert.ToBase64String([.. nonce, .. sealedBytes, .. tag]);

        Assert.Equal(Convert.ToBase64String(plaintext), await vault.DecryptAsync("k", ciphertext, new JsonObject { ["associated_data"] = Convert.ToBase64String(aad) }));
    }

    [Fact]
    public async Task Encrypt_CiphertextOpenedOutsideWithExportedKey_GivesThePlaintext()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["exportable"] = true });
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));
        var ciphertext = await vault.EncryptAsync("k", B64("made by the engine"));
        var key = await ExportedKeyAsync(vault, "k", "2");

        Assert.StartsWith("vault:v2:", ciphertext, StringComparison.Ordinal);
        var raw = Convert.FromBase64String(ciphertext["vault:v2:".Length..]);
        var opened = new byte[raw.Length - 28];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Decrypt(raw.AsSpan(0, 12), raw.AsSpan(12, opened.Length), raw.AsSpan(raw.Length - 16), opened);
        }

        Assert.Equal("made by the engine", Encoding.UTF8.GetString(opened));
    }

    [Fact]
    public async Task Decrypt_ChaChaCiphertextBuiltOutside_GivesThePlaintext()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("c", new JsonObject { ["type"] = "chacha20-poly1305", ["exportable"] = true });
        var key = await ExportedKeyAsync(vault, "c");
        var plaintext = Encoding.UTF8.GetBytes("chacha known answer");
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedBytes = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var chacha = new ChaCha20Poly1305(key))
        {
            chacha.Encrypt(nonce, plaintext, sealedBytes, tag);
        }

        var ciphertext = "vault:v1:" + Convert.ToBase64String([.. nonce, .. sealedBytes, .. tag]);

        Assert.Equal(Convert.ToBase64String(plaintext), await vault.DecryptAsync("c", ciphertext));
    }

    private static async Task<byte[]> ExportedKeyAsync(TestVault vault, string name, string version = "1") =>
        Convert.FromBase64String(VaultAssert.Ok(await vault.ReadAsync($"transit/export/encryption-key/{name}/{version}"))["keys"]![version]!.GetValue<string>());
}
