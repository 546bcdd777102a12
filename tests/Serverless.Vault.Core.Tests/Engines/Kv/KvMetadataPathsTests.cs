using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvMetadataPathsTests
{
    [Fact]
    public async Task Read_AfterWrites_ReturnsAllFields()
    {
        using var vault = await KvTestVault.WithV2Async();
        var created = vault.Time.GetUtcNow();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        vault.Time.Advance(TimeSpan.FromSeconds(30));
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        var updated = vault.Time.GetUtcNow();

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));

        Assert.Equal(
            ["cas_required", "created_time", "current_version", "custom_metadata", "delete_version_after", "max_versions", "oldest_version", "updated_time", "versions"],
            data.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.False(data["cas_required"]!.GetValue<bool>());
        Assert.Equal(created, Time(data["created_time"]));
        Assert.Equal(2, data["current_version"]!.GetValue<long>());
        Assert.Null(data["custom_metadata"]);
        Assert.Equal("0s", data["delete_version_after"]!.GetValue<string>());
        Assert.Equal(0, data["max_versions"]!.GetValue<long>());
        Assert.Equal(1, data["oldest_version"]!.GetValue<long>());
        Assert.Equal(updated, Time(data["updated_time"]));
        var versions = data["versions"]!.AsObject();
        Assert.Equal(["1", "2"], versions.Select(pair => pair.Key));
        Assert.Equal(created, Time(versions["1"]!["created_time"]));
        Assert.Equal("", versions["1"]!["deletion_time"]!.GetValue<string>());
        Assert.False(versions["1"]!["destroyed"]!.GetValue<bool>());
        Assert.Equal(updated, Time(versions["2"]!["created_time"]));
    }

    [Fact]
    public async Task Read_Missing_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.Error(await vault.ReadAsync("secret/metadata/nothing"), 404);
    }

    [Fact]
    public async Task Write_WithoutData_CreatesMetadataAtVersion0()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject
        {
            ["max_versions"] = 3,
            ["cas_required"] = true,
            ["delete_version_after"] = "2h",
            ["custom_metadata"] = new JsonObject { ["owner"] = "team-a" },
        }));

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(0, data["current_version"]!.GetValue<long>());
        Assert.Equal(3, data["max_versions"]!.GetValue<long>());
        Assert.True(data["cas_required"]!.GetValue<bool>());
        Assert.Equal("2h0m0s", data["delete_version_after"]!.GetValue<string>());
        Assert.Equal("""{"owner":"team-a"}""", data["custom_metadata"]!.ToJsonString());
        Assert.Empty(data["versions"]!.AsObject());
        VaultAssert.Error(await vault.ReadAsync("secret/data/app"), 404);
    }

    [Fact]
    public async Task Write_MetadataThenCasZero_Succeeds()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["cas_required"] = true }));

        var written = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "v")), cas: 0));

        Assert.Equal(1, written["version"]!.GetValue<long>());
        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_CustomMetadata_ReturnedWithDataReads()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["custom_metadata"] = new JsonObject { ["b"] = "2", ["a"] = "1" } }));

        var read = VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
        Assert.Equal("""{"a":"1","b":"2"}""", read["metadata"]!["custom_metadata"]!.ToJsonString());
        var written = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "w"))));
        Assert.Equal("""{"a":"1","b":"2"}""", written["custom_metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Write_ExistingKey_DoesNotAddVersionAndKeepsData()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["max_versions"] = 5 }));

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(1, data["current_version"]!.GetValue<long>());
        Assert.Equal(5, data["max_versions"]!.GetValue<long>());
        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_CustomMetadata65Keys_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        var custom = new JsonObject();
        for (var i = 0; i < 65; i++)
        {
            custom["k" + i.ToString(CultureInfo.InvariantCulture)] = "v";
        }

        var response = await vault.WriteAsync("secret/metadata/app", new JsonObject { ["custom_metadata"] = custom });

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Fact]
    public async Task Write_CustomMetadata64Keys128ByteKey512ByteValue_Accepted()
    {
        using var vault = await KvTestVault.WithV2Async();
        var custom = new JsonObject { [new string('k', 128)] = new string('v', 512) };
        for (var i = 1; i < 64; i++)
        {
            custom["k" + i.ToString(CultureInfo.InvariantCulture)] = "v";
        }

        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["custom_metadata"] = custom }));

        Assert.Equal(64, VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"))["custom_metadata"]!.AsObject().Count);
    }

    [Fact]
    public async Task Write_CustomMetadataKeyOf129Bytes_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.WriteAsync("secret/metadata/app", new JsonObject
        {
            ["custom_metadata"] = new JsonObject { [new string('k', 129)] = "v" },
        });

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Fact]
    public async Task Write_CustomMetadataMultibyteKeyOver128Bytes_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        // 65 characters, 130 UTF-8 bytes: the limit counts bytes.
        var response = await vault.WriteAsync("secret/metadata/app", new JsonObject
        {
            ["custom_metadata"] = new JsonObject { [new string('é', 65)] = "v" },
        });

        Assert.Equal(400, response!.StatusCode);
    }

    [Fact]
    public async Task Write_CustomMetadataValueOf513Bytes_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.WriteAsync("secret/metadata/app", new JsonObject
        {
            ["custom_metadata"] = new JsonObject { ["k"] = new string('v', 513) },
        });

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("""{"a":"b"}""")]
    [InlineData("""["a"]""")]
    public async Task Write_CustomMetadataNonStringValue_Returns400(string valueJson)
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.WriteAsync("secret/metadata/app", new JsonObject
        {
            ["custom_metadata"] = new JsonObject { ["k"] = JsonNode.Parse(valueJson) },
        });

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Fact]
    public async Task Write_NegativeMaxVersions_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.Error(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["max_versions"] = -2 }), 400, "max_versions cannot be negative");
    }

    [Fact]
    public async Task Write_NegativeDeleteVersionAfter_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.WriteAsync("secret/metadata/app", new JsonObject { ["delete_version_after"] = "-5m" });

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Fact]
    public async Task Patch_CustomMetadata_MergesAndNullRemoves()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject
        {
            ["max_versions"] = 4,
            ["custom_metadata"] = new JsonObject { ["keep"] = "1", ["drop"] = "2", ["change"] = "3" },
        }));

        VaultAssert.NoContent(await vault.PatchAsync("secret/metadata/app", new JsonObject
        {
            ["custom_metadata"] = new JsonObject { ["drop"] = null, ["change"] = "changed", ["added"] = "4" },
        }));

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal("""{"added":"4","change":"changed","keep":"1"}""", data["custom_metadata"]!.ToJsonString());
        Assert.Equal(4, data["max_versions"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_OnlyMaxVersions_KeepsCustomMetadataAndOtherFields()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject
        {
            ["cas_required"] = true,
            ["delete_version_after"] = "1h",
            ["custom_metadata"] = new JsonObject { ["owner"] = "a" },
        }));

        VaultAssert.NoContent(await vault.PatchAsync("secret/metadata/app", new JsonObject { ["max_versions"] = 2 }));

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(2, data["max_versions"]!.GetValue<long>());
        Assert.True(data["cas_required"]!.GetValue<bool>());
        Assert.Equal("1h0m0s", data["delete_version_after"]!.GetValue<string>());
        Assert.Equal("""{"owner":"a"}""", data["custom_metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Patch_MissingKey_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.Error(await vault.PatchAsync("secret/metadata/app", new JsonObject { ["max_versions"] = 2 }), 404);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Fact]
    public async Task Patch_CustomMetadataOverLimit_Returns400AndKeepsOld()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["custom_metadata"] = new JsonObject { ["a"] = "1" } }));

        var response = await vault.PatchAsync("secret/metadata/app", new JsonObject
        {
            ["custom_metadata"] = new JsonObject { ["a"] = new string('v', 513) },
        });

        Assert.Equal(400, response!.StatusCode);
        Assert.Equal("""{"a":"1"}""", VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"))["custom_metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task Patch_CustomMetadataNonStringValue_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["custom_metadata"] = new JsonObject { ["a"] = "1" } }));

        var response = await vault.PatchAsync("secret/metadata/app", new JsonObject { ["custom_metadata"] = new JsonObject { ["a"] = 5 } });

        Assert.Equal(400, response!.StatusCode);
    }

    [Fact]
    public async Task Delete_Metadata_RemovesAllVersionsAndRows()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 5 }));
        for (var version = 1; version <= 4; version++)
        {
            await vault.PutVersionAsync("team/app", KvTestVault.Map(("n", version.ToString(CultureInfo.InvariantCulture))), version);
        }

        VaultAssert.NoContent(await vault.VersionsAsync("delete", "team/app", 2));
        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "team/app", 3));
        Assert.Contains(await vault.MountKeysAsync("secret"), key => key.StartsWith("m/team/app\u0001", StringComparison.Ordinal));

        VaultAssert.NoContent(await vault.DeleteAsync("secret/metadata/team/app"));

        VaultAssert.Error(await vault.ReadAsync("secret/metadata/team/app"), 404);
        VaultAssert.Error(await vault.ReadAsync("secret/data/team/app"), 404);
        VaultAssert.Error(await vault.ReadVersionAsync("team/app", 1), 404);
        Assert.DoesNotContain(await vault.MountKeysAsync("secret"), key => key is not ("config" or "upgraded"));
    }

    [Fact]
    public async Task Delete_MetadataThenWrite_StartsAtVersion1()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        VaultAssert.NoContent(await vault.DeleteAsync("secret/metadata/app"));

        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "fresh")), 1);

        Assert.Equal("fresh", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
        VaultAssert.Error(await vault.ReadVersionAsync("app", 2), 404);
    }

    [Fact]
    public async Task Delete_MissingMetadata_Returns204()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.DeleteAsync("secret/metadata/nothing"));
    }

    [Fact]
    public async Task Delete_MetadataOfOneKey_LeavesSiblingsAlone()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        await vault.PutVersionAsync("apple", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("apple", KvTestVault.Map(("k", "two")), 2);

        VaultAssert.NoContent(await vault.DeleteAsync("secret/metadata/app"));

        Assert.Equal("one", (await vault.ReadDataAsync("apple", 1))["k"]!.GetValue<string>());
        Assert.Equal("two", (await vault.ReadDataAsync("apple"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_Root_FoldersEndInSlashAndVersionRowsNeverAppear()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "three")), 3);
        await vault.PutVersionAsync("app/db", KvTestVault.Map(("k", "v")), 1);
        await vault.PutVersionAsync("app/db", KvTestVault.Map(("k", "w")), 2);
        await vault.PutVersionAsync("zed/x/y", KvTestVault.Map(("k", "v")), 1);

        var data = VaultAssert.Ok(await vault.ListAsync("secret/metadata/"));

        Assert.Equal(["app", "app/", "zed/"], KvV1BackendTests.Keys(data));
        Assert.Equal(["db"], KvV1BackendTests.Keys(VaultAssert.Ok(await vault.ListAsync("secret/metadata/app/"))));
    }

    [Fact]
    public async Task List_Recursive_EveryKeyRelativeWithoutVersionRows()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        await vault.PutVersionAsync("team/db", KvTestVault.Map(("k", "v")), 1);
        await vault.PutVersionAsync("team/db", KvTestVault.Map(("k", "w")), 2);
        await vault.PutVersionAsync("team/web/tls", KvTestVault.Map(("k", "v")), 1);

        var all = VaultAssert.Ok(await vault.ListRecursiveAsync("secret/metadata/"));
        var team = VaultAssert.Ok(await vault.ListRecursiveAsync("secret/metadata/team/"));

        Assert.Equal(["app", "team/db", "team/web/tls"], KvV1BackendTests.Keys(all).Order(StringComparer.Ordinal));
        Assert.Equal(["db", "web/tls"], KvV1BackendTests.Keys(team).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_IncludesMetadataOnlyAndSoftDeletedKeys()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/configured", new JsonObject { ["max_versions"] = 2 }));
        await vault.PutVersionAsync("deleted", KvTestVault.Map(("k", "v")), 1);
        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/deleted"));

        var data = VaultAssert.Ok(await vault.ListAsync("secret/metadata/"));

        Assert.Equal(["configured", "deleted"], KvV1BackendTests.Keys(data));
    }

    [Fact]
    public async Task List_EmptyMountOrLeafOrAfterMetadataDelete_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.Error(await vault.ListAsync("secret/metadata/"), 404);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);

        VaultAssert.Error(await vault.ListAsync("secret/metadata/app/"), 404);
        VaultAssert.NoContent(await vault.DeleteAsync("secret/metadata/app"));
        VaultAssert.Error(await vault.ListAsync("secret/metadata/"), 404);
    }

    [Fact]
    public async Task MaxVersions_OnMount_PrunesOldest()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 2 }));

        for (var version = 1; version <= 4; version++)
        {
            await vault.PutVersionAsync("app", KvTestVault.Map(("n", version.ToString(CultureInfo.InvariantCulture))), version);
        }

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(3, data["oldest_version"]!.GetValue<long>());
        Assert.Equal(4, data["current_version"]!.GetValue<long>());
        Assert.Equal(["3", "4"], data["versions"]!.AsObject().Select(pair => pair.Key));
        VaultAssert.Error(await vault.ReadVersionAsync("app", 1), 404);
        VaultAssert.Error(await vault.ReadVersionAsync("app", 2), 404);
        Assert.Equal("3", (await vault.ReadDataAsync("app", 3))["n"]!.GetValue<string>());
        var keys = await vault.MountKeysAsync("secret");
        Assert.DoesNotContain("m/app\u00011", keys);
        Assert.DoesNotContain("m/app\u00012", keys);
        Assert.Contains("m/app\u00013", keys);
    }

    [Fact]
    public async Task MaxVersions_OnKey_PrunesOldestAndOverridesMount()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 5 }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["max_versions"] = 1 }));

        await vault.PutVersionAsync("app", KvTestVault.Map(("n", "1")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("n", "2")), 2);

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(2, data["oldest_version"]!.GetValue<long>());
        Assert.Equal(["2"], data["versions"]!.AsObject().Select(pair => pair.Key));
        VaultAssert.Error(await vault.ReadVersionAsync("app", 1), 404);
        Assert.DoesNotContain(await vault.MountKeysAsync("secret"), key => key.Contains('\u0001', StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaxVersions_Default_Keeps10()
    {
        using var vault = await KvTestVault.WithV2Async();

        for (var version = 1; version <= 11; version++)
        {
            await vault.PutVersionAsync("app", KvTestVault.Map(("n", version.ToString(CultureInfo.InvariantCulture))), version);
        }

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(2, data["oldest_version"]!.GetValue<long>());
        Assert.Equal(10, data["versions"]!.AsObject().Count);
        VaultAssert.Error(await vault.ReadVersionAsync("app", 1), 404);
    }

    [Fact]
    public async Task MaxVersions_Lowered_PrunesOnNextWrite()
    {
        using var vault = await KvTestVault.WithV2Async();
        for (var version = 1; version <= 5; version++)
        {
            await vault.PutVersionAsync("app", KvTestVault.Map(("n", version.ToString(CultureInfo.InvariantCulture))), version);
        }

        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["max_versions"] = 2 }));
        await vault.PutVersionAsync("app", KvTestVault.Map(("n", "6")), 6);

        var data = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(5, data["oldest_version"]!.GetValue<long>());
        Assert.Equal(["5", "6"], data["versions"]!.AsObject().Select(pair => pair.Key));
        var versionRows = (await vault.MountKeysAsync("secret")).Where(key => key.Contains('\u0001', StringComparison.Ordinal));
        Assert.Equal(["m/app\u00015"], versionRows);
    }

    [Fact]
    public async Task DeleteVersionAfter_OnMount_VersionReadsDeletedOncePassed()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        var written = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "v"))));
        var expected = vault.Time.GetUtcNow().AddHours(1);
        Assert.Equal(expected, Time(written["deletion_time"]));

        vault.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());

        vault.Time.Advance(TimeSpan.FromMinutes(2));
        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
        Assert.Equal(expected, Time(metadata["deletion_time"]));
        Assert.False(metadata["destroyed"]!.GetValue<bool>());
        Assert.Equal(expected, Time(VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"))["versions"]!["1"]!["deletion_time"]));
    }

    [Fact]
    public async Task DeleteVersionAfter_OnKey_VersionReadsDeletedOncePassed()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["delete_version_after"] = "30m" }));
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);
        await vault.PutVersionAsync("other", KvTestVault.Map(("k", "v")), 1);

        vault.Time.Advance(TimeSpan.FromMinutes(31));

        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
        Assert.NotEqual("", metadata["deletion_time"]!.GetValue<string>());
        VaultAssert.Ok(await vault.ReadAsync("secret/data/other"));
    }

    [Theory]
    [InlineData("2h", "30m", 30)]
    [InlineData("30m", "2h", 30)]
    [InlineData("0s", "45m", 45)]
    [InlineData("45m", "0s", 45)]
    public async Task DeleteVersionAfter_MountAndKey_SmallerNonZeroWins(string mount, string key, int minutes)
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = mount }));
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["delete_version_after"] = key }));
        var start = vault.Time.GetUtcNow();
        var written = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "v"))));
        Assert.Equal(start.AddMinutes(minutes), Time(written["deletion_time"]));

        vault.Time.Advance(TimeSpan.FromMinutes(minutes) - TimeSpan.FromSeconds(1));
        VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));

        vault.Time.Advance(TimeSpan.FromSeconds(2));
        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
        Assert.Equal(start.AddMinutes(minutes), Time(metadata["deletion_time"]));
    }

    [Fact]
    public async Task DeleteVersionAfter_SetAfterWrite_AppliesToNewVersionsOnly()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["delete_version_after"] = "1h" }));
        vault.Time.Advance(TimeSpan.FromHours(2));

        var written = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "two"))));

        // As in Vault, the deletion time is fixed when a version is written.
        Assert.Equal(vault.Time.GetUtcNow().AddHours(1), Time(written["deletion_time"]));
        Assert.Equal("one", (await vault.ReadDataAsync("app", 1))["k"]!.GetValue<string>());
        Assert.Equal("two", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
        vault.Time.Advance(TimeSpan.FromHours(1));
        KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
    }

    [Fact]
    public async Task Undelete_VersionExpiredByDeleteVersionAfter_ReadableAgain()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);
        vault.Time.Advance(TimeSpan.FromHours(2));
        KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));

        VaultAssert.NoContent(await vault.VersionsAsync("undelete", "app", 1));

        // Vault: undelete sets DeletionTime to nil and nothing sets it again, so the version is live from then on.
        var read = VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
        Assert.Equal("", read["metadata"]!["deletion_time"]!.GetValue<string>());
        Assert.Equal("v", read["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Undelete_SoftDeletedUnderDeleteVersionAfter_LiveUntilOriginalExpiry()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);
        VaultAssert.NoContent(await vault.VersionsAsync("delete", "app", 1));

        VaultAssert.NoContent(await vault.VersionsAsync("undelete", "app", 1));

        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);
}
