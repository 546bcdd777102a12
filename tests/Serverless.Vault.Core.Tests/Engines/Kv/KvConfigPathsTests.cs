using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvConfigPathsTests
{
    [Fact]
    public async Task Read_FreshMount_ReturnsDefaults()
    {
        using var vault = await KvTestVault.WithV2Async();

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/config"));

        Assert.False(data["cas_required"]!.GetValue<bool>());
        Assert.Equal("0s", data["delete_version_after"]!.GetValue<string>());
        Assert.Equal(0, data["max_versions"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_AllFields_ReadBackWithGoDuration()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject
        {
            ["max_versions"] = 5,
            ["cas_required"] = true,
            ["delete_version_after"] = "1h",
        }));

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/config"));
        Assert.True(data["cas_required"]!.GetValue<bool>());
        Assert.Equal("1h0m0s", data["delete_version_after"]!.GetValue<string>());
        Assert.Equal(5, data["max_versions"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("3h25m19s", "3h25m19s")]
    [InlineData("90", "1m30s")]
    [InlineData("45s", "45s")]
    [InlineData("0s", "0s")]
    public async Task Write_DeleteVersionAfter_FormattedAsGoDuration(string input, string expected)
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = input }));

        Assert.Equal(expected, VaultAssert.Ok(await vault.ReadAsync("secret/config"))["delete_version_after"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_OneField_KeepsTheOthers()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 3, ["cas_required"] = true }));

        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "10m" }));

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/config"));
        Assert.Equal(3, data["max_versions"]!.GetValue<long>());
        Assert.True(data["cas_required"]!.GetValue<bool>());
        Assert.Equal("10m0s", data["delete_version_after"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_NegativeMaxVersions_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.Error(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = -1 }), 400, "max_versions cannot be negative");
    }

    [Fact]
    public async Task Write_NegativeDeleteVersionAfter_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "-1h" });

        Assert.Equal(400, response!.StatusCode);
        Assert.Equal("0s", VaultAssert.Ok(await vault.ReadAsync("secret/config"))["delete_version_after"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_StringBooleanAndNumber_Coerced()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["cas_required"] = "true", ["max_versions"] = "7" }));

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/config"));
        Assert.True(data["cas_required"]!.GetValue<bool>());
        Assert.Equal(7, data["max_versions"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_ConfigRow_StoredUnderMountAsConfig()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 4 }));

        Assert.Contains("config", await vault.MountKeysAsync("secret"));
    }

    [Fact]
    public async Task Write_SeenBySecondInstanceAfterStalenessBudget()
    {
        using var vault = await KvTestVault.WithV2Async();
        using var other = vault.SecondInstance();
        VaultAssert.Ok(await other.ReadAsync("secret/config"));

        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 4 }));
        other.Time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(4, VaultAssert.Ok(await other.ReadAsync("secret/config"))["max_versions"]!.GetValue<long>());
    }
}
