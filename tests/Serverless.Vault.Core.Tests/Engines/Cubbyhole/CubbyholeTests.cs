using System.Text.Json.Nodes;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Core.Tests.Tokens;
using Serverless.Vault.Core.Tokens;

namespace Serverless.Vault.Core.Tests.Engines.Cubbyhole;

public sealed class CubbyholeTests
{
    private static readonly string Prefix = SystemMount.Cubbyhole.StoragePrefix;

    [Fact]
    public async Task Write_ThenRead_OnlyTheWritingTokenSeesIt()
    {
        using var vault = await TestVault.InitializedAsync();
        var (alice, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });
        var (bob, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });

        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/note", new JsonObject { ["v"] = "alice's" }, alice));

        Assert.Equal("alice's", VaultAssert.Ok(await vault.ReadAsync("cubbyhole/note", alice))["v"]!.GetValue<string>());
        VaultAssert.Error(await vault.ReadAsync("cubbyhole/note", bob), 404);
        VaultAssert.Error(await vault.ReadAsync("cubbyhole/note"), 404);
    }

    [Fact]
    public async Task Storage_IsKeyedByTheTokenHash_NeverTheToken()
    {
        using var vault = await TestVault.InitializedAsync();
        var (alice, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });
        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/a/b", new JsonObject { ["v"] = "1" }, alice));

        var hash = await vault.Get<TokenStore>().HashAsync(alice, CancellationToken.None);
        var key = Assert.Single(await vault.PhysicalKeysAsync(Prefix));
        Assert.Equal($"{Prefix}{hash}/a/b", key);
        Assert.DoesNotContain(alice, key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ReturnsOneLevelOfTheCallersKeys()
    {
        using var vault = await TestVault.InitializedAsync();
        var (alice, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });
        var (bob, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });
        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/a", new JsonObject { ["v"] = "1" }, alice));
        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/dir/b", new JsonObject { ["v"] = "2" }, alice));

        Assert.Equal("""["a","dir/"]""", VaultAssert.Ok(await vault.ListAsync("cubbyhole/", alice))["keys"]!.ToJsonString());
        Assert.Equal("""["b"]""", VaultAssert.Ok(await vault.ListAsync("cubbyhole/dir/", alice))["keys"]!.ToJsonString());
        VaultAssert.Error(await vault.ListAsync("cubbyhole/", bob), 404);
    }

    [Fact]
    public async Task Delete_RemovesTheEntry()
    {
        using var vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/x", new JsonObject { ["v"] = "1" }));

        VaultAssert.NoContent(await vault.DeleteAsync("cubbyhole/x"));

        VaultAssert.Error(await vault.ReadAsync("cubbyhole/x"), 404);
        Assert.Empty(await vault.PhysicalKeysAsync(Prefix));
    }

    [Fact]
    public async Task Write_WithoutData_Returns400AndStoresNothing()
    {
        using var vault = await TestVault.InitializedAsync();

        VaultAssert.Error(await vault.WriteAsync("cubbyhole/x", []), 400, "missing data fields");
        VaultAssert.Error(await vault.ReadAsync("cubbyhole/"), 400, "missing path");
        Assert.Empty(await vault.PhysicalKeysAsync(Prefix));
    }

    [Fact]
    public async Task BatchToken_IsRefused()
    {
        using var vault = await TestVault.InitializedAsync();
        var (batch, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default", ["type"] = "batch" });

        VaultAssert.Error(
            await vault.WriteAsync("cubbyhole/x", new JsonObject { ["v"] = "1" }, batch), 400, "cubbyhole operations are only supported by \"service\" type tokens");
        Assert.Empty(await vault.PhysicalKeysAsync(Prefix));
    }

    [Fact]
    public async Task Revoke_DestroysTheCubbyholesOfTheTokenAndItsChildren()
    {
        using var vault = await TestVault.InitializedAsync();
        var (parent, _) = await vault.CreateRootChildAsync();
        var (child, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" }, token: parent);
        var (other, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });
        foreach (var token in new[] { parent, child, other })
        {
            VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/x", new JsonObject { ["v"] = token }, token));
        }

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", TokenTestKit.Body("token", parent)));

        var otherHash = await vault.Get<TokenStore>().HashAsync(other, CancellationToken.None);
        Assert.Equal([$"{Prefix}{otherHash}/x"], await vault.PhysicalKeysAsync(Prefix));
    }

    [Fact]
    public async Task ExpiredToken_SweptByTheLeaseSweeper_LosesItsCubbyhole()
    {
        using var vault = await TestVault.InitializedAsync();
        var (token, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default", ["ttl"] = "10m" });
        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/x", new JsonObject { ["v"] = "1" }, token));

        vault.Time.Advance(TimeSpan.FromMinutes(11));
        await vault.Get<LeaseSweeper>().SweepAsync(CancellationToken.None);

        Assert.Empty(await vault.PhysicalKeysAsync(Prefix));
    }

    [Fact]
    public async Task Write_OnTheTokensLastUse_LeavesNothingBehind()
    {
        using var vault = await TestVault.InitializedAsync();
        var (token, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default", ["num_uses"] = 1 });

        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/x", new JsonObject { ["v"] = "1" }, token));

        Assert.Empty(await vault.PhysicalKeysAsync(Prefix));
    }

    [Fact]
    public async Task Mount_IsListedAndCannotBeDisabledOrTuned()
    {
        using var vault = await TestVault.InitializedAsync();
        var (user, _) = await vault.CreateTokenAsync(new JsonObject { ["policies"] = "default" });

        var listed = VaultAssert.Ok(await vault.ReadAsync("sys/mounts"))["cubbyhole/"]!;
        Assert.Equal("cubbyhole", listed["type"]!.GetValue<string>());
        Assert.Equal("per-token private secret storage", listed["description"]!.GetValue<string>());
        Assert.True(listed["local"]!.GetValue<bool>());
        Assert.Equal("cubbyhole", VaultAssert.Ok(await vault.ReadAsync("sys/mounts/cubbyhole"))["type"]!.GetValue<string>());
        var ui = VaultAssert.Ok(await vault.ReadAsync("sys/internal/ui/mounts", user));
        Assert.Equal("cubbyhole", ui["secret"]!["cubbyhole/"]!["type"]!.GetValue<string>());

        VaultAssert.Error(await vault.DeleteAsync("sys/mounts/cubbyhole"), 400, "cannot unmount \"cubbyhole/\"");
        VaultAssert.Error(await vault.WriteAsync("sys/mounts/cubbyhole/tune", new JsonObject { ["max_lease_ttl"] = "1h" }), 400, "cannot tune \"cubbyhole/\"");
        VaultAssert.NoContent(await vault.WriteAsync("cubbyhole/still", new JsonObject { ["v"] = "1" }, user));
    }
}
