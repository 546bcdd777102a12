using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitEncryptTests
{
    [Theory]
    [InlineData("aes128-gcm96")]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    public async Task Encrypt_EachType_RoundTripsInVaultFormat(string type)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type });
        var plaintext = B64("the quick brown fox");

        var ciphertext = await vault.EncryptAsync("k", plaintext);

        Assert.StartsWith("vault:v1:", ciphertext, StringComparison.Ordinal);
        Assert.Equal(12 + 19 + 16, Convert.FromBase64String(ciphertext["vault:v1:".Length..]).Length);
        Assert.Equal(plaintext, await vault.DecryptAsync("k", ciphertext));
        Assert.NotEqual(ciphertext, await vault.EncryptAsync("k", plaintext));
    }

    [Theory]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    public async Task Decrypt_AssociatedData_MustMatch(string type)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type });
        var aad = new JsonObject { ["associated_data"] = B64("row-42") };
        var ciphertext = await vault.EncryptAsync("k", B64("secret"), aad);

        Assert.Equal(B64("secret"), await vault.DecryptAsync("k", ciphertext, new JsonObject { ["associated_data"] = B64("row-42") }));
        Assert.EndsWith("message authentication failed", Error(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = ciphertext })), StringComparison.Ordinal);
        Assert.EndsWith("message authentication failed", Error(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = ciphertext, ["associated_data"] = B64("row-43") })), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_KnownAnswer_CiphertextBuiltOutsideTheEngine()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var key = Convert.FromBase64String((await vault.StoredKeyAsync("k")).Versions[1].Key);
        var nonce = Convert.FromHexString("000102030405060708090a0b");
        var plaintext = "known answer"u8.ToArray();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        var built = "vault:v1:" + Convert.ToBase64String([.. nonce, .. ciphertext, .. tag]);

        Assert.Equal(Convert.ToBase64String(plaintext), await vault.DecryptAsync("k", built));
    }

    [Fact]
    public async Task Encrypt_KnownAnswer_EngineOutputOpensWithAesGcm()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var ciphertext = await vault.EncryptAsync("k", B64("hello"), new JsonObject { ["associated_data"] = B64("aad") });
        var key = Convert.FromBase64String((await vault.StoredKeyAsync("k")).Versions[1].Key);
        var raw = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        var plaintext = new byte[raw.Length - 28];

        using var gcm = new AesGcm(key, 16);
        gcm.Decrypt(raw.AsSpan(0, 12), raw.AsSpan(12, plaintext.Length), raw.AsSpan(raw.Length - 16), plaintext, "aad"u8);

        Assert.Equal("hello"u8.ToArray(), plaintext);
    }

    [Fact]
    public async Task Encrypt_DerivedKey_UsesHkdfOfContextAndNeedsTheSameContext()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("d", new JsonObject { ["derived"] = true });
        var context = B64("tenant-1");
        var ciphertext = await vault.EncryptAsync("d", B64("data"), new JsonObject { ["context"] = context });

        Assert.Equal(B64("data"), await vault.DecryptAsync("d", ciphertext, new JsonObject { ["context"] = context }));
        Assert.Equal("cipher: message authentication failed", Error(await vault.WriteAsync("transit/decrypt/d", new JsonObject { ["ciphertext"] = ciphertext, ["context"] = B64("tenant-2") })));
        Assert.StartsWith("missing 'context' for key derivation", Error(await vault.WriteAsync("transit/decrypt/d", new JsonObject { ["ciphertext"] = ciphertext })), StringComparison.Ordinal);

        // Known answer: HKDF-SHA256(key, no salt, info = context), 32 bytes, then AES-GCM.
        var key = Convert.FromBase64String((await vault.StoredKeyAsync("d")).Versions[1].Key);
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, [], "tenant-1"u8.ToArray());
        var raw = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        var plaintext = new byte[raw.Length - 28];
        using var gcm = new AesGcm(derived, 16);
        gcm.Decrypt(raw.AsSpan(0, 12), raw.AsSpan(12, plaintext.Length), raw.AsSpan(raw.Length - 16), plaintext);
        Assert.Equal("data"u8.ToArray(), plaintext);
    }

    [Fact]
    public async Task Encrypt_ConvergentKey_IsDeterministicPerContextWithVersion3Nonce()
    {
        using var vault = await WithTransitAsync();
        var info = await vault.CreateKeyAsync("c", new JsonObject { ["derived"] = true, ["convergent_encryption"] = true });
        Assert.Equal(3, info["convergent_encryption_version"]!.GetValue<int>());
        var one = new JsonObject { ["context"] = B64("ctx-1") };

        var first = await vault.EncryptAsync("c", B64("same"), one);
        var second = await vault.EncryptAsync("c", B64("same"), new JsonObject { ["context"] = B64("ctx-1") });
        var other = await vault.EncryptAsync("c", B64("same"), new JsonObject { ["context"] = B64("ctx-2") });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        // Nonce = HMAC-SHA256(derived bytes 32..64, plaintext)[..12], derived = HKDF(key, info = context, 64 bytes).
        var key = Convert.FromBase64String((await vault.StoredKeyAsync("c")).Versions[1].Key);
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 64, [], "ctx-1"u8.ToArray());
        var nonce = HMACSHA256.HashData(derived.AsSpan(32), "same"u8)[..12];
        Assert.Equal(nonce, Convert.FromBase64String(first["vault:v1:".Length..])[..12]);
        Assert.Equal(B64("same"), await vault.DecryptAsync("c", first, new JsonObject { ["context"] = B64("ctx-1") }));
    }

    [Fact]
    public async Task Encrypt_CallerNonce_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        await vault.CreateKeyAsync("c", new JsonObject { ["derived"] = true, ["convergent_encryption"] = true });
        var nonce = Convert.ToBase64String(new byte[12]);

        Assert.Equal("nonce provided when not allowed", Error(await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["plaintext"] = B64("x"), ["nonce"] = nonce })));
        Assert.Equal("nonce provided when not allowed", Error(await vault.WriteAsync("transit/encrypt/c", new JsonObject { ["plaintext"] = B64("x"), ["nonce"] = nonce, ["context"] = B64("c") })));
    }

    [Fact]
    public async Task Encrypt_MissingKeyWithCreate_UpsertsDerivedIffContextGiven()
    {
        using var vault = await WithTransitAsync();

        var plain = await vault.EncryptAsync("auto", B64("x"));
        var derived = await vault.EncryptAsync("auto-derived", B64("x"), new JsonObject { ["context"] = B64("c") });

        Assert.False(VaultAssert.Ok(await vault.ReadAsync("transit/keys/auto"))["derived"]!.GetValue<bool>());
        Assert.True(VaultAssert.Ok(await vault.ReadAsync("transit/keys/auto-derived"))["derived"]!.GetValue<bool>());
        Assert.Equal(B64("x"), await vault.DecryptAsync("auto", plain));
        Assert.Equal(B64("x"), await vault.DecryptAsync("auto-derived", derived, new JsonObject { ["context"] = B64("c") }));
        Assert.Equal("encryption key not found", Error(await vault.WriteAsync("transit/decrypt/missing", new JsonObject { ["ciphertext"] = plain })));
    }

    [Fact]
    public async Task Encrypt_UpsertUnsupportedType_IsRefused()
    {
        using var vault = await WithTransitAsync();

        Assert.Equal("unknown key type ed25519", Error(await vault.WriteAsync("transit/encrypt/e", new JsonObject { ["plaintext"] = B64("x"), ["type"] = "ed25519" })));
        Assert.Equal("convergent encryption requires derivation to be enabled, so context is required", Error(await vault.WriteAsync("transit/encrypt/e", new JsonObject { ["plaintext"] = B64("x"), ["convergent_encryption"] = true })));
        VaultAssert.Error(await vault.ReadAsync("transit/keys/e"), 404);
    }

    [Fact]
    public async Task Encrypt_HmacKey_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("h", new JsonObject { ["type"] = "hmac" });

        Assert.Equal("message encryption not supported for key type hmac", Error(await vault.WriteAsync("transit/encrypt/h", new JsonObject { ["plaintext"] = B64("x") })));
    }

    [Fact]
    public async Task Rewrap_MovesOldVersionToLatest()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var v1 = await vault.EncryptAsync("k", B64("payload"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        var data = VaultAssert.Ok(await vault.WriteAsync("transit/rewrap/k", new JsonObject { ["ciphertext"] = v1 }));

        var v2 = data["ciphertext"]!.GetValue<string>();
        Assert.StartsWith("vault:v2:", v2, StringComparison.Ordinal);
        Assert.Equal(2, data["key_version"]!.GetValue<long>());
        Assert.Equal(B64("payload"), await vault.DecryptAsync("k", v2));
    }
}
