using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Serverless.Vault.Core.Engines.Transit;
using Serverless.Vault.Core.Jobs;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitImportTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("bring your own key");

    [Fact]
    public async Task WrappingKey_ReadTwice_ReturnsOneRsa4096PublicKey()
    {
        using var vault = await WithTransitAsync();

        var first = VaultAssert.Ok(await vault.ReadAsync("transit/wrapping_key"))["public_key"]!.GetValue<string>();
        var second = VaultAssert.Ok(await vault.ReadAsync("transit/wrapping_key"))["public_key"]!.GetValue<string>();

        Assert.Equal(first, second);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", first, StringComparison.Ordinal);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(first);
        Assert.Equal(4096, rsa.KeySize);
    }

    [Fact]
    public async Task WrappingKey_FirstReadOnTwoInstancesAtOnce_BothAgree()
    {
        using var first = await WithTransitAsync();
        using var second = first.SecondInstance();

        var answers = await Task.WhenAll(first.ReadAsync("transit/wrapping_key"), second.ReadAsync("transit/wrapping_key"));

        var keys = answers.Select(answer => VaultAssert.Ok(answer)["public_key"]!.GetValue<string>()).ToArray();
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(keys[0], VaultAssert.Ok(await second.ReadAsync("transit/wrapping_key"))["public_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_OnOneInstance_UnwrapsWithTheKeyAnotherInstanceHandedOut()
    {
        using var first = await WithTransitAsync();
        using var second = first.SecondInstance();
        var key = RandomNumberGenerator.GetBytes(32);

        VaultAssert.NoContent(await second.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = await WrapAsync(first, key) }));

        Assert.Equal(B64("bring your own key"), await first.DecryptAsync("k", EncryptOutside(key, 1, Message)));
    }

    [Fact]
    public async Task Import_Rsa2048Pkcs8_ShowsTheOriginalPublicKey()
    {
        using var vault = await WithTransitAsync();
        using var rsa = RSA.Create(2048);

        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/r/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, rsa.ExportPkcs8PrivateKey()), ["type"] = "rsa-2048" }));

        var info = VaultAssert.Ok(await vault.ReadAsync("transit/keys/r"));
        Assert.Equal(rsa.ExportSubjectPublicKeyInfoPem(), info["keys"]!["1"]!["public_key"]!.GetValue<string>());
        Assert.True(info["imported_key"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Import_Aes256_DecryptsCiphertextBuiltOutside()
    {
        using var vault = await WithTransitAsync();
        var key = RandomNumberGenerator.GetBytes(32);

        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, key) }));

        var info = VaultAssert.Ok(await vault.ReadAsync("transit/keys/k"));
        Assert.True(info["imported_key"]!.GetValue<bool>());
        Assert.False(info["imported_key_allow_rotation"]!.GetValue<bool>());
        Assert.Equal("aes256-gcm96", info["type"]!.GetValue<string>());
        Assert.Equal(B64("bring your own key"), await vault.DecryptAsync("k", EncryptOutside(key, 1, Message)));
    }

    [Theory]
    [InlineData("SHA1")]
    [InlineData("SHA384")]
    [InlineData("sha512")]
    public async Task Import_OtherOaepHash_Accepted(string hashFunction)
    {
        using var vault = await WithTransitAsync();
        var key = RandomNumberGenerator.GetBytes(16);
        var hash = new HashAlgorithmName(hashFunction.ToUpperInvariant());

        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/k/import", new JsonObject
        {
            ["ciphertext"] = await WrapAsync(vault, key, hash),
            ["hash_function"] = hashFunction,
            ["type"] = "aes128-gcm96",
        }));

        Assert.Equal(B64("bring your own key"), await vault.DecryptAsync("k", EncryptOutside(key, 1, Message)));
    }

    [Fact]
    public async Task Import_EcdsaP256_SignatureVerifiesWithOriginalPublicKey()
    {
        using var vault = await WithTransitAsync();
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/ec/import", new JsonObject
        {
            ["ciphertext"] = await WrapAsync(vault, ecdsa.ExportPkcs8PrivateKey()),
            ["type"] = "ecdsa-p256",
        }));

        var info = VaultAssert.Ok(await vault.ReadAsync("transit/keys/ec"));
        Assert.Equal(ecdsa.ExportSubjectPublicKeyInfoPem(), info["keys"]!["1"]!["public_key"]!.GetValue<string>());
        var signature = VaultAssert.Ok(await vault.WriteAsync("transit/sign/ec", new JsonObject { ["input"] = Convert.ToBase64String(Message) }))["signature"]!.GetValue<string>();
        Assert.StartsWith("vault:v1:", signature, StringComparison.Ordinal);
        var der = Convert.FromBase64String(signature["vault:v1:".Length..]);
        Assert.True(ecdsa.VerifyData(Message, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task Import_Ed25519Pkcs8_ShowsTheOriginalPublicKey()
    {
        using var vault = await WithTransitAsync();
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded();

        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/ed/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, pkcs8), ["type"] = "ed25519" }));

        var publicKey = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
        Assert.Equal(Convert.ToBase64String(publicKey), VaultAssert.Ok(await vault.ReadAsync("transit/keys/ed"))["keys"]!["1"]!["public_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_Hmac_KeySizeIsTheImportedLengthAndMacsWithIt()
    {
        using var vault = await WithTransitAsync();
        var key = RandomNumberGenerator.GetBytes(48);

        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/h/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, key), ["type"] = "hmac" }));

        Assert.Equal(48, VaultAssert.Ok(await vault.ReadAsync("transit/keys/h"))["key_size"]!.GetValue<int>());
        var hmac = VaultAssert.Ok(await vault.WriteAsync("transit/hmac/h", new JsonObject { ["input"] = Convert.ToBase64String(Message) }))["hmac"]!.GetValue<string>();
        Assert.Equal("vault:v1:" + Convert.ToBase64String(HMACSHA256.HashData(key, Message)), hmac);
    }

    [Fact]
    public async Task ImportVersion_ImportedKey_AddsTheNextVersion()
    {
        using var vault = await WithTransitAsync();
        var first = RandomNumberGenerator.GetBytes(32);
        var second = RandomNumberGenerator.GetBytes(32);
        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, first) }));

        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/k/import_version", new JsonObject { ["ciphertext"] = await WrapAsync(vault, second) }));

        Assert.Equal(2, VaultAssert.Ok(await vault.ReadAsync("transit/keys/k"))["latest_version"]!.GetValue<long>());
        Assert.Equal(B64("bring your own key"), await vault.DecryptAsync("k", EncryptOutside(first, 1, Message)));
        Assert.Equal(B64("bring your own key"), await vault.DecryptAsync("k", EncryptOutside(second, 2, Message)));
        Assert.StartsWith("vault:v2:", await vault.EncryptAsync("k", B64("x")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_ImportedKey_RefusedUnlessAllowRotation()
    {
        using var vault = await WithTransitAsync();
        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/fixed/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(32)) }));
        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/free/import", new JsonObject
        {
            ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(32)),
            ["allow_rotation"] = true,
        }));

        VaultAssert.ErrorContaining(await vault.WriteAsync("transit/keys/fixed/rotate"), 400, "imported key fixed does not allow rotation");
        Assert.Equal(2, VaultAssert.Ok(await vault.WriteAsync("transit/keys/free/rotate"))["latest_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task AutoRotateJob_ImportedKeyWithoutAllowRotation_IsSkipped()
    {
        using var vault = await WithTransitAsync();
        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/fixed/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(32)) }));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/fixed/config", new JsonObject { ["auto_rotate_period"] = "1h" }));
        VaultAssert.NoContent(await vault.WriteAsync("transit/keys/free/import", new JsonObject
        {
            ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(32)),
            ["allow_rotation"] = true,
            ["auto_rotate_period"] = "1h",
        }));
        vault.Time.Advance(TimeSpan.FromMinutes(61));

        await vault.Services.GetServices<IVaultJob>().OfType<TransitAutoRotateJob>().Single().RunAsync(CancellationToken.None);

        Assert.Equal(1, (await vault.StoredKeyAsync("fixed")).LatestVersion);
        Assert.Equal(2, (await vault.StoredKeyAsync("free")).LatestVersion);
    }

    [Fact]
    public async Task Import_ExistingName_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        VaultAssert.ErrorContaining(
            await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(32)) }),
            400, "cannot be used with an existing key");
    }

    [Theory]
    [InlineData("aes256-gcm96", 16)]
    [InlineData("aes128-gcm96", 32)]
    [InlineData("hmac", 16)]
    public async Task Import_WrongLengthForType_IsRefused(string type, int length)
    {
        using var vault = await WithTransitAsync();

        var response = await vault.WriteAsync("transit/keys/k/import", new JsonObject
        {
            ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(length)),
            ["type"] = type,
        });

        VaultAssert.Error(response, 400, $"invalid key size {length} bytes for key type {type}");
        VaultAssert.Error(await vault.ReadAsync("transit/keys/k"), 404);
    }

    [Fact]
    public async Task Import_WrappedForAnotherKey_IsRefused()
    {
        using var vault = await WithTransitAsync();
        using var stranger = RSA.Create(4096);

        var response = await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = Wrap(stranger, RandomNumberGenerator.GetBytes(32), HashAlgorithmName.SHA256) });

        VaultAssert.ErrorContaining(response, 400, "failed to unwrap the key");
    }

    [Fact]
    public async Task Import_TamperedKeyWrap_IsRefused()
    {
        using var vault = await WithTransitAsync();
        var wrapped = Convert.FromBase64String(await WrapAsync(vault, RandomNumberGenerator.GetBytes(32)));
        wrapped[^1] ^= 1;

        VaultAssert.ErrorContaining(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = Convert.ToBase64String(wrapped) }), 400, "failed to unwrap the key");
    }

    [Fact]
    public async Task Import_WrongCurveOrModulus_IsRefused()
    {
        using var vault = await WithTransitAsync();
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa2048 = RSA.Create(2048);

        var curve = await vault.WriteAsync("transit/keys/ec/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, p384.ExportPkcs8PrivateKey()), ["type"] = "ecdsa-p256" });
        var modulus = await vault.WriteAsync("transit/keys/rsa/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, rsa2048.ExportPkcs8PrivateKey()), ["type"] = "rsa-3072" });
        var garbage = await vault.WriteAsync("transit/keys/g/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(40)), ["type"] = "rsa-2048" });

        VaultAssert.Error(curve, 400, "the imported key is not on the curve of key type ecdsa-p256");
        VaultAssert.Error(modulus, 400, "the imported RSA key has 2048 bits; key type rsa-3072 needs 3072");
        VaultAssert.ErrorContaining(garbage, 400, "failed to parse the imported key");
        VaultAssert.ErrorContaining(await vault.WriteAsync("transit/keys/e/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, RandomNumberGenerator.GetBytes(48)), ["type"] = "ed25519" }), 400, "failed to parse the imported key");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/e/import", new JsonObject { ["ciphertext"] = await WrapAsync(vault, p384.ExportPkcs8PrivateKey()), ["type"] = "ed25519" }), 400, "the imported key is not an ed25519 private key");
    }

    [Fact]
    public async Task Import_BadRequests_AreRefusedWithClearMessages()
    {
        using var vault = await WithTransitAsync();
        var ciphertext = await WrapAsync(vault, RandomNumberGenerator.GetBytes(32));

        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = Convert.ToBase64String(new byte[512]) }), 400, "provided ciphertext is too short");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = "not base64!" }), 400, "ciphertext is not valid base64");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/import", new JsonObject()), 400, "missing ciphertext: the wrapped key to import");
        VaultAssert.ErrorContaining(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["public_key"] = "-----BEGIN PUBLIC KEY-----" }), 400, "importing only a public key is not supported");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = ciphertext, ["hash_function"] = "MD5" }), 400, "unknown hash function: MD5");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = ciphertext, ["auto_rotate_period"] = "2h" }), 400, "allow_rotation must be set to true if auto-rotation is enabled");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/import", new JsonObject { ["ciphertext"] = ciphertext, ["convergent_encryption"] = true }), 400, "import cannot be used on keys with convergent encryption enabled");
        VaultAssert.Error(await vault.ReadAsync("transit/keys/k"), 404);
    }

    [Fact]
    public async Task ImportVersion_MissingOrGeneratedKey_IsRefused()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("generated");
        var ciphertext = await WrapAsync(vault, RandomNumberGenerator.GetBytes(32));

        VaultAssert.Error(await vault.WriteAsync("transit/keys/none/import_version", new JsonObject { ["ciphertext"] = ciphertext }), 400, "no key found with name none; to import a new key, use the import/ endpoint");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/generated/import_version", new JsonObject { ["ciphertext"] = ciphertext }), 400, "the import_version endpoint can only be used with an imported key");
    }

    /// <summary>The documented client procedure: an ephemeral AES-256 key under RSA-OAEP, the target key under AES-KWP.</summary>
    private static async Task<string> WrapAsync(TestVault vault, byte[] target, HashAlgorithmName? hash = null)
    {
        var pem = VaultAssert.Ok(await vault.ReadAsync("transit/wrapping_key"))["public_key"]!.GetValue<string>();
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return Wrap(rsa, target, hash ?? HashAlgorithmName.SHA256);
    }

    private static string Wrap(RSA wrappingKey, byte[] target, HashAlgorithmName hash)
    {
        var ephemeral = RandomNumberGenerator.GetBytes(32);
        var wrappedEphemeral = wrappingKey.Encrypt(ephemeral, RSAEncryptionPadding.CreateOaep(hash));
        var kwp = new AesWrapPadEngine();
        kwp.Init(true, new KeyParameter(ephemeral));
        return Convert.ToBase64String([.. wrappedEphemeral, .. kwp.Wrap(target, 0, target.Length)]);
    }

    /// <summary>Vault's ciphertext format built with AesGcm alone: "vault:v{N}:" + base64(nonce || ciphertext || tag).</summary>
    private static string EncryptOutside(byte[] key, int version, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, ciphertext, tag);
        return $"vault:v{version}:" + Convert.ToBase64String([.. nonce, .. ciphertext, .. tag]);
    }
}
