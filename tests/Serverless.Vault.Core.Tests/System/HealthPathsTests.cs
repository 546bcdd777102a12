using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.System;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.System;

public sealed class HealthPathsTests
{
    [Fact]
    public async Task Health_Uninitialised_Returns501RawBodyWithoutToken()
    {
        using var vault = TestVault.Uninitialized();

        var body = VaultAssert.Raw(await vault.ReadAsync("sys/health", token: null), 501);

        Assert.False(body["initialized"]!.GetValue<bool>());
        Assert.True(body["sealed"]!.GetValue<bool>());
        Assert.False(body["standby"]!.GetValue<bool>());
        Assert.Equal(ServerInfo.VaultVersion, body["version"]!.GetValue<string>());
        Assert.Null(body["request_id"]);
        Assert.Null(body["cluster_id"]);
    }

    [Fact]
    public async Task Health_UninitialisedWithUninitCode_ReturnsThatCode()
    {
        using var vault = TestVault.Uninitialized();

        var response = await vault.SendAsync(Operation.Read, "sys/health", new JsonObject { ["uninitcode"] = "200" }, token: null);

        Assert.Equal(200, response?.StatusCode);
    }

    [Fact]
    public async Task Health_Initialised_Returns200WithClusterAndServerTime()
    {
        using var vault = await TestVault.InitializedAsync();

        var body = VaultAssert.Raw(await vault.ReadAsync("sys/health", token: null));

        Assert.True(body["initialized"]!.GetValue<bool>());
        Assert.False(body["sealed"]!.GetValue<bool>());
        Assert.Equal(vault.Time.GetUtcNow().ToUnixTimeSeconds(), body["server_time_utc"]!.GetValue<long>());
        Assert.StartsWith("vault-cluster-", body["cluster_name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(body["cluster_id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Health_HeadRequest_AnswersLikeRead()
    {
        using var vault = TestVault.Uninitialized();

        Assert.Equal(501, (await vault.SendAsync(Operation.Header, "sys/health", null, token: null))?.StatusCode);
    }

    [Fact]
    public async Task Health_ActiveCodeOutOfRange_Returns400()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.SendAsync(Operation.Read, "sys/health", new JsonObject { ["activecode"] = "42" }, token: null);

        VaultAssert.Error(response, 400, "invalid status code in query parameters");
    }

    [Fact]
    public async Task SealStatus_Uninitialised_RawBodySealedAndNotInitialised()
    {
        using var vault = TestVault.Uninitialized();

        var body = VaultAssert.Raw(await vault.ReadAsync("sys/seal-status", token: null));

        Assert.Equal("local", body["type"]!.GetValue<string>());
        Assert.False(body["initialized"]!.GetValue<bool>());
        Assert.True(body["sealed"]!.GetValue<bool>());
        Assert.Equal("inmem", body["storage_type"]!.GetValue<string>());
        Assert.Equal(1, body["t"]!.GetValue<int>());
    }

    [Fact]
    public async Task SealStatus_SecondInstanceOfInitialisedVault_UnsealsAndReportsUnsealed()
    {
        using var first = await TestVault.InitializedAsync();
        using var second = first.SecondInstance();

        var body = VaultAssert.Raw(await second.ReadAsync("sys/seal-status", token: null));

        Assert.True(body["initialized"]!.GetValue<bool>());
        Assert.False(body["sealed"]!.GetValue<bool>());
        VaultAssert.Ok(await second.ReadAsync("sys/mounts"));
    }

    [Fact]
    public async Task Health_SealCannotUnwrap_Returns503InitialisedAndSealed()
    {
        using var vault = await TestVault.InitializedAsync();
        using var wrongKey = vault.InstanceWithWrongSealKey();

        var body = VaultAssert.Raw(await wrongKey.ReadAsync("sys/health", token: null), 503);

        Assert.True(body["initialized"]!.GetValue<bool>());
        Assert.True(body["sealed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SealStatus_SealCannotUnwrap_ReportsSealed()
    {
        using var vault = await TestVault.InitializedAsync();
        using var wrongKey = vault.InstanceWithWrongSealKey();

        var body = VaultAssert.Raw(await wrongKey.ReadAsync("sys/seal-status", token: null));

        Assert.True(body["initialized"]!.GetValue<bool>());
        Assert.True(body["sealed"]!.GetValue<bool>());
    }
}
