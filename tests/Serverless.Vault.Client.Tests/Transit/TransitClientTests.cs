using System.Net;
using System.Text;
using Serverless.Vault.Client.Auth;
using Serverless.Vault.Client.Transit;

namespace Serverless.Vault.Client.Tests.Transit;

public sealed class TransitClientTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("card 4111 1111 1111 1111");

    [Fact]
    public async Task EncryptAsync_ThenDecrypt_RoundTripsBytes()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("orders");

        var ciphertext = await transit.EncryptAsync("orders", Secret);
        var plaintext = await transit.DecryptAsync("orders", ciphertext);

        Assert.StartsWith("vault:v1:", ciphertext, StringComparison.Ordinal);
        Assert.Equal(Secret, plaintext);
    }

    [Fact]
    public async Task DecryptAsync_TamperedCiphertext_ThrowsBadRequest()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("orders");
        var ciphertext = await transit.EncryptAsync("orders", Secret);
        var raw = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        raw[^1] ^= 1;

        var error = await Assert.ThrowsAsync<VaultApiException>(() => transit.DecryptAsync("orders", "vault:v1:" + Convert.ToBase64String(raw)));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task EncryptBatchAsync_ThenDecryptBatchWithABadItem_ReportsOnlyThatItem()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("batch");

        var encrypted = await transit.EncryptBatchAsync("batch", [new(Secret, Reference: "a"), new("second"u8.ToArray(), Reference: "b")]);
        var decrypted = await transit.DecryptBatchAsync("batch",
        [
            new(encrypted[0].Ciphertext!, Reference: "a"),
            new("vault:v1:bm90IGEgY2lwaGVydGV4dA==", Reference: "bad"),
            new(encrypted[1].Ciphertext!, Reference: "b"),
        ]);

        Assert.All(encrypted, r => Assert.True(r.Succeeded));
        Assert.Equal(["a", "b"], encrypted.Select(r => r.Reference));
        Assert.Equal(["a", "bad", "b"], decrypted.Select(r => r.Reference));
        Assert.Equal(Secret, decrypted[0].Plaintext);
        Assert.False(decrypted[1].Succeeded);
        Assert.Null(decrypted[1].Plaintext);
        Assert.False(string.IsNullOrEmpty(decrypted[1].Error));
        Assert.Equal("second"u8.ToArray(), decrypted[2].Plaintext);
    }

    [Fact]
    public async Task DecryptBatchAsync_EveryItemBad_ReturnsEachError()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("allbad");

        var results = await transit.DecryptBatchAsync("allbad", [new("vault:v1:AAAA", Reference: "x"), new("not-a-ciphertext", Reference: "y")]);

        Assert.Equal(["x", "y"], results.Select(r => r.Reference));
        Assert.All(results, r => Assert.False(r.Succeeded));
        Assert.All(results, r => Assert.False(string.IsNullOrEmpty(r.Error)));
    }

    [Fact]
    public async Task RewrapAsync_AfterRotate_MovesCiphertextToV2()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("rotating");
        var old = await transit.EncryptAsync("rotating", Secret);

        await transit.RotateKeyAsync("rotating");
        var rewrapped = await transit.RewrapAsync("rotating", old);
        var key = await transit.ReadKeyAsync("rotating");

        Assert.StartsWith("vault:v2:", rewrapped, StringComparison.Ordinal);
        Assert.Equal(Secret, await transit.DecryptAsync("rotating", rewrapped));
        Assert.Equal(2, key!.LatestVersion);
        Assert.Equal("aes256-gcm96", key.Type);
        Assert.True(key.SupportsEncryption);
        Assert.Null(await transit.ReadKeyAsync("no-such-key"));
    }

    [Fact]
    public async Task SignAsync_ThenVerify_TrueForTheDataAndFalseWhenTampered()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("signer", "ecdsa-p256");

        var signature = await transit.SignAsync("signer", Secret, hashAlgorithm: "sha2-384");
        var valid = await transit.VerifyAsync("signer", Secret, signature, hashAlgorithm: "sha2-384");
        var otherData = await transit.VerifyAsync("signer", "other"u8.ToArray(), signature, hashAlgorithm: "sha2-384");
        var raw = Convert.FromBase64String(signature["vault:v1:".Length..]);
        raw[^1] ^= 1;
        var tampered = await transit.VerifyAsync("signer", Secret, "vault:v1:" + Convert.ToBase64String(raw), hashAlgorithm: "sha2-384");

        Assert.StartsWith("vault:v1:", signature, StringComparison.Ordinal);
        Assert.True(valid);
        Assert.False(otherData);
        Assert.False(tampered);
    }

    [Fact]
    public async Task SignAsync_RsaPkcs1_VerifiesOnlyWithTheSameScheme()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("rsa", "rsa-2048");

        var signature = await transit.SignAsync("rsa", Secret, signatureAlgorithm: "pkcs1v15");

        Assert.True(await transit.VerifyAsync("rsa", Secret, signature, signatureAlgorithm: "pkcs1v15"));
        Assert.False(await transit.VerifyAsync("rsa", Secret, signature, signatureAlgorithm: "pss"));
    }

    [Fact]
    public async Task HmacAsync_ThenVerifyHmac_MatchesOnlyTheSameData()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("mac");

        var hmac = await transit.HmacAsync("mac", Secret, algorithm: "sha2-512");

        Assert.StartsWith("vault:v1:", hmac, StringComparison.Ordinal);
        Assert.Equal(64, Convert.FromBase64String(hmac["vault:v1:".Length..]).Length);
        Assert.True(await transit.VerifyHmacAsync("mac", Secret, hmac, algorithm: "sha2-512"));
        Assert.False(await transit.VerifyHmacAsync("mac", "other"u8.ToArray(), hmac, algorithm: "sha2-512"));
    }

    [Fact]
    public async Task GenerateDataKeyAsync_PlaintextAndWrapped_DecryptToTheKey()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await transit.CreateKeyAsync("kek");

        var plain = await transit.GenerateDataKeyAsync("kek", TransitDataKeyKind.Plaintext, bits: 128);
        var wrapped = await transit.GenerateDataKeyAsync("kek", TransitDataKeyKind.Wrapped);

        Assert.Equal(16, plain.Plaintext!.Length);
        Assert.Equal(plain.Plaintext, await transit.DecryptAsync("kek", plain.Ciphertext));
        Assert.DoesNotContain(Convert.ToBase64String(plain.Plaintext), plain.ToString(), StringComparison.Ordinal);
        Assert.Null(wrapped.Plaintext);
        Assert.Equal(32, (await transit.DecryptAsync("kek", wrapped.Ciphertext)).Length);
    }

    [Fact]
    public async Task EncryptAsync_WithContextOnDerivedKey_NeedsTheSameContextToDecrypt()
    {
        var (client, transit) = await NewTransitAsync();
        using var _ = client;
        await fixture.Vault.SendAsync(HttpMethod.Post, $"{transit.Mount}/keys/derived", new { derived = true });

        var ciphertext = await transit.EncryptAsync("derived", Secret, context: "tenant-1"u8.ToArray());

        Assert.Equal(Secret, await transit.DecryptAsync("derived", ciphertext, context: "tenant-1"u8.ToArray()));
        await Assert.ThrowsAsync<VaultApiException>(() => transit.DecryptAsync("derived", ciphertext, context: "tenant-2"u8.ToArray()));
    }

    [Fact]
    public async Task EncryptAsync_PlaintextWhoseBase64HasPlus_SendsThePlusUnescaped()
    {
        var mount = "transit" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "transit" });
        using var capture = new BodyCapture();
        using var client = new VaultClient(new HttpClient(capture), new VaultClientOptions { Address = fixture.Vault.Address }, new TokenAuth(fixture.Vault.RootToken));
        var transit = client.Transit(mount);
        await transit.CreateKeyAsync("plus");
        byte[] plaintext = [0xFB, 0xEF, 0xBE]; // "++++" in base64

        var ciphertext = await transit.EncryptAsync("plus", plaintext);

        var sent = capture.Bodies.Single(body => body.Contains("plaintext", StringComparison.Ordinal));
        Assert.Contains("\"++++\"", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", sent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(plaintext, await transit.DecryptAsync("plus", ciphertext));
    }

    private async Task<(VaultClient Client, TransitClient Transit)> NewTransitAsync()
    {
        var mount = "transit" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "transit" });
        var client = fixture.Vault.NewClient();
        return (client, client.Transit(mount));
    }

    /// <summary>Records each request body on its way to the real server.</summary>
    private sealed class BodyCapture() : DelegatingHandler(new HttpClientHandler())
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                Bodies.Add(await content.ReadAsStringAsync(cancellationToken));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
