using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>KV v2 metadata/, subkeys/, listing and the mount's reported version, over HTTP on Table Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvV2MetadataTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    [Fact]
    public async Task Metadata_AfterWrites_ReportsEveryField()
    {
        var path = KvRequests.Unique("meta");
        var first = await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        var second = await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 2 });

        using var response = await Vault.SendAsync(HttpMethod.Get, $"secret/metadata/{path}");
        var data = (await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK))["data"]!.AsObject();
        Assert.Equal(
            ["cas_required", "created_time", "current_version", "custom_metadata", "delete_version_after", "max_versions", "oldest_version", "updated_time", "versions"],
            data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False(data["cas_required"]!.GetValue<bool>());
        Assert.Equal(first["created_time"]!.GetValue<string>(), data["created_time"]!.GetValue<string>());
        Assert.Equal(second["created_time"]!.GetValue<string>(), data["updated_time"]!.GetValue<string>());
        Assert.Equal(2, data["current_version"]!.GetValue<long>());
        Assert.Equal(1, data["oldest_version"]!.GetValue<long>());
        Assert.Null(data["custom_metadata"]);
        Assert.Equal("0s", data["delete_version_after"]!.GetValue<string>());
        Assert.Equal(0, data["max_versions"]!.GetValue<long>());
        Assert.Equal(first["created_time"]!.GetValue<string>(), data["versions"]!["1"]!["created_time"]!.GetValue<string>());
        Assert.Equal("", data["versions"]!["2"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task MetadataWrite_ThenPatch_ChangesSettingsWithoutANewVersion()
    {
        var path = KvRequests.Unique("settings");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });

        using var write = await Vault.SendAsync(HttpMethod.Post, $"secret/metadata/{path}", new JsonObject
        {
            ["max_versions"] = 5,
            ["cas_required"] = true,
            ["delete_version_after"] = "1h",
            ["custom_metadata"] = new JsonObject { ["owner"] = "team-a", ["env"] = "prod" },
        });
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        var written = (await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}"))["data"]!;
        Assert.Equal(5, written["max_versions"]!.GetValue<long>());
        Assert.True(written["cas_required"]!.GetValue<bool>());
        Assert.Equal("1h0m0s", written["delete_version_after"]!.GetValue<string>());
        Assert.Equal("""{"env":"prod","owner":"team-a"}""", written["custom_metadata"]!.ToJsonString());
        Assert.Equal(1, written["current_version"]!.GetValue<long>());

        // The data read carries custom_metadata too; cas_required on the key now refuses a write without cas.
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}");
        Assert.Equal("""{"env":"prod","owner":"team-a"}""", read["data"]!["metadata"]!["custom_metadata"]!.ToJsonString());
        using var withoutCas = await Vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = 2 }));
        Assert.Equal(["check-and-set parameter required for this call"], await HttpResponseAssert.ErrorAsync(withoutCas, HttpStatusCode.BadRequest));

        using var patch = await Vault.PatchAsync($"secret/metadata/{path}", new JsonObject
        {
            ["cas_required"] = false,
            ["custom_metadata"] = new JsonObject { ["owner"] = null, ["team"] = "b" },
        });
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var patched = (await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}"))["data"]!;
        Assert.Equal("""{"env":"prod","team":"b"}""", patched["custom_metadata"]!.ToJsonString());
        Assert.False(patched["cas_required"]!.GetValue<bool>());
        Assert.Equal(5, patched["max_versions"]!.GetValue<long>());
        Assert.Equal(1, patched["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task MetadataPatch_WithoutMergePatchOrOnMissingKey_Fails()
    {
        var path = KvRequests.Unique("metapatch");
        using var missing = await Vault.PatchAsync($"secret/metadata/{path}", new JsonObject { ["max_versions"] = 3 });
        await HttpResponseAssert.ErrorAsync(missing, HttpStatusCode.NotFound);

        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        using var json = await Vault.PatchAsync($"secret/metadata/{path}", new JsonObject { ["max_versions"] = 3 }, "application/json");
        await HttpResponseAssert.ErrorAsync(json, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task MetadataWrite_OnNewKey_CreatesMetadataWithoutVersions()
    {
        var path = KvRequests.Unique("prewrite");
        using var write = await Vault.SendAsync(HttpMethod.Post, $"secret/metadata/{path}", new { max_versions = 3 });
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);

        var data = (await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}"))["data"]!;
        Assert.Equal(0, data["current_version"]!.GetValue<long>());
        Assert.Empty(data["versions"]!.AsObject());
        using var read = await Vault.SendAsync(HttpMethod.Get, $"secret/data/{path}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(1, (await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 }, cas: 0))["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{"max_versions":"x"}""")]
    [InlineData("""{"max_versions":-1}""")]
    [InlineData("""{"cas_required":"perhaps"}""")]
    [InlineData("""{"delete_version_after":"later"}""")]
    [InlineData("""{"custom_metadata":"owner=a"}""")]
    [InlineData("""{"custom_metadata":{"owner":1}}""")]
    public async Task MetadataWrite_WrongTypes_Return400AndChangeNothing(string body)
    {
        var path = KvRequests.Unique("badmeta");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        var before = (await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}"))["data"]!.ToJsonString();

        using var response = await Vault.SendAsync(HttpMethod.Post, $"secret/metadata/{path}", body);
        Assert.NotEmpty(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(before, (await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}"))["data"]!.ToJsonString());
    }

    [Fact]
    public async Task MetadataDelete_RemovesEveryVersionAndTheKey()
    {
        var folder = KvRequests.Unique("delall");
        await Vault.WriteV2Async("secret", $"{folder}/s", new JsonObject { ["v"] = 1 });
        await Vault.WriteV2Async("secret", $"{folder}/s", new JsonObject { ["v"] = 2 });
        await Vault.WriteV2Async("secret", $"{folder}/keep", new JsonObject { ["v"] = 1 });

        using var delete = await Vault.SendAsync(HttpMethod.Delete, $"secret/metadata/{folder}/s");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        foreach (var path in new[] { $"secret/metadata/{folder}/s", $"secret/data/{folder}/s", $"secret/data/{folder}/s?version=1" })
        {
            using var read = await Vault.SendAsync(HttpMethod.Get, path);
            Assert.Empty(await HttpResponseAssert.ErrorAsync(read, HttpStatusCode.NotFound));
        }

        Assert.Equal(["keep"], KvRequests.Keys(await Vault.ReadJsonAsync(KvRequests.List, $"secret/metadata/{folder}")));
        using var again = await Vault.SendAsync(HttpMethod.Delete, $"secret/metadata/{folder}/s");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);

        // A new write starts again at version 1.
        Assert.Equal(1, (await Vault.WriteV2Async("secret", $"{folder}/s", new JsonObject { ["v"] = 3 }))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task MetadataList_VerbQueryAndRecursive_ListKeysNotVersions()
    {
        var folder = KvRequests.Unique("tree");
        foreach (var path in new[] { "a", "b", "sub/c", "sub/deep/d" })
        {
            await Vault.WriteV2Async("secret", $"{folder}/{path}", new JsonObject { ["v"] = 1 });
            await Vault.WriteV2Async("secret", $"{folder}/{path}", new JsonObject { ["v"] = 2 });
        }

        Assert.Equal(["a", "b", "sub/"], KvRequests.Keys(await Vault.ReadJsonAsync(KvRequests.List, $"secret/metadata/{folder}")));
        Assert.Equal(["a", "b", "sub/"], KvRequests.Keys(await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{folder}/?list=true")));
        Assert.Equal(["c", "deep/"], KvRequests.Keys(await Vault.ReadJsonAsync(KvRequests.List, $"secret/metadata/{folder}/sub/")));
        Assert.Equal(
            ["a", "b", "sub/c", "sub/deep/d"],
            KvRequests.Keys(await Vault.ReadJsonAsync(KvRequests.List, $"secret/metadata/{folder}?recursive=true")));
        Assert.Contains($"{folder}/", KvRequests.Keys(await Vault.ReadJsonAsync(KvRequests.List, "secret/metadata")));

        using var leaf = await Vault.SendAsync(KvRequests.List, $"secret/metadata/{folder}/a");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(leaf, HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("ünïcødé-名前")]
    [InlineData("hash#question?percent%back\\slash")]
    [InlineData("quote'dquote\"plus+amp&")]
    [InlineData("dots.in.name")]
    public async Task SpecialCharacterNames_RoundTripThroughDataMetadataAndList(string name)
    {
        var folder = KvRequests.Unique("names");
        var escaped = Uri.EscapeDataString(name);
        await Vault.WriteV2Async("secret", $"{folder}/{escaped}", new JsonObject { ["v"] = name });
        await Vault.WriteV2Async("secret", $"{folder}/{escaped}", new JsonObject { ["v"] = name + "2" });

        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{folder}/{escaped}?version=1");
        Assert.Equal(name, read["data"]!["data"]!["v"]!.GetValue<string>());
        Assert.Equal([name], KvRequests.Keys(await Vault.ReadJsonAsync(KvRequests.List, $"secret/metadata/{folder}")));
        var metadata = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{folder}/{escaped}");
        Assert.Equal(2, metadata["data"]!["current_version"]!.GetValue<long>());

        using var delete = await Vault.SendAsync(HttpMethod.Delete, $"secret/metadata/{folder}/{escaped}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var list = await Vault.SendAsync(KvRequests.List, $"secret/metadata/{folder}");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [Theory]
    [InlineData("", """{"a":{"b":{"c":null}},"d":null}""")]
    [InlineData("?depth=0", """{"a":{"b":{"c":null}},"d":null}""")]
    [InlineData("?depth=1", """{"a":null,"d":null}""")]
    [InlineData("?depth=2", """{"a":{"b":null},"d":null}""")]
    public async Task Subkeys_WithDepth_ReturnsStructureWithoutValues(string query, string expected)
    {
        var path = KvRequests.Unique("subkeys");
        await Vault.WriteV2Async("secret", path, JsonNode.Parse("""{"a":{"b":{"c":"secret-value"}},"d":42}""")!.AsObject());

        using var response = await Vault.SendAsync(HttpMethod.Get, $"secret/subkeys/{path}{query}");
        var data = (await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK))["data"]!;
        Assert.Equal(expected, data["subkeys"]!.ToJsonString());
        Assert.Equal(1, data["metadata"]!["version"]!.GetValue<long>());
        Assert.DoesNotContain("secret-value", data.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subkeys_OldVersionDeletedOrBadDepth_BehaveLikeDataReads()
    {
        var path = KvRequests.Unique("subver");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["old"] = 1 });
        await Vault.WriteV2Async("secret", path, new JsonObject { ["new"] = 1 });

        var first = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/subkeys/{path}?version=1");
        Assert.Equal("""{"old":null}""", first["data"]!["subkeys"]!.ToJsonString());

        (await Vault.SendAsync(HttpMethod.Delete, $"secret/data/{path}")).Dispose();
        using var deleted = await Vault.SendAsync(HttpMethod.Get, $"secret/subkeys/{path}");
        var body = await HttpResponseAssert.JsonAsync(deleted, HttpStatusCode.NotFound);
        Assert.False(body.ContainsKey("errors"));
        Assert.Equal(2, body["data"]!["metadata"]!["version"]!.GetValue<long>());

        using var negative = await Vault.SendAsync(HttpMethod.Get, $"secret/subkeys/{path}?depth=-1");
        await HttpResponseAssert.ErrorAsync(negative, HttpStatusCode.BadRequest);
        using var missing = await Vault.SendAsync(HttpMethod.Get, $"secret/subkeys/{KvRequests.Unique("none")}");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(missing, HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("kv-v2")]
    [InlineData("kv+version")]
    public async Task UiMounts_V2Mount_ReportsVersionTwoAsString(string kind)
    {
        var mount = await Vault.V2MountAsync(kind);
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"sys/internal/ui/mounts/{mount}/x/y");
        Assert.Equal($"{mount}/", read["data"]!["path"]!.GetValue<string>());
        Assert.Equal("kv", read["data"]!["type"]!.GetValue<string>());
        Assert.Equal("2", read["data"]!["options"]!["version"]!.GetValue<string>());

        var mounts = await Vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts");
        Assert.Equal("2", mounts["data"]![$"{mount}/"]!["options"]!["version"]!.GetValue<string>());
    }
}
