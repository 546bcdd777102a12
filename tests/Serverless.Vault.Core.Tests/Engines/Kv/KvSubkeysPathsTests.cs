using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvSubkeysPathsTests
{
    private static JsonObject Nested() => new()
    {
        ["foo"] = "abc",
        ["bar"] = new JsonObject
        {
            ["baz"] = "def",
            ["deep"] = new JsonObject { ["x"] = 1, ["y"] = new JsonArray(1, 2) },
        },
        ["flag"] = true,
    };

    [Fact]
    public async Task Read_DepthZero_WholeStructureWithNullLeaves()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", Nested(), 1);

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/subkeys/app"));

        Assert.Equal(
            """{"foo":null,"bar":{"baz":null,"deep":{"x":null,"y":null}},"flag":null}""",
            data["subkeys"]!.ToJsonString());
        Assert.Equal(1, data["metadata"]!["version"]!.GetValue<long>());
        Assert.Equal("", data["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.DoesNotContain("abc", data.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_Depth1_TopLevelKeysOnly()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", Nested(), 1);

        var data = VaultAssert.Ok(await Subkeys(vault, "app", depth: "1"));

        Assert.Equal("""{"foo":null,"bar":null,"flag":null}""", data["subkeys"]!.ToJsonString());
    }

    [Fact]
    public async Task Read_Depth2_StopsAtSecondLevel()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", Nested(), 1);

        var data = VaultAssert.Ok(await Subkeys(vault, "app", depth: "2"));

        Assert.Equal("""{"foo":null,"bar":{"baz":null,"deep":null},"flag":null}""", data["subkeys"]!.ToJsonString());
    }

    [Fact]
    public async Task Read_OlderVersion_UsesThatVersionsData()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("old", "1")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("new", "2")), 2);

        var data = VaultAssert.Ok(await Subkeys(vault, "app", version: "1"));

        Assert.Equal("""{"old":null}""", data["subkeys"]!.ToJsonString());
        Assert.Equal(1, data["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Read_MetadataOnlyKey_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["max_versions"] = 2 }));

        VaultAssert.Error(await vault.ReadAsync("secret/subkeys/app"), 404);
    }

    [Fact]
    public async Task Read_NegativeDepth_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", Nested(), 1);

        Assert.Equal(400, (await Subkeys(vault, "app", depth: "-1"))!.StatusCode);
    }

    [Fact]
    public async Task Read_MissingKeyOrVersion_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", Nested(), 1);

        VaultAssert.Error(await vault.ReadAsync("secret/subkeys/nothing"), 404);
        VaultAssert.Error(await Subkeys(vault, "app", version: "5"), 404);
    }

    [Fact]
    public async Task Read_DeletedVersion_Returns404WithMetadataAndNullSubkeys()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", Nested(), 1);
        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/app"));

        var response = await vault.ReadAsync("secret/subkeys/app");

        // Vault (path_subkeys.go) answers {"subkeys": null, "metadata": {...}} with status 404.
        var metadata = KvTestVault.AssertDeletedVersion(response, dataKey: "subkeys");
        Assert.NotEqual("", metadata["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_EmptyNestedObject_IsALeaf()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", new JsonObject { ["empty"] = new JsonObject(), ["k"] = "v" }, 1);

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/subkeys/app"));

        // Vault's removeValues walks a map only when it has keys; an empty one becomes null like any leaf.
        Assert.Equal("""{"empty":null,"k":null}""", data["subkeys"]!.ToJsonString());
    }

    private static Task<VaultResponse?> Subkeys(TestVault vault, string path, string? depth = null, string? version = null)
    {
        var query = new JsonObject();
        if (depth is not null)
        {
            query["depth"] = depth;
        }

        if (version is not null)
        {
            query["version"] = version;
        }

        return vault.SendAsync(Operation.Read, "secret/subkeys/" + path, query, TestVault.RootToken);
    }
}
