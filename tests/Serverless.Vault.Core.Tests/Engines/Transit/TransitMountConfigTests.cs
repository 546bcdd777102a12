using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using static Serverless.Vault.Core.Tests.Engines.Transit.TransitTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Transit;

public sealed class TransitMountConfigTests
{
    [Fact]
    public async Task CacheConfig_Default_IsZero()
    {
        using var vault = await WithTransitAsync();

        Assert.Equal(0, VaultAssert.Ok(await vault.ReadAsync("transit/cache-config"))["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task CacheConfig_Write_IsStoredAndReported()
    {
        using var vault = await WithTransitAsync();

        Assert.Equal(25, VaultAssert.Ok(await vault.WriteAsync("transit/cache-config", new JsonObject { ["size"] = 25 }))["size"]!.GetValue<long>());

        using var other = vault.SecondInstance();
        Assert.Equal(25, VaultAssert.Ok(await other.ReadAsync("transit/cache-config"))["size"]!.GetValue<long>());
        Assert.Equal(0, VaultAssert.Ok(await vault.WriteAsync("transit/cache-config", new JsonObject { ["size"] = 0 }))["size"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(9)]
    [InlineData(-1)]
    public async Task CacheConfig_SizeBelowTen_Is400(int size)
    {
        using var vault = await WithTransitAsync();

        VaultAssert.Error(await vault.WriteAsync("transit/cache-config", new JsonObject { ["size"] = size }), 400, "size must be 0 or a value greater or equal to 10");
    }

    [Fact]
    public async Task ConfigKeys_Default_AllowsUpsert()
    {
        using var vault = await WithTransitAsync();

        Assert.False(VaultAssert.Ok(await vault.ReadAsync("transit/config/keys"))["disable_upsert"]!.GetValue<bool>());
        await vault.EncryptAsync("fresh", B64("x"));
        VaultAssert.Ok(await vault.ReadAsync("transit/keys/fresh"));
    }

    [Fact]
    public async Task Encrypt_UpsertDisabled_MissingKeyIs400AndNothingIsCreated()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("existing");

        Assert.True(VaultAssert.Ok(await vault.WriteAsync("transit/config/keys", new JsonObject { ["disable_upsert"] = true }))["disable_upsert"]!.GetValue<bool>());

        VaultAssert.Error(await vault.WriteAsync("transit/encrypt/missing", new JsonObject { ["plaintext"] = B64("x") }), 400, "encryption key not found");
        VaultAssert.Error(await vault.ReadAsync("transit/keys/missing"), 404);
        await vault.EncryptAsync("existing", B64("x"));
        VaultAssert.Ok(await vault.WriteAsync("transit/keys/made-by-hand"));
        Assert.True(VaultAssert.Ok(await vault.ReadAsync("transit/config/keys"))["disable_upsert"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Encrypt_UpsertEnabledAgain_CreatesKeys()
    {
        using var vault = await WithTransitAsync();
        VaultAssert.Ok(await vault.WriteAsync("transit/config/keys", new JsonObject { ["disable_upsert"] = true }));

        VaultAssert.Ok(await vault.WriteAsync("transit/config/keys", new JsonObject { ["disable_upsert"] = false }));

        await vault.EncryptAsync("fresh", B64("x"));
        VaultAssert.Ok(await vault.ReadAsync("transit/keys/fresh"));
    }

    [Fact]
    public async Task ConfigPaths_DoNotShowUpAsKeys()
    {
        using var vault = await WithTransitAsync();
        await vault.CreateKeyAsync("k");
        VaultAssert.Ok(await vault.WriteAsync("transit/config/keys", new JsonObject { ["disable_upsert"] = true }));
        VaultAssert.Ok(await vault.WriteAsync("transit/cache-config", new JsonObject { ["size"] = 10 }));

        var keys = VaultAssert.Ok(await vault.ListAsync("transit/keys"))["keys"]!.AsArray();

        Assert.Equal(["k"], keys.Select(node => node!.GetValue<string>()));
    }
}
