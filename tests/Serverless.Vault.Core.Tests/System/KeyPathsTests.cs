using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.System;

public sealed class KeyPathsTests
{
    [Fact]
    public async Task KeyStatus_AfterInit_Term1AndNothingToReencrypt()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.ReadAsync("sys/key-status");

        var data = VaultAssert.Ok(response);
        Assert.Equal(1, data["term"]!.GetValue<int>());
        Assert.True(data["reencryption"]!["completed"]!.GetValue<bool>());
        Assert.True(response!.CopyDataToTopLevel);
        Assert.EndsWith("Z", data["install_time"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_Root_Returns204AndTermGoesTo2()
    {
        using var vault = await TestVault.InitializedAsync();
        vault.Time.Advance(TimeSpan.FromHours(1));

        VaultAssert.NoContent(await vault.WriteAsync("sys/rotate"));

        var data = VaultAssert.Ok(await vault.ReadAsync("sys/key-status"));
        Assert.Equal(2, data["term"]!.GetValue<int>());
        Assert.Equal(2, data["reencryption"]!["target_term"]!.GetValue<int>());
        Assert.False(data["reencryption"]!["completed"]!.GetValue<bool>());
        Assert.Equal("2026-11-28T13:00:00Z", data["install_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_DataWrittenBefore_StillReadable()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await vault.WriteAsync("kv/x", new JsonObject { ["v"] = "before" }));

        VaultAssert.NoContent(await vault.WriteAsync("sys/rotate"));

        Assert.Equal("before", VaultAssert.Ok(await vault.ReadAsync("kv/x"))["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotate_WithoutToken_Returns403AndKeepsTerm()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("sys/rotate", token: null), 403, "permission denied");

        Assert.Equal(1, VaultAssert.Ok(await vault.ReadAsync("sys/key-status"))["term"]!.GetValue<int>());
    }

    [Fact]
    public async Task SealwrapRewrap_Root_NewWrappingAndAnotherInstanceStillUnseals()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await vault.WriteAsync("kv/x", new JsonObject { ["v"] = "kept" }));
        var before = (await vault.Physical.GetAsync("core/root-key", CancellationToken.None))!.Value;

        VaultAssert.NoContent(await vault.WriteAsync("sys/sealwrap/rewrap"));

        var after = (await vault.Physical.GetAsync("core/root-key", CancellationToken.None))!.Value;
        Assert.NotEqual(before, after);
        using var second = vault.SecondInstance();
        Assert.Equal("kept", VaultAssert.Ok(await second.ReadAsync("kv/x"))["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task SealwrapRewrap_WithoutSudo_Returns403AndKeepsWrapping()
    {
        using var vault = await TestVault.InitializedAsync();
        var before = (await vault.Physical.GetAsync("core/root-key", CancellationToken.None))!.Value;
        var token = await vault.TokenWithPolicyAsync("rewrap", "path \"sys/sealwrap/rewrap\" { capabilities = [\"update\"] }");

        VaultAssert.Error(await vault.WriteAsync("sys/sealwrap/rewrap", token: token), 403, "permission denied");

        Assert.Equal(before, (await vault.Physical.GetAsync("core/root-key", CancellationToken.None))!.Value);
    }
}
