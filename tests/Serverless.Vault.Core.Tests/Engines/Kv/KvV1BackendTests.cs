using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvV1BackendTests
{
    [Fact]
    public async Task Write_ThenRead_ReturnsStoredMapVerbatim()
    {
        using var vault = await KvTestVault.WithV1Async();

        VaultAssert.NoContent(await vault.WriteAsync("kv/app/db", new JsonObject
        {
            ["user"] = "admin",
            ["port"] = 5432,
            ["nested"] = new JsonObject { ["a"] = true },
        }));

        var response = await vault.ReadAsync("kv/app/db");
        var data = VaultAssert.Ok(response);
        Assert.Equal("""{"user":"admin","port":5432,"nested":{"a":true}}""", data.ToJsonString());
        Assert.Equal("", response!.LeaseId);
        Assert.False(response.Renewable);
    }

    [Fact]
    public async Task Write_ExistingPath_ReplacesWholeMap()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", KvTestVault.Map(("a", "1"), ("b", "2"))));

        VaultAssert.NoContent(await vault.WriteAsync("kv/app", KvTestVault.Map(("c", "3"))));

        Assert.Equal("""{"c":"3"}""", VaultAssert.Ok(await vault.ReadAsync("kv/app")).ToJsonString());
    }

    [Fact]
    public async Task Read_Missing_Returns404WithEmptyErrors()
    {
        using var vault = await KvTestVault.WithV1Async();

        VaultAssert.Error(await vault.ReadAsync("kv/nothing"), 404);
    }

    [Fact]
    public async Task Read_WithoutTtl_LeaseDurationIsMountDefault()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", KvTestVault.Map(("k", "v"))));

        var response = await vault.ReadAsync("kv/app");

        VaultAssert.Ok(response);
        Assert.Equal(2764800, response!.LeaseDuration);
    }

    [Fact]
    public async Task Read_MountDefaultTtlTuned_LeaseDurationFollowsMount()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/kv/tune", new JsonObject { ["default_lease_ttl"] = "2h" }));
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", KvTestVault.Map(("k", "v"))));

        var response = await vault.ReadAsync("kv/app");

        VaultAssert.Ok(response);
        Assert.Equal(7200, response!.LeaseDuration);
    }

    [Theory]
    [InlineData("\"1h\"", 3600)]
    [InlineData("\"90s\"", 90)]
    [InlineData("45", 45)]
    [InlineData("\"30m\"", 1800)]
    public async Task Read_TtlInData_ReturnedAsLeaseDurationAndKeptInData(string ttlJson, long expected)
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["k"] = "v", ["ttl"] = JsonNode.Parse(ttlJson) }));

        var response = await vault.ReadAsync("kv/app");

        var data = VaultAssert.Ok(response);
        Assert.Equal(expected, response!.LeaseDuration);
        Assert.Equal(JsonNode.Parse(ttlJson)!.ToJsonString(), data["ttl"]!.ToJsonString());
    }

    [Fact]
    public async Task Write_InvalidTtl_Returns400AndStoresNothing()
    {
        using var vault = await KvTestVault.WithV1Async();

        var response = await vault.WriteAsync("kv/app", new JsonObject { ["k"] = "v", ["ttl"] = "not-a-duration" });

        Assert.Equal(400, response!.StatusCode);
        Assert.NotEmpty(response.Errors!);
        VaultAssert.Error(await vault.ReadAsync("kv/app"), 404);
    }

    [Fact]
    public async Task Write_EmptyBody_Returns400()
    {
        using var vault = await KvTestVault.WithV1Async();

        var response = await vault.WriteAsync("kv/app", []);

        VaultAssert.Error(response, 400, "missing data fields");
        VaultAssert.Error(await vault.ReadAsync("kv/app"), 404);
    }

    [Fact]
    public async Task Write_OptionsCas_Returns400AndStoresNothing()
    {
        using var vault = await KvTestVault.WithV1Async();

        var response = await vault.WriteAsync("kv/app", new JsonObject
        {
            ["k"] = "v",
            ["options"] = new JsonObject { ["cas"] = 0 },
        });

        Assert.Equal(400, response!.StatusCode);
        Assert.NotEmpty(response.Errors!);
        VaultAssert.Error(await vault.ReadAsync("kv/app"), 404);
    }

    [Fact]
    public async Task Write_OptionsWithoutCas_StoredVerbatim()
    {
        using var vault = await KvTestVault.WithV1Async();

        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["options"] = new JsonObject { ["x"] = "y" } }));

        Assert.Equal("""{"options":{"x":"y"}}""", VaultAssert.Ok(await vault.ReadAsync("kv/app")).ToJsonString());
    }

    [Fact]
    public async Task Write_FieldNamedPathOrRecursive_StoredVerbatim()
    {
        using var vault = await KvTestVault.WithV1Async();

        VaultAssert.NoContent(await vault.WriteAsync("kv/app", new JsonObject { ["path"] = "/etc", ["recursive"] = "yes" }));

        Assert.Equal("""{"path":"/etc","recursive":"yes"}""", VaultAssert.Ok(await vault.ReadAsync("kv/app")).ToJsonString());
        VaultAssert.Ok(await vault.ReadAsync("kv/app"));
    }

    [Fact]
    public async Task Delete_Existing_Returns204AndReadIs404()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", KvTestVault.Map(("k", "v"))));

        VaultAssert.NoContent(await vault.DeleteAsync("kv/app"));

        VaultAssert.Error(await vault.ReadAsync("kv/app"), 404);
        Assert.Empty(await vault.MountKeysAsync("kv"));
    }

    [Fact]
    public async Task Delete_Missing_Returns204()
    {
        using var vault = await KvTestVault.WithV1Async();

        VaultAssert.NoContent(await vault.DeleteAsync("kv/never-written"));
    }

    [Fact]
    public async Task List_Root_FoldersEndInSlashAndLeafAndFolderBothAppear()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/foo", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/foo/bar", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/zed/deep/x", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/alpha", KvTestVault.Map(("k", "v"))));

        var data = VaultAssert.Ok(await vault.ListAsync("kv/"));

        Assert.Equal(["alpha", "foo", "foo/", "zed/"], Keys(data));
    }

    [Fact]
    public async Task List_Folder_ReturnsOneLevelRelativeToFolder()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app/db", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/app/web/tls", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/other", KvTestVault.Map(("k", "v"))));

        var data = VaultAssert.Ok(await vault.ListAsync("kv/app/"));

        Assert.Equal(["db", "web/"], Keys(data));
    }

    [Fact]
    public async Task List_Leaf_Returns404()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", KvTestVault.Map(("k", "v"))));

        VaultAssert.Error(await vault.ListAsync("kv/app/"), 404);
    }

    [Fact]
    public async Task List_EmptyMount_Returns404()
    {
        using var vault = await KvTestVault.WithV1Async();

        VaultAssert.Error(await vault.ListAsync("kv/"), 404);
    }

    [Fact]
    public async Task List_AfterDeletingLastKeyOfFolder_FolderDisappears()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app/db", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/top", KvTestVault.Map(("k", "v"))));

        VaultAssert.NoContent(await vault.DeleteAsync("kv/app/db"));

        Assert.Equal(["top"], Keys(VaultAssert.Ok(await vault.ListAsync("kv/"))));
    }

    [Fact]
    public async Task List_RecursiveTrue_ReturnsEveryKeyBelowFolderAsRelativePaths()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app/db", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/app/web/tls/cert", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/app/web", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/other", KvTestVault.Map(("k", "v"))));

        var data = VaultAssert.Ok(await vault.ListRecursiveAsync("kv/app/"));

        Assert.Equal(["db", "web", "web/tls/cert"], Keys(data).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_RecursiveAtRoot_ReturnsEveryKeyOfMount()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/a", KvTestVault.Map(("k", "v"))));
        VaultAssert.NoContent(await vault.WriteAsync("kv/b/c", KvTestVault.Map(("k", "v"))));

        var data = VaultAssert.Ok(await vault.ListRecursiveAsync("kv/"));

        Assert.Equal(["a", "b/c"], Keys(data).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Mount_KvWithoutOptions_IsVersion1()
    {
        using var vault = await KvTestVault.WithV1Async();

        // A v1 mount has no data/ prefix: this is just a secret named "data/x".
        VaultAssert.NoContent(await vault.WriteAsync("kv/data/x", KvTestVault.Map(("k", "v"))));

        Assert.Equal("v", VaultAssert.Ok(await vault.ReadAsync("kv/data/x"))["k"]!.GetValue<string>());
        VaultAssert.Error(await vault.ReadAsync("kv/config"), 404);
    }

    [Fact]
    public async Task Write_OverStorageMaximum_Returns400AndStoresNothing()
    {
        using var vault = await KvTestVault.WithV1Async();

        var response = await vault.WriteAsync("kv/big", new JsonObject { ["blob"] = new string('x', 950 * 1024) });

        Assert.Equal(400, response!.StatusCode);
        Assert.NotEmpty(response.Errors!);
        VaultAssert.Error(await vault.ReadAsync("kv/big"), 404);
        Assert.Empty(await vault.MountKeysAsync("kv"));
    }

    [Fact]
    public async Task Patch_V1Path_Returns405()
    {
        using var vault = await KvTestVault.WithV1Async();
        VaultAssert.NoContent(await vault.WriteAsync("kv/app", KvTestVault.Map(("k", "v"))));

        var response = await vault.PatchAsync("kv/app", KvTestVault.Map(("k", "w")));

        VaultAssert.Error(response, 405, "unsupported operation");
    }

    internal static string[] Keys(JsonObject data) =>
        [.. Assert.IsType<JsonArray>(data["keys"]).Select(node => node!.GetValue<string>())];
}
