using Serverless.Vault.Azure.KeyVault;

namespace Serverless.Vault.Azure.Tests.KeyVault;

/// <summary>The production client code path (same pipeline settings) pointed at the fake, with the fake auth policy.</summary>
internal static class FakeKeyVaultClients
{
    public static KeyVaultKeyEncryptionKey Key(FakeKeyVault fake, TimeSpan? timeout = null, string apiVersion = "7.6", Uri? keyId = null)
    {
        var options = new KeyVaultSealOptions
        {
            KeyId = keyId ?? fake.KeyId,
            ApiVersion = apiVersion,
            NetworkTimeout = timeout ?? TimeSpan.FromSeconds(5),
        };
        return new KeyVaultKeyEncryptionKey(options, KeyVaultKeyEncryptionKey.BuildPipeline(options, new FakeBearerPolicy()));
    }

    public static KeyVaultSeal Seal(FakeKeyVault fake, TimeSpan? timeout = null, TimeProvider? time = null) =>
        new(Key(fake, timeout), time);
}
