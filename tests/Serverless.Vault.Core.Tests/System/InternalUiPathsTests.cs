using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.System;

public sealed class InternalUiPathsTests
{
    private static async Task<TestVault> VaultWithMountsAsync()
    {
        var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/secret", new JsonObject { ["type"] = "kv-v2" }));
        await vault.EnableAsync("public");
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/public/tune", new JsonObject { ["listing_visibility"] = "unauth" }));
        return vault;
    }

    [Fact]
    public async Task ListMounts_NoToken_OnlyUnauthVisibleMounts()
    {
        using var vault = await VaultWithMountsAsync();

        var secret = VaultAssert.Ok(await vault.ReadAsync("sys/internal/ui/mounts", token: null))["secret"]!.AsObject();

        Assert.Equal(["public/"], secret.Select(pair => pair.Key));
    }

    [Fact]
    public async Task ListMounts_RootToken_AllMountsAndSys()
    {
        using var vault = await VaultWithMountsAsync();

        var secret = VaultAssert.Ok(await vault.ReadAsync("sys/internal/ui/mounts"))["secret"]!.AsObject();

        Assert.Equal(["cubbyhole/", "public/", "secret/", "sys/"], secret.Select(pair => pair.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListMounts_UnknownToken_TreatedAsNoToken()
    {
        using var vault = await VaultWithMountsAsync();

        var secret = VaultAssert.Ok(await vault.ReadAsync("sys/internal/ui/mounts", token: "bogus"))["secret"]!.AsObject();

        Assert.Equal(["public/"], secret.Select(pair => pair.Key));
    }

    [Fact]
    public async Task ReadMountOfPath_KvV2Path_ReportsMountAndVersion()
    {
        using var vault = await VaultWithMountsAsync();

        var data = VaultAssert.Ok(await vault.ReadAsync("sys/internal/ui/mounts/secret/app/db"));

        Assert.Equal("secret/", data["path"]!.GetValue<string>());
        Assert.Equal("kv", data["type"]!.GetValue<string>());
        Assert.Equal("2", data["options"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadMountOfPath_NoMount_Returns403()
    {
        using var vault = await VaultWithMountsAsync();

        VaultAssert.Error(await vault.ReadAsync("sys/internal/ui/mounts/nowhere/x"), 403, "permission denied");
    }
}
