using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitBadInputTests
{
    private const string Secret = "top secret plaintext";

    [Theory]
    [InlineData("not-a-ciphertext", "invalid ciphertext: no prefix")]
    [InlineData("vault:x1:AAAA", "invalid ciphertext: no prefix")]
    [InlineData("vault:v1", "invalid ciphertext: wrong number of fields")]
    [InlineData("vault:vX:AAAA", "invalid ciphertext: version number could not be decoded")]
    [InlineData("vault:v-1:AAAA", "invalid ciphertext: version number could not be decoded")]
    [InlineData("vault:v0:AAAA", "invalid ciphertext: version 0 does not exist; key versions start at 1")]
    [InlineData("vault:v9:AAAA", "invalid ciphertext: version is too new")]
    [InlineData("vault:v1:!!!notbase64", "invalid ciphertext: could not decode base64")]
    [InlineData("vault:v1:AAAA", "invalid ciphertext length")]
    [InlineData("vault:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cipher: message authentication failed")]
    public async Task Decrypt_MalformedCiphertext_Returns400WithVaultsMessage(string ciphertext, string expected)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        VaultAssert.Error(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = ciphertext }), 400, expected);
    }

    [Theory]
    [InlineData("aes256-gcm96", "cipher: message authentication failed")]
    [InlineData("aes128-gcm96", "cipher: message authentication failed")]
    [InlineData("chacha20-poly1305", "chacha20poly1305: message authentication failed")]
    public async Task Decrypt_AnyBitFlipped_FailsWithoutLeakingPlaintext(string type, string expected)
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["type"] = type });
        var ciphertext = await vault.EncryptAsync("k", B64(Secret));
        var raw = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);

        for (var position = 0; position < raw.Length; position++)
        {
            var tampered = (byte[])raw.Clone();
            tampered[position] ^= (byte)(1 << (position % 8));
            var response = await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = "vault:v1:" + Convert.ToBase64String(tampered) });

            VaultAssert.Error(response, 400, expected);
        }

        // Truncated: the tag is incomplete.
        VaultAssert.Error(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = "vault:v1:" + Convert.ToBase64String(raw[..^1]) }), 400, expected);
    }

    [Fact]
    public async Task Decrypt_CiphertextOfAnotherKey_Fails()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("a");
        await vault.CreateKeyAsync("b");
        var ciphertext = await vault.EncryptAsync("a", B64(Secret));

        VaultAssert.Error(await vault.WriteAsync("transit/decrypt/b", new JsonObject { ["ciphertext"] = ciphertext }), 400, "cipher: message authentication failed");
    }

    [Fact]
    public async Task Decrypt_VersionBelowMinDecryption_IsTooOld()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var v1 = await vault.EncryptAsync("k", B64(Secret));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 2 }));

        VaultAssert.Error(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = v1 }), 400, "ciphertext or signature version is disallowed by policy (too old)");
    }

    [Fact]
    public async Task Encrypt_InvalidBase64Plaintext_ReturnsGosMessage()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["plaintext"] = "abc$" }), 400, "illegal base64 data at input byte 3");
        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/k", new JsonObject()), 400, "missing plaintext to encrypt");
        VaultAssert.Error(await vault.WriteAsync("transit/decrypt/k", new JsonObject()), 400, "missing ciphertext to decrypt");
    }

    [Fact]
    public async Task Errors_NeverContainThePlaintext()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["derived"] = true });
        var ciphertext = await vault.EncryptAsync("k", B64(Secret), new JsonObject { ["context"] = B64("c1") });

        var responses = new[]
        {
            await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = ciphertext, ["context"] = B64("c2") }),
            await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = ciphertext }),
            await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["plaintext"] = B64(Secret) }),
        };

        Assert.All(responses, response =>
        {
            var message = Error(response);
            Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
            Assert.DoesNotContain(B64(Secret), message, StringComparison.Ordinal);
        });
    }
}
