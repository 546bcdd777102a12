using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitAsymmetricKeysTests
{
    [Theory]
    [InlineData("ed25519", "ed25519", false)]
    [InlineData("ecdsa-p256", "P-256", false)]
    [InlineData("ecdsa-p384", "P-384", false)]
    [InlineData("ecdsa-p521", "P-521", false)]
    [InlineData("rsa-2048", "rsa-2048", true)]
    [InlineData("rsa-3072", "rsa-3072", true)]
    [InlineData("rsa-4096", "rsa-4096", true)]
    public async Task Create_AsymmetricType_ReadShowsPublicKeyPerVersion(string type, string displayName, bool encrypts)
    {
        using var vault = await WithTransitAsync();
        vault.Time.Advance(TimeSpan.FromTicks(1_234_500));

        var data = await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type });

        Assert.Equal(type, data["type"]!.GetValue<string>());
        Assert.True(data["supports_signing"]!.GetValue<bool>());
        Assert.Equal(encrypts, data["supports_encryption"]!.GetValue<bool>());
        Assert.Equal(encrypts, data["supports_decryption"]!.GetValue<bool>());
        Assert.Equal(type == "ed25519", data["supports_derivation"]!.GetValue<bool>());
        var version = data["keys"]!["1"]!.AsObject();
        Assert.Equal(displayName, version["name"]!.GetValue<string>());
        Assert.Equal("", version["certificate_chain"]!.GetValue<string>());
        var created = DateTimeOffset.Parse(version["creation_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(vault.Time.GetUtcNow(), created);
        Assert.EndsWith("Z", version["creation_time"]!.GetValue<string>(), StringComparison.Ordinal);
        var publicKey = version["public_key"]!.GetValue<string>();
        if (type == "ed25519")
        {
            Assert.Equal(32, Convert.FromBase64String(publicKey).Length);
        }
        else
        {
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicKey, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Rotate_AsymmetricKey_AddsAVersionWithAnotherPublicKey()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ecdsa-p256" });

        var data = VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        Assert.Equal(2, data["latest_version"]!.GetValue<long>());
        Assert.NotEqual(data["keys"]!["1"]!["public_key"]!.GetValue<string>(), data["keys"]!["2"]!["public_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_AsymmetricKey_StoresPrivateKeyBehindTheBarrier()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("e", new JsonObject { ["type"] = "ed25519" });
        await vault.CreateKeyAsync("p", new JsonObject { ["type"] = "ecdsa-p384" });

        var ed = (await vault.StoredKeyAsync("e")).Versions[1];
        var ec = (await vault.StoredKeyAsync("p")).Versions[1];

        Assert.Equal(32, Convert.FromBase64String(ed.Key).Length);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(ec.Key), out _);
        Assert.Equal(384, ecdsa.KeySize);
        Assert.Equal(ec.PublicKey, ecdsa.ExportSubjectPublicKeyInfoPem());
    }

    [Theory]
    [InlineData("ecdsa-p256", true, false, "key derivation and convergent encryption not supported for keys of type ecdsa-p256")]
    [InlineData("rsa-2048", true, false, "key derivation and convergent encryption not supported for keys of type rsa-2048")]
    [InlineData("ed25519", true, true, "convergent encryption not supported for keys of type ed25519")]
    public async Task Create_AsymmetricWithUnsupportedDerivation_Is400(string type, bool derived, bool convergent, string message)
    {
        using var vault = await WithTransitAsync();

        var body = new JsonObject { ["type"] = type, ["derived"] = derived, ["convergent_encryption"] = convergent };

        VaultAssert.Error(await vault.WriteAsync("transit/keys/k", body), 400, message);
    }

    [Fact]
    public async Task Create_DerivedEd25519_ShowsNoPublicKeyWithoutContext()
    {
        using var vault = await WithTransitAsync();

        var data = await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ed25519", ["derived"] = true });

        Assert.True(data["derived"]!.GetValue<bool>());
        Assert.Equal("", data["keys"]!["1"]!["public_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Encrypt_Rsa_RoundTripsAndRewraps()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("r", new JsonObject { ["type"] = "rsa-2048" });

        var ciphertext = await vault.EncryptAsync("r", B64("secret"));
        Assert.StartsWith("vault:v1:", ciphertext, StringComparison.Ordinal);
        Assert.Equal(256, Convert.FromBase64String(ciphertext["vault:v1:".Length..]).Length);
        Assert.Equal(B64("secret"), await vault.DecryptAsync("r", ciphertext));

        VaultAssert.Ok(await vault.WriteAsync("transit/keys/r/rotate"));
        var rewrapped = VaultAssert.Ok(await vault.WriteAsync("transit/rewrap/r", new JsonObject { ["ciphertext"] = ciphertext }))["ciphertext"]!.GetValue<string>();
        Assert.StartsWith("vault:v2:", rewrapped, StringComparison.Ordinal);
        Assert.Equal(B64("secret"), await vault.DecryptAsync("r", rewrapped));
    }

    [Fact]
    public async Task Decrypt_RsaCiphertextMadeOutsideWithThePublicKey_GivesThePlaintext()
    {
        using var vault = await WithTransitAsync();
        var data = await vault.CreateKeyAsync("r", new JsonObject { ["type"] = "rsa-3072" });
        using var rsa = RSA.Create();
        rsa.ImportFromPem(data["keys"]!["1"]!["public_key"]!.GetValue<string>());

        var outside = "vault:v1:" + Convert.ToBase64String(rsa.Encrypt("made outside"u8.ToArray(), RSAEncryptionPadding.OaepSHA256));

        Assert.Equal(B64("made outside"), await vault.DecryptAsync("r", outside));
    }

    [Fact]
    public async Task Decrypt_RsaTampered_Is400WithoutPlaintext()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("r", new JsonObject { ["type"] = "rsa-2048" });
        var ciphertext = await vault.EncryptAsync("r", B64("secret"));
        var bytes = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        bytes[17] ^= 1;

        var response = await vault.WriteAsync("transit/decrypt/r", new JsonObject { ["ciphertext"] = "vault:v1:" + Convert.ToBase64String(bytes) });

        VaultAssert.Error(response, 400, "failed to RSA decrypt the ciphertext: crypto/rsa: decryption error");
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa-p256")]
    public async Task Encrypt_SigningOnlyKey_Is400(string type)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("s", new JsonObject { ["type"] = type });

        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/s", new JsonObject { ["plaintext"] = B64("x") }), 400, $"message encryption not supported for key type {type}");
    }
}
