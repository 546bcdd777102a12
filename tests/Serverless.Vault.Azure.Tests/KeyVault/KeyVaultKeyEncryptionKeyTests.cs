using System.Buffers.Text;
using System.Security.Cryptography;
using Serverless.Vault.Azure.KeyVault;

namespace Serverless.Vault.Azure.Tests.KeyVault;

public sealed class KeyVaultKeyEncryptionKeyTests : IAsyncLifetime
{
    private FakeKeyVault _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task WrapThenUnwrap_RealRsaKey_RoundTrips()
    {
        var key = FakeKeyVaultClients.Key(_fake);
        var rootKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await key.WrapKeyAsync(KeyVaultKeyEncryptionKey.RsaOaep256, rootKey);

        Assert.Equal(256, wrapped.Length); // RSA-2048 ciphertext
        Assert.Equal(rootKey, await key.UnwrapKeyAsync(KeyVaultKeyEncryptionKey.RsaOaep256, wrapped));
        Assert.Equal(rootKey, key.UnwrapKey(KeyVaultKeyEncryptionKey.RsaOaep256, key.WrapKey(KeyVaultKeyEncryptionKey.RsaOaep256, rootKey)));
    }

    [Fact]
    public async Task Wrap_ResponseKid_PinsVersionForUnwrap()
    {
        var key = FakeKeyVaultClients.Key(_fake);

        var wrapped = await key.WrapKeyAsync(KeyVaultKeyEncryptionKey.RsaOaep256, new byte[32]);
        var version = _fake.LatestVersion;
        _fake.RotateKey();
        await key.UnwrapKeyAsync(KeyVaultKeyEncryptionKey.RsaOaep256, wrapped);

        Assert.EndsWith($"/keys/{FakeKeyVault.KeyName}/{version}", key.KeyId, StringComparison.Ordinal);
        Assert.Equal($"/keys/{FakeKeyVault.KeyName}/wrapkey", _fake.Requests[0].Path);
        Assert.Equal($"/keys/{FakeKeyVault.KeyName}/{version}/unwrapkey", _fake.Requests[1].Path);
    }

    [Theory]
    [InlineData("7.6")]
    [InlineData("2025-07-01")]
    public async Task Wrap_WireFormat_IsBase64UrlWithAlgAndApiVersion(string apiVersion)
    {
        var key = FakeKeyVaultClients.Key(_fake, apiVersion: apiVersion);
        // 32 bytes: standard base64 would need one '=' of padding and, for these bytes, '+' and '/'.
        var rootKey = Enumerable.Range(0, 32).Select(i => (byte)(0xfb + i)).ToArray();
        Assert.Contains('+', Convert.ToBase64String(rootKey));

        await key.WrapKeyAsync(KeyVaultKeyEncryptionKey.RsaOaep256, rootKey);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(apiVersion, request.ApiVersion);
        Assert.Equal("RSA-OAEP-256", request.Algorithm);
        Assert.Equal("Bearer test", request.Authorization);
        Assert.Equal(43, request.Value!.Length);
        Assert.DoesNotContain('=', request.Value);
        Assert.DoesNotContain('+', request.Value);
        Assert.DoesNotContain('/', request.Value);
        Assert.Equal(rootKey, Base64Url.DecodeFromChars(request.Value));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/keys/vault-seal/abc")] // another host
    [InlineData("{base}keys/other-key/abc")] // another key on the same vault
    [InlineData("not a uri")]
    public void PinnedTo_KeyIdOutsideConfiguredKey_IsRefused(string keyId)
    {
        var key = FakeKeyVaultClients.Key(_fake);

        Assert.Throws<ArgumentException>(() => key.PinnedTo(keyId.Replace("{base}", _fake.BaseUri.AbsoluteUri, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("https://myvault.vault.azure.net/keys/k", "https://vault.azure.net/.default")]
    [InlineData("https://myhsm.managedhsm.azure.net/keys/k/v1", "https://managedhsm.azure.net/.default")]
    public void ScopeFor_KeyHost_PicksTokenAudience(string keyId, string scope)
    {
        Assert.Equal(scope, KeyVaultKeyEncryptionKey.ScopeFor(new Uri(keyId)));
    }

    [Fact]
    public void Constructor_KeyIdWithoutKeysPath_ThrowsWithHint()
    {
        var options = new KeyVaultSealOptions { KeyId = new Uri("https://myvault.vault.azure.net/secrets/x") };

        var error = Assert.Throws<ArgumentException>(() => new KeyVaultKeyEncryptionKey(options, KeyVaultKeyEncryptionKey.BuildPipeline(options, new FakeBearerPolicy())));
        Assert.Contains("/keys/<name>", error.Message, StringComparison.Ordinal);
    }
}
