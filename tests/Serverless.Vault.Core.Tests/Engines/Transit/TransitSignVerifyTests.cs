using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitSignVerifyTests
{
    private static readonly byte[] Message = "the message to sign"u8.ToArray();

    [Theory]
    [InlineData("ed25519", "sha2-256", "asn1", "pss")]
    [InlineData("ecdsa-p256", "sha2-256", "asn1", "pss")]
    [InlineData("ecdsa-p256", "sha2-256", "jws", "pss")]
    [InlineData("ecdsa-p256", "sha1", "asn1", "pss")]
    [InlineData("ecdsa-p384", "sha2-384", "asn1", "pss")]
    [InlineData("ecdsa-p384", "sha2-512", "jws", "pss")]
    [InlineData("ecdsa-p521", "sha2-512", "asn1", "pss")]
    [InlineData("ecdsa-p521", "sha2-256", "jws", "pss")]
    [InlineData("rsa-2048", "sha2-256", "asn1", "pss")]
    [InlineData("rsa-2048", "sha2-512", "asn1", "pkcs1v15")]
    [InlineData("rsa-2048", "sha1", "asn1", "pkcs1v15")]
    [InlineData("rsa-3072", "sha2-384", "asn1", "pss")]
    [InlineData("rsa-4096", "sha2-256", "jws", "pkcs1v15")]
    public async Task Sign_EveryTypeAndOption_VerifiesInsideAndOutsideTheEngine(string type, string hash, string marshaling, string padding)
    {
        using var vault = await WithTransitAsync();
        var publicKey = (await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type }))["keys"]!["1"]!["public_key"]!.GetValue<string>();
        var options = new JsonObject { ["marshaling_algorithm"] = marshaling, ["signature_algorithm"] = padding };

        var signed = await SignAsync(vault, "transit/sign/k/" + hash, Message, options);

        Assert.Equal(1, signed["key_version"]!.GetValue<long>());
        var signature = signed["signature"]!.GetValue<string>();
        Assert.True(await VerifyAsync(vault, "transit/verify/k/" + hash, Message, signature, options));
        Assert.True(VerifyOutside(type, publicKey, Message, Bytes(signature, marshaling == "jws"), hash, marshaling == "jws", padding));
    }

    [Theory]
    [InlineData("ecdsa-p256", "pss")]
    [InlineData("rsa-2048", "pss")]
    [InlineData("rsa-2048", "pkcs1v15")]
    public async Task Sign_Prehashed_SignsTheGivenHash(string type, string padding)
    {
        using var vault = await WithTransitAsync();
        var publicKey = (await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type }))["keys"]!["1"]!["public_key"]!.GetValue<string>();
        var options = new JsonObject { ["prehashed"] = true, ["hash_algorithm"] = "sha2-256", ["signature_algorithm"] = padding };

        var signature = (await SignAsync(vault, "transit/sign/k", SHA256.HashData(Message), options))["signature"]!.GetValue<string>();

        Assert.True(VerifyOutside(type, publicKey, Message, Bytes(signature, jws: false), "sha2-256", jws: false, padding));
        Assert.True(await VerifyAsync(vault, "transit/verify/k", SHA256.HashData(Message), signature, options));
    }

    [Fact]
    public async Task Sign_Jws_IsUnpaddedBase64Url()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ecdsa-p256" });

        for (var i = 0; i < 8; i++)
        {
            var signature = (await SignAsync(vault, "transit/sign/k", [(byte)i], new JsonObject { ["marshaling_algorithm"] = "jws" }))["signature"]!.GetValue<string>();
            var payload = signature["vault:v1:".Length..];
            Assert.Equal(86, payload.Length);
            Assert.DoesNotContain('=', payload);
            Assert.DoesNotContain('+', payload);
            Assert.DoesNotContain('/', payload);
        }
    }

    [Theory]
    [InlineData("ed25519", "asn1")]
    [InlineData("ecdsa-p256", "asn1")]
    [InlineData("ecdsa-p384", "jws")]
    [InlineData("rsa-2048", "asn1")]
    public async Task Verify_TamperedSignatureOrInput_IsFalse(string type, string marshaling)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type });
        var options = new JsonObject { ["marshaling_algorithm"] = marshaling };
        var signature = (await SignAsync(vault, "transit/sign/k", Message, options))["signature"]!.GetValue<string>();
        var jws = marshaling == "jws";
        var bytes = Bytes(signature, jws);
        bytes[^1] ^= 0x01;

        Assert.False(await VerifyAsync(vault, "transit/verify/k", Message, Encode(bytes, jws), options));
        Assert.False(await VerifyAsync(vault, "transit/verify/k", "another message"u8.ToArray(), signature, options));
    }

    [Fact]
    public async Task Verify_SignatureOfAnotherKey_IsFalse()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("a", new JsonObject { ["type"] = "ed25519" });
        await vault.CreateKeyAsync("b", new JsonObject { ["type"] = "ed25519" });

        var signature = (await SignAsync(vault, "transit/sign/a", Message))["signature"]!.GetValue<string>();

        Assert.False(await VerifyAsync(vault, "transit/verify/b", Message, signature));
    }

    [Theory]
    [InlineData("ed25519", "vault:v1:AAAA", "supplied signature is invalid")]
    [InlineData("ecdsa-p256", "vault:v1:AAAA", "supplied signature is invalid")]
    [InlineData("rsa-2048", "vault:v1:AAAA", "supplied signature is invalid")]
    [InlineData("ecdsa-p256", "vault:v1:not*base64", "invalid base64 signature value")]
    [InlineData("ecdsa-p256", "v1:AAAA", "invalid signature: no prefix")]
    [InlineData("ecdsa-p256", "vault:vX:AAAA", "invalid signature: version number could not be decoded")]
    [InlineData("ecdsa-p256", "vault:v9:AAAA", "invalid signature: version is too new")]
    public async Task Verify_MalformedSignature_Is400(string type, string signature, string message)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type });

        var response = await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = Convert.ToBase64String(Message), ["signature"] = signature });

        VaultAssert.Error(response, 400, message);
    }

    [Fact]
    public async Task Verify_ExtraBytesAfterDer_Is400()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ecdsa-p256" });
        var signature = (await SignAsync(vault, "transit/sign/k", Message))["signature"]!.GetValue<string>();

        var extended = Encode([.. Bytes(signature, jws: false), 0], jws: false);

        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = Convert.ToBase64String(Message), ["signature"] = extended }), 400, "supplied signature is invalid");
    }

    [Fact]
    public async Task SignAndVerify_VersionRules_FollowMinVersions()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ecdsa-p256" });
        var v1 = (await SignAsync(vault, "transit/sign/k", Message))["signature"]!.GetValue<string>();
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        var latest = await SignAsync(vault, "transit/sign/k", Message);
        var older = await SignAsync(vault, "transit/sign/k", Message, new JsonObject { ["key_version"] = 1 });

        Assert.Equal(2, latest["key_version"]!.GetValue<long>());
        Assert.StartsWith("vault:v2:", latest["signature"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("vault:v1:", older["signature"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await VerifyAsync(vault, "transit/verify/k", Message, v1));
        VaultAssert.Error(await vault.WriteAsync("transit/sign/k", new JsonObject { ["input"] = Convert.ToBase64String(Message), ["key_version"] = 3 }), 400, "requested version for signing is higher than the latest key version");

        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 2, ["min_encryption_version"] = 2 }));

        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = Convert.ToBase64String(Message), ["signature"] = v1 }), 400, "ciphertext or signature version is disallowed by policy (too old)");
        VaultAssert.Error(await vault.WriteAsync("transit/sign/k", new JsonObject { ["input"] = Convert.ToBase64String(Message), ["key_version"] = 1 }), 400, "requested version for signing is less than the minimum encryption key version");
        Assert.True(await VerifyAsync(vault, "transit/verify/k", Message, latest["signature"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    [InlineData("hmac")]
    public async Task Sign_EncryptionOnlyKey_Is400(string type)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type });

        VaultAssert.Error(await vault.WriteAsync("transit/sign/k", new JsonObject { ["input"] = Convert.ToBase64String(Message) }), 400, $"key type {type} does not support signing");
        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = Convert.ToBase64String(Message), ["signature"] = "vault:v1:AAAA" }), 400, $"key type {type} does not support verification");
    }

    [Fact]
    public async Task Sign_MissingKey_Is400()
    {
        using var vault = await WithTransitAsync();

        VaultAssert.Error(await vault.WriteAsync("transit/sign/none", new JsonObject { ["input"] = "" }), 400, "signing key not found");
        VaultAssert.Error(await vault.WriteAsync("transit/verify/none", new JsonObject { ["input"] = "", ["signature"] = "vault:v1:AAAA" }), 400, "signature verification key not found");
    }

    [Theory]
    [InlineData("hash_algorithm", "md5", "invalid hash algorithm \"md5\"")]
    [InlineData("marshaling_algorithm", "xml", "invalid marshaling type \"xml\"")]
    [InlineData("salt_length", "big", "salt length neither 'auto', 'hash', nor an int: big")]
    [InlineData("salt_length", "-2", "salt length is invalid: -2")]
    [InlineData("salt_length", "20", "salt length 20 is not supported by this server for signing; use 'hash' or 'auto'")]
    [InlineData("signature_algorithm", "oaep", "unsupported rsa signature algorithm oaep")]
    [InlineData("hash_algorithm", "none", "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15")]
    public async Task Sign_InvalidOption_Is400(string field, string value, string message)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "rsa-2048" });

        var response = await vault.WriteAsync("transit/sign/k", new JsonObject { ["input"] = Convert.ToBase64String(Message), [field] = value });

        VaultAssert.Error(response, 400, message);
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("auto")]
    [InlineData("32")]
    public async Task Sign_PssSaltLengthOfTheHash_VerifiesOutside(string saltLength)
    {
        using var vault = await WithTransitAsync();
        var publicKey = (await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "rsa-2048" }))["keys"]!["1"]!["public_key"]!.GetValue<string>();
        var options = new JsonObject { ["salt_length"] = saltLength };

        var signature = (await SignAsync(vault, "transit/sign/k", Message, options))["signature"]!.GetValue<string>();

        Assert.True(VerifyOutside("rsa-2048", publicKey, Message, Bytes(signature, jws: false), "sha2-256", jws: false, "pss"));
        Assert.True(await VerifyAsync(vault, "transit/verify/k", Message, signature, options));
    }

    [Fact]
    public async Task Verify_PssWithTheLargestSalt_IsValidForAutoAndItsLengthOnly()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "rsa-2048" });
        var privateKey = PrivateKeyFactory.CreateKey(Convert.FromBase64String((await vault.StoredKeyAsync("k")).Versions[1].Key));
        // Go's rsa.PSSSaltLengthAuto when signing, Vault's default: emLen 256 - hash 32 - 2 = 222 bytes of salt.
        var signer = new PssSigner(new RsaEngine(), new Sha256Digest(), 222);
        signer.Init(true, new ParametersWithRandom(privateKey, new SecureRandom()));
        signer.BlockUpdate(Message, 0, Message.Length);
        var signature = Encode(signer.GenerateSignature(), jws: false);

        Assert.True(await VerifyAsync(vault, "transit/verify/k", Message, signature));
        Assert.True(await VerifyAsync(vault, "transit/verify/k", Message, signature, new JsonObject { ["salt_length"] = "222" }));
        Assert.False(await VerifyAsync(vault, "transit/verify/k", Message, signature, new JsonObject { ["salt_length"] = "hash" }));
        Assert.False(await VerifyAsync(vault, "transit/verify/k", Message, signature, new JsonObject { ["salt_length"] = "221" }));
        Assert.False(await VerifyAsync(vault, "transit/verify/k", "tampered"u8.ToArray(), signature));
    }

    [Fact]
    public async Task SignAndVerify_Batch_GiveResultsPerItem()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ed25519" });
        var input = Convert.ToBase64String(Message);

        var signed = await vault.WriteAsync("transit/sign/k", new JsonObject
        {
            ["batch_input"] = new JsonArray(new JsonObject { ["input"] = input, ["reference"] = "a" }, new JsonObject { ["input"] = "%%", ["reference"] = "b" }),
        });

        Assert.Equal(400, signed!.StatusCode);
        var results = signed.Data!["batch_results"]!.AsArray();
        var signature = results[0]!["signature"]!.GetValue<string>();
        Assert.Equal("a", results[0]!["reference"]!.GetValue<string>());
        Assert.StartsWith("unable to decode input as base64: ", results[1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var forged = Encode([.. Bytes(signature, jws: false).Reverse()], jws: false);

        var verified = VaultAssert.Ok(await vault.WriteAsync("transit/verify/k", new JsonObject
        {
            ["batch_input"] = new JsonArray(
                new JsonObject { ["input"] = input, ["signature"] = signature, ["reference"] = "ok" },
                new JsonObject { ["input"] = input, ["signature"] = forged, ["reference"] = "forged" }),
        }))["batch_results"]!.AsArray();

        Assert.True(verified[0]!["valid"]!.GetValue<bool>());
        Assert.False(verified[1]!["valid"]!.GetValue<bool>());
        Assert.Equal("forged", verified[1]!["reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_MixedSignatureAndHmac_Is400()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ed25519" });

        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject { ["input"] = "", ["signature"] = "vault:v1:AAAA", ["hmac"] = "vault:v1:AAAA" }), 400, "provide one of 'signature' or 'hmac'");
        VaultAssert.Error(await vault.WriteAsync("transit/verify/k", new JsonObject
        {
            ["batch_input"] = new JsonArray(new JsonObject { ["input"] = "", ["signature"] = "vault:v1:AAAA" }, new JsonObject { ["input"] = "", ["hmac"] = "vault:v1:AAAA" }),
        }), 400, "elements of batch_input must all provide 'signature' or all provide 'hmac'");
    }

    [Fact]
    public async Task Sign_DerivedEd25519_UsesTheContextsKey()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = "ed25519", ["derived"] = true });
        var context = new JsonObject { ["context"] = B64("tenant-1") };

        var signed = await SignAsync(vault, "transit/sign/k", Message, context);
        var again = await SignAsync(vault, "transit/sign/k", Message, new JsonObject { ["context"] = B64("tenant-1") });
        var other = await SignAsync(vault, "transit/sign/k", Message, new JsonObject { ["context"] = B64("tenant-2") });

        var signature = signed["signature"]!.GetValue<string>();
        var publicKey = signed["public_key"]!.GetValue<string>();
        Assert.Equal(publicKey, again["public_key"]!.GetValue<string>());
        Assert.NotEqual(publicKey, other["public_key"]!.GetValue<string>());
        Assert.True(VerifyOutside("ed25519", publicKey, Message, Bytes(signature, jws: false), "sha2-256", jws: false, "pss"));
        Assert.True(await VerifyAsync(vault, "transit/verify/k", Message, signature, new JsonObject { ["context"] = B64("tenant-1") }));
        Assert.False(await VerifyAsync(vault, "transit/verify/k", Message, signature, new JsonObject { ["context"] = B64("tenant-2") }));
        VaultAssert.ErrorContaining(await vault.WriteAsync("transit/sign/k", new JsonObject { ["input"] = Convert.ToBase64String(Message) }), 400, "missing 'context' for key derivation");
        var read = VaultAssert.Ok(await vault.SendAsync(Operation.Read, "transit/keys/k", new JsonObject { ["context"] = B64("tenant-1") }, TestVault.RootToken));
        Assert.Equal(publicKey, read["keys"]!["1"]!["public_key"]!.GetValue<string>());
    }

    private static async Task<JsonObject> SignAsync(TestVault vault, string path, byte[] input, JsonObject? options = null)
    {
        var body = options?.DeepClone().AsObject() ?? [];
        body["input"] = Convert.ToBase64String(input);
        return VaultAssert.Ok(await vault.WriteAsync(path, body));
    }

    private static async Task<bool> VerifyAsync(TestVault vault, string path, byte[] input, string signature, JsonObject? options = null)
    {
        var body = options?.DeepClone().AsObject() ?? [];
        body["input"] = Convert.ToBase64String(input);
        body["signature"] = signature;
        return VaultAssert.Ok(await vault.WriteAsync(path, body))["valid"]!.GetValue<bool>();
    }

    private static byte[] Bytes(string signature, bool jws)
    {
        var payload = signature[(signature.IndexOf(':', "vault:".Length) + 1)..];
        if (jws)
        {
            payload = payload.Replace('-', '+').Replace('_', '/') + new string('=', (4 - payload.Length % 4) % 4);
        }

        return Convert.FromBase64String(payload);
    }

    private static string Encode(byte[] bytes, bool jws) =>
        "vault:v1:" + (jws ? Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') : Convert.ToBase64String(bytes));

    /// <summary>Checks a signature with nothing but the public key from the key read, as a client would.</summary>
    private static bool VerifyOutside(string type, string publicKey, byte[] message, byte[] signature, string hash, bool jws, string padding)
    {
        if (type == "ed25519")
        {
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(Convert.FromBase64String(publicKey)));
            verifier.BlockUpdate(message, 0, message.Length);
            return verifier.VerifySignature(signature);
        }

        var name = hash switch
        {
            "sha1" => HashAlgorithmName.SHA1,
            "sha2-384" => HashAlgorithmName.SHA384,
            "sha2-512" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        if (type.StartsWith("ecdsa", StringComparison.Ordinal))
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(publicKey);
            return ecdsa.VerifyData(message, signature, name, jws ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKey);
        return rsa.VerifyData(message, signature, name, padding == "pkcs1v15" ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
    }
}
