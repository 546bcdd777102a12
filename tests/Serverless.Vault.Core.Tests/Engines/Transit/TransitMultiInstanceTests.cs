using System.Text.Json.Nodes;
using Serverless.Vault.Core.Engines.Transit;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitMultiInstanceTests
{
    [Fact]
    public async Task Decrypt_CiphertextNewerThanCachedKey_ReloadsAtOnce()
    {
        using var first = await WithTransitAsync();
        await first.CreateKeyAsync("k");
        using var second = first.SecondInstance();
        // The second instance caches version 1.
        Assert.Equal(B64("old"), await second.DecryptAsync("k", await first.EncryptAsync("k", B64("old"))));

        VaultAssert.Ok(await first.WriteAsync("transit/keys/k/rotate"));
        var v2 = await first.EncryptAsync("k", B64("new"));

        // Within the staleness budget, but the version tells the second instance its cache is behind.
        Assert.StartsWith("vault:v2:", v2, StringComparison.Ordinal);
        Assert.Equal(B64("new"), await second.DecryptAsync("k", v2));
    }

    [Fact]
    public async Task Encrypt_RotationOnAnotherInstance_SeenAfterTheStalenessBudget()
    {
        using var first = await WithTransitAsync();
        await first.CreateKeyAsync("k");
        using var second = first.SecondInstance();
        Assert.StartsWith("vault:v1:", await second.EncryptAsync("k", B64("x")), StringComparison.Ordinal);

        VaultAssert.Ok(await first.WriteAsync("transit/keys/k/rotate"));

        // Inside the budget the second instance may still use version 1 (still a valid version) ...
        Assert.StartsWith("vault:v1:", await second.EncryptAsync("k", B64("x")), StringComparison.Ordinal);
        second.Time.Advance(KeyCache.StalenessBudget);
        // ... and after it, it must see the rotation.
        Assert.StartsWith("vault:v2:", await second.EncryptAsync("k", B64("x")), StringComparison.Ordinal);
        Assert.Equal(2, VaultAssert.Ok(await second.ReadAsync("transit/keys/k"))["latest_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Config_MinDecryptionOnAnotherInstance_EnforcedAfterTheBudget()
    {
        using var first = await WithTransitAsync();
        await first.CreateKeyAsync("k");
        var v1 = await first.EncryptAsync("k", B64("x"));
        using var second = first.SecondInstance();
        Assert.Equal(B64("x"), await second.DecryptAsync("k", v1));

        VaultAssert.Ok(await first.WriteAsync("transit/keys/k/rotate"));
        VaultAssert.Ok(await first.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 2 }));
        second.Time.Advance(KeyCache.StalenessBudget);

        VaultAssert.Error(await second.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = v1 }), 400, "ciphertext or signature version is disallowed by policy (too old)");
    }

    [Fact]
    public async Task Encrypt_UpsertRaceAcrossInstances_CreatesOneKey()
    {
        using var first = await WithTransitAsync();
        using var second = first.SecondInstance();

        var results = await Task.WhenAll(
            first.EncryptAsync("shared", B64("a")),
            second.EncryptAsync("shared", B64("b")));

        Assert.Equal(B64("b"), await first.DecryptAsync("shared", results[1]));
        Assert.Equal(B64("a"), await second.DecryptAsync("shared", results[0]));
        Assert.Equal(1, (await first.StoredKeyAsync("shared")).LatestVersion);
    }

    [Fact]
    public async Task Delete_OnAnotherInstance_KeyGoneAfterTheBudget()
    {
        using var first = await WithTransitAsync();
        await first.CreateKeyAsync("k", new JsonObject());
        VaultAssert.Ok(await first.WriteAsync("transit/keys/k/config", new JsonObject { ["deletion_allowed"] = true }));
        using var second = first.SecondInstance();
        VaultAssert.Ok(await second.ReadAsync("transit/keys/k"));

        VaultAssert.NoContent(await first.DeleteAsync("transit/keys/k"));
        second.Time.Advance(KeyCache.StalenessBudget);

        VaultAssert.Error(await second.ReadAsync("transit/keys/k"), 404);
    }
}
