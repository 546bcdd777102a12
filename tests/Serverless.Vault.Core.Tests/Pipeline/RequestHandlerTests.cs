using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;

namespace Serverless.Vault.Core.Tests.Pipeline;

public sealed class RequestHandlerTests
{
    [Theory]
    [InlineData("sys/mounts")]
    [InlineData("sys/key-status")]
    [InlineData("secret/x")]
    [InlineData("sys/nothing-here")]
    public async Task Handle_Uninitialised_Returns503Sealed(string path)
    {
        using var vault = TestVault.Uninitialized();

        VaultAssert.Error(await vault.ReadAsync(path), 503, "Vault is sealed");
    }

    [Fact]
    public async Task Handle_NoToken_Returns403PermissionDenied()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.ReadAsync("sys/mounts", token: null), 403, "permission denied");
        VaultAssert.Error(await vault.ReadAsync("sys/mounts", token: ""), 403, "permission denied");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("hvs.AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("root-token ")]
    [InlineData("ROOT-TOKEN")]
    public async Task Handle_UnknownToken_Returns403PermissionDenied(string token)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.ReadAsync("sys/mounts", token), 403, "permission denied");
    }

    [Fact]
    public async Task Handle_OverlongToken_Returns403()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.ReadAsync("sys/mounts", new string('a', 10_000)), 403, "permission denied");
    }

    [Fact]
    public async Task Handle_NoTokenOnKvMount_Returns403WithoutTouchingData()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        VaultAssert.Error(await vault.WriteAsync("kv/x", new JsonObject { ["a"] = "b" }, token: null), 403, "permission denied");

        VaultAssert.Error(await vault.ReadAsync("kv/x"), 404);
    }

    [Theory]
    [InlineData("nothing/here")]
    [InlineData("nothing")]
    [InlineData("sys/nothing-here")]
    [InlineData("sys/mountsx")]
    public async Task Handle_UnknownPath_Returns404UnsupportedPath(string path)
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.ReadAsync(path), 404, $"no handler for route \"{path}\". route entry not found.");
    }

    [Fact]
    public async Task Read_MissingKvSecret_Returns404WithEmptyErrors()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        VaultAssert.Error(await vault.ReadAsync("kv/missing"), 404);
    }

    [Fact]
    public async Task List_EmptyKvFolder_Returns404WithEmptyErrors()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        VaultAssert.Error(await vault.ListAsync("kv/"), 404);
    }

    [Fact]
    public async Task KvWriteReadListDelete_RoundTrips()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        VaultAssert.NoContent(await vault.WriteAsync("kv/app/db", new JsonObject { ["password"] = "p", ["n"] = 3 }));
        VaultAssert.NoContent(await vault.WriteAsync("kv/top", new JsonObject { ["a"] = "b" }));

        var data = VaultAssert.Ok(await vault.ReadAsync("kv/app/db"));
        Assert.Equal("p", data["password"]!.GetValue<string>());
        Assert.Equal(3, data["n"]!.GetValue<int>());
        Assert.Equal(["app/", "top"], VaultAssert.Ok(await vault.ListAsync("kv/"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        VaultAssert.NoContent(await vault.DeleteAsync("kv/app/db"));
        VaultAssert.Error(await vault.ReadAsync("kv/app/db"), 404);
    }

    [Fact]
    public async Task Write_KvSecret_NoUnknownFieldWarning()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        // KV stores the body itself: every key is data, none is an "unrecognized parameter".
        VaultAssert.NoContent(await vault.WriteAsync("kv/x", new JsonObject { ["username"] = "u", ["password"] = "p" }));
    }

    [Fact]
    public async Task Write_UnknownFieldsOnDeclaredPath_WarnsAndStillApplies()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        var response = await vault.WriteAsync("sys/mounts/kv/tune", new JsonObject
        {
            ["default_lease_ttl"] = "1h",
            ["zz_extra"] = 1,
            ["mount_point"] = "kv",
        });

        Assert.NotNull(response);
        Assert.Null(response.Errors);
        Assert.Null(response.StatusCode);
        Assert.Equal(["Endpoint ignored these unrecognized parameters: [mount_point zz_extra]"], response.Warnings);
        Assert.Equal(3600, VaultAssert.Ok(await vault.ReadAsync("sys/mounts/kv/tune"))["default_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_OnlyDeclaredFields_NoWarning()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/kv/tune", new JsonObject { ["max_lease_ttl"] = "2h" }));
    }

    [Fact]
    public async Task Handle_UnsupportedOperation_Returns405()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.DeleteAsync("sys/mounts"), 405, "unsupported operation");
        VaultAssert.Error(await vault.ReadAsync("sys/rotate"), 405, "unsupported operation");
    }

    [Fact]
    public async Task Handle_Success_CarriesRequestId()
    {
        using var vault = await TestVault.InitializedAsync();
        var request = new VaultRequest { RequestId = "req-123", Operation = Operation.Read, Path = "sys/mounts", ClientToken = TestVault.RootToken };

        var response = await vault.Handler.HandleAsync(request, CancellationToken.None);

        Assert.Equal("req-123", response?.RequestId);
    }

    [Fact]
    public async Task Handle_ListOnSysMounts_Returns405()
    {
        using var vault = await TestVault.InitializedAsync();

        Assert.Equal(405, (await vault.ListAsync("sys/mounts/"))?.StatusCode);
    }

    [Fact]
    public async Task Help_KvPath_ReturnsRawHelpWithoutRunningHandler()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");

        var response = await vault.SendAsync(Operation.Update, "kv/x", new JsonObject { ["a"] = "b" }, TestVault.RootToken, help: true);

        var body = VaultAssert.Raw(response);
        var help = body["help"]!.GetValue<string>();
        Assert.Contains("{*path}", help, StringComparison.Ordinal);
        Assert.Contains("Read, write, list and delete secrets.", help, StringComparison.Ordinal);
        Assert.NotNull(body["openapi"]?["paths"]?["/{*path}"]);
        VaultAssert.Error(await vault.ReadAsync("kv/x"), 404);
    }

    [Fact]
    public async Task Help_SysMountsTune_ListsDeclaredFields()
    {
        using var vault = await TestVault.InitializedAsync();

        var response = await vault.SendAsync(Operation.Read, "sys/mounts/kv/tune", null, TestVault.RootToken, help: true);

        var body = VaultAssert.Raw(response);
        Assert.Contains("mounts/{*path}/tune", body["help"]!.GetValue<string>(), StringComparison.Ordinal);
        var parameters = body["openapi"]!["paths"]!["/mounts/{*path}/tune"]!["parameters"]!.AsObject();
        Assert.Equal("duration", parameters["default_lease_ttl"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Help_WithoutToken_Returns403()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.SendAsync(Operation.Read, "sys/mounts", null, token: null, help: true), 403, "permission denied");
    }

    [Fact]
    public async Task Handle_SealCannotUnwrap_Returns503SealedEvenWithRootToken()
    {
        using var vault = await TestVault.InitializedAsync();
        await vault.EnableAsync("kv");
        VaultAssert.NoContent(await vault.WriteAsync("kv/x", new JsonObject { ["a"] = "b" }));
        using var wrongKey = vault.InstanceWithWrongSealKey();

        VaultAssert.Error(await wrongKey.ReadAsync("kv/x"), 503, "Vault is sealed");
        VaultAssert.Error(await wrongKey.ReadAsync("sys/mounts"), 503, "Vault is sealed");
        VaultAssert.Error(await wrongKey.WriteAsync("sys/init", token: null), 400, "Vault is already initialized");
    }
}
