using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitKeysTests
{
    [Fact]
    public async Task Create_Default_ReadsBackWithVaultsFields()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        var data = VaultAssert.Ok(await vault.ReadAsync("transit/keys/k"));

        Assert.Equal("k", data["name"]!.GetValue<string>());
        Assert.Equal("aes256-gcm96", data["type"]!.GetValue<string>());
        Assert.False(data["derived"]!.GetValue<bool>());
        Assert.False(data["deletion_allowed"]!.GetValue<bool>());
        Assert.Equal(1, data["latest_version"]!.GetValue<long>());
        Assert.Equal(1, data["min_decryption_version"]!.GetValue<long>());
        Assert.Equal(0, data["min_encryption_version"]!.GetValue<long>());
        Assert.Equal(0, data["min_available_version"]!.GetValue<long>());
        Assert.True(data["supports_encryption"]!.GetValue<bool>());
        Assert.False(data["supports_signing"]!.GetValue<bool>());
        Assert.Equal(0, data["auto_rotate_period"]!.GetValue<long>());
        Assert.Equal(vault.Time.GetUtcNow().ToUnixTimeSeconds(), data["keys"]!["1"]!.GetValue<long>());
        Assert.False(data.ContainsKey("kdf"));
    }

    [Fact]
    public async Task Create_Existing_IsUnchangedWithWarning()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");

        var response = await vault.WriteAsync("transit/keys/k", new JsonObject { ["type"] = "chacha20-poly1305" });

        Assert.Equal("aes256-gcm96", VaultAssert.Ok(response)["type"]!.GetValue<string>());
        Assert.Equal(["key k already existed"], response!.Warnings);
    }

    [Theory]
    [InlineData("xchacha20-poly1305", "key type xchacha20-poly1305 is not supported yet")]
    [InlineData("rot13", "unknown key type rot13")]
    public async Task Create_UnsupportedType_Is400(string type, string message)
    {
        using var vault = await WithTransitAsync();

        VaultAssert.Error(await vault.WriteAsync("transit/keys/k", new JsonObject { ["type"] = type }), 400, message);
    }

    [Fact]
    public async Task Create_InvalidSettings_AreRefused()
    {
        using var vault = await WithTransitAsync();

        VaultAssert.Error(await vault.WriteAsync("transit/keys/k", new JsonObject { ["convergent_encryption"] = true }), 400, "convergent encryption requires derivation to be enabled");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k", new JsonObject { ["auto_rotate_period"] = "30m" }), 400, "auto rotate period must be 0 to disable or at least an hour");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k", new JsonObject { ["type"] = "hmac", ["key_size"] = 16 }), 400, "invalid key_size 16");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k", new JsonObject { ["key_size"] = 64 }), 400, "key_size is not valid for algorithm aes256-gcm96");
    }

    [Fact]
    public async Task Create_DerivedAndHmac_ShowTheirExtraFields()
    {
        using var vault = await WithTransitAsync();

        var derived = await vault.CreateKeyAsync("d", new JsonObject { ["derived"] = true, ["auto_rotate_period"] = "2h" });
        var hmac = await vault.CreateKeyAsync("h", new JsonObject { ["type"] = "hmac", ["key_size"] = 64 });

        Assert.Equal("hkdf_sha256", derived["kdf"]!.GetValue<string>());
        Assert.False(derived["convergent_encryption"]!.GetValue<bool>());
        Assert.Equal(7200, derived["auto_rotate_period"]!.GetValue<long>());
        Assert.Equal(64, hmac["key_size"]!.GetValue<int>());
        Assert.False(hmac.ContainsKey("keys"));
        Assert.Equal(64, Convert.FromBase64String((await vault.StoredKeyAsync("h")).Versions[1].Key).Length);
    }

    [Fact]
    public async Task ListAndDelete_DeletionNeedsPermission()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("a");
        await vault.CreateKeyAsync("b");

        Assert.Equal(["a", "b"], VaultAssert.Ok(await vault.ListAsync("transit/keys"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        VaultAssert.Error(await vault.DeleteAsync("transit/keys/a"), 400, "error deleting policy a: deletion is not allowed for this policy");
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/a/config", new JsonObject { ["deletion_allowed"] = true }));
        VaultAssert.NoContent(await vault.DeleteAsync("transit/keys/a"));
        VaultAssert.Error(await vault.ReadAsync("transit/keys/a"), 404);
        Assert.Equal(["b"], VaultAssert.Ok(await vault.ListAsync("transit/keys"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task Config_MinVersions_EnforcedOnEncryptAndValidated()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 4 }), 400, "cannot set min decryption version of 4, latest key version is 3");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 3, ["min_encryption_version"] = 2 }), 400,
            "cannot set min encryption/decryption values; min encryption version of 2 must be greater than or equal to min decryption version of 3");
        var data = VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 2, ["min_encryption_version"] = 3 }));

        Assert.Equal(2, data["min_decryption_version"]!.GetValue<long>());
        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["plaintext"] = B64("x"), ["key_version"] = 2 }), 400,
            "requested version for encryption is less than the minimum encryption key version");
        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/k", new JsonObject { ["plaintext"] = B64("x"), ["key_version"] = 9 }), 400,
            "requested version for encryption is higher than the latest key version");
        Assert.StartsWith("vault:v3:", await vault.EncryptAsync("k", B64("x")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_OneWaySettings_CannotBeUndone()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k", new JsonObject { ["exportable"] = true, ["allow_plaintext_backup"] = true });

        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["allow_plaintext_backup"] = false }), 400, "plaintext backup cannot be disabled once enabled");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["exportable"] = false }), 400, "exportable keys cannot be changed to non-exportable");
    }

    [Fact]
    public async Task Trim_FollowsVaultsRulesAndDeletesOldVersions()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var v1 = await vault.EncryptAsync("k", B64("x"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/rotate"));

        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/trim", new JsonObject { ["min_available_version"] = 2 }), 400,
            "minimum available version cannot be set when minimum encryption version is not set");
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_encryption_version"] = 3, ["min_decryption_version"] = 2 }));
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/trim", new JsonObject { ["min_available_version"] = 3 }), 400,
            "minimum available version cannot be greater than minimum decryption version");
        var data = VaultAssert.Ok(await vault.WriteAsync("transit/keys/k/trim", new JsonObject { ["min_available_version"] = 2 }));

        Assert.Equal(2, data["min_available_version"]!.GetValue<long>());
        Assert.Equal(["2", "3"], data["keys"]!.AsObject().Select(p => p.Key));
        Assert.Equal([2L, 3L], (await vault.StoredKeyAsync("k")).Versions.Keys.Order());
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/trim", new JsonObject { ["min_available_version"] = 1 }), 400, "minimum available version cannot be decremented");
        VaultAssert.Error(await vault.WriteAsync("transit/decrypt/k", new JsonObject { ["ciphertext"] = v1 }), 400, "ciphertext or signature version is disallowed by policy (too old)");
        VaultAssert.Error(await vault.WriteAsync("transit/keys/k/config", new JsonObject { ["min_decryption_version"] = 1 }), 400,
            "cannot set min decryption version of 1, versions below 2 were trimmed");
    }

    [Fact]
    public async Task Rotate_Concurrently_LosesNoVersion()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        using var other = vault.SecondInstance();

        var rotations = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? vault : other).WriteAsync("transit/keys/k/rotate"));
        var responses = await Task.WhenAll(rotations);

        Assert.All(responses, r => VaultAssert.Ok(r));
        var stored = await vault.StoredKeyAsync("k");
        Assert.Equal(11, stored.LatestVersion);
        Assert.Equal(Enumerable.Range(1, 11).Select(v => (long)v), stored.Versions.Keys.Order());
    }

    [Fact]
    public async Task Rotate_UnknownKey_IsInvalidRequest()
    {
        using var vault = await WithTransitAsync();

        VaultAssert.Error(await vault.WriteAsync("transit/keys/nope/rotate"), 400, "key not found");
    }

    [Fact]
    public async Task KeyMaterial_IsStoredBehindTheBarrier()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        var key = (await vault.StoredKeyAsync("k")).Versions[1].Key;

        foreach (var physicalKey in await vault.PhysicalKeysAsync(""))
        {
            var entry = await vault.Physical.GetAsync(physicalKey, CancellationToken.None);
            Assert.DoesNotContain(key, global::System.Text.Encoding.UTF8.GetString(entry!.Value), StringComparison.Ordinal);
        }
    }
}
