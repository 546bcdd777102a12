using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.System;

public sealed class InitPathsTests
{
    [Fact]
    public async Task Init_Uninitialised_ReturnsRootTokenThatWorks()
    {
        using var vault = TestVault.Uninitialized();

        var body = VaultAssert.Raw(await vault.WriteAsync("sys/init", new JsonObject { ["secret_shares"] = 1, ["secret_threshold"] = 1 }, token: null));

        var rootToken = body["root_token"]!.GetValue<string>();
        Assert.StartsWith("hvs.", rootToken, StringComparison.Ordinal);
        Assert.Empty(body["keys"]!.AsArray());
        Assert.Empty(body["keys_base64"]!.AsArray());
        Assert.NotNull(VaultAssert.Ok(await vault.ReadAsync("sys/mounts", rootToken))["sys/"]);
    }

    [Fact]
    public async Task Init_Twice_SecondReturns400()
    {
        using var vault = TestVault.Uninitialized();
        VaultAssert.Raw(await vault.WriteAsync("sys/init", token: null));

        VaultAssert.Error(await vault.WriteAsync("sys/init", token: null), 400, "Vault is already initialized");
    }

    [Fact]
    public async Task Init_AlreadyInitialisedThroughInitializer_Returns400AndKeepsRootToken()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("sys/init", token: null), 400, "Vault is already initialized");
        VaultAssert.Ok(await vault.ReadAsync("sys/mounts"));
    }

    [Fact]
    public async Task Init_WithPgpKeys_Returns400AndStaysUninitialised()
    {
        using var vault = TestVault.Uninitialized();

        var response = await vault.WriteAsync("sys/init", new JsonObject { ["pgp_keys"] = new JsonArray("key") }, token: null);

        VaultAssert.Error(response, 400, "PGP-encrypted keys are not supported");
        Assert.False(VaultAssert.Raw(await vault.ReadAsync("sys/init", token: null))["initialized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ReadInit_ReflectsInitialisation()
    {
        using var vault = TestVault.Uninitialized();
        Assert.False(VaultAssert.Raw(await vault.ReadAsync("sys/init", token: null))["initialized"]!.GetValue<bool>());

        VaultAssert.Raw(await vault.WriteAsync("sys/init", token: null));

        Assert.True(VaultAssert.Raw(await vault.ReadAsync("sys/init", token: null))["initialized"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Init_AfterInit_OtherPathsNoLongerSealed()
    {
        using var vault = TestVault.Uninitialized();
        VaultAssert.Error(await vault.ReadAsync("sys/mounts", token: null), 503, "Vault is sealed");

        VaultAssert.Raw(await vault.WriteAsync("sys/init", token: null));

        VaultAssert.Error(await vault.ReadAsync("sys/mounts", token: null), 403, "permission denied");
    }
}
