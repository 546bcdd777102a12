using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvDataPathsTests
{
    private const string CasMismatch = "check-and-set parameter did not match the current version";
    private const string CasRequired = "check-and-set parameter required for this call";

    [Fact]
    public async Task Write_NewKey_ReturnsVersion1Metadata()
    {
        using var vault = await KvTestVault.WithV2Async();
        var now = vault.Time.GetUtcNow();

        var data = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "v"))));

        Assert.Equal(1, data["version"]!.GetValue<long>());
        Assert.Equal("", data["deletion_time"]!.GetValue<string>());
        Assert.False(data["destroyed"]!.GetValue<bool>());
        Assert.True(data.ContainsKey("custom_metadata"));
        Assert.Null(data["custom_metadata"]);
        Assert.Equal(now, DateTimeOffset.Parse(data["created_time"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.EndsWith("Z", data["created_time"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_Repeatedly_VersionsCountUp()
    {
        using var vault = await KvTestVault.WithV2Async();

        for (var version = 1; version <= 4; version++)
        {
            await vault.PutVersionAsync("app", KvTestVault.Map(("n", version.ToString(CultureInfo.InvariantCulture))), version);
        }

        Assert.Equal("4", (await vault.ReadDataAsync("app"))["n"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_Latest_ReturnsDataAndVersionMetadata()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        vault.Time.Advance(TimeSpan.FromSeconds(1.5));
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);

        var response = VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));

        Assert.Equal("""{"k":"two"}""", response["data"]!.ToJsonString());
        var metadata = response["metadata"]!.AsObject();
        Assert.Equal(2, metadata["version"]!.GetValue<long>());
        Assert.Equal("2026-11-28T12:00:01.5Z", metadata["created_time"]!.GetValue<string>());
        Assert.Equal("", metadata["deletion_time"]!.GetValue<string>());
        Assert.False(metadata["destroyed"]!.GetValue<bool>());
        Assert.Null(metadata["custom_metadata"]);
    }

    [Fact]
    public async Task Read_OlderVersion_ComesFromItsOwnRow()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "three")), 3);

        Assert.Equal("one", (await vault.ReadDataAsync("app", 1))["k"]!.GetValue<string>());
        Assert.Equal("two", (await vault.ReadDataAsync("app", 2))["k"]!.GetValue<string>());
        Assert.Equal("three", (await vault.ReadDataAsync("app", 3))["k"]!.GetValue<string>());
        Assert.Equal(1, VaultAssert.Ok(await vault.ReadVersionAsync("app", 1))["metadata"]!["version"]!.GetValue<long>());

        // The superseded versions sit in rows of their own next to the metadata row; the current one does not.
        var keys = await vault.MountKeysAsync("secret");
        Assert.Contains("m/app", keys);
        Assert.Contains("m/app\u00011", keys);
        Assert.Contains("m/app\u00012", keys);
        Assert.DoesNotContain("m/app\u00013", keys);
    }

    [Fact]
    public async Task Read_VersionZero_ReturnsLatest()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);

        var response = VaultAssert.Ok(await vault.SendAsync(Operation.Read, "secret/data/app", new JsonObject { ["version"] = "0" }, TestVault.RootToken));

        Assert.Equal(2, response["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Read_UnknownVersion_Returns404WithEmptyErrors()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        VaultAssert.Error(await vault.ReadVersionAsync("app", 7), 404);
    }

    [Fact]
    public async Task Read_MissingKey_Returns404WithEmptyErrors()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.Error(await vault.ReadAsync("secret/data/nothing"), 404);
    }

    [Fact]
    public async Task Read_NegativeVersion_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        var response = await vault.ReadVersionAsync("app", -1);

        Assert.Equal(400, response!.StatusCode);
        Assert.NotEmpty(response.Errors!);
    }

    [Fact]
    public async Task Read_NonNumericVersion_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        var response = await vault.SendAsync(Operation.Read, "secret/data/app", new JsonObject { ["version"] = "latest" }, TestVault.RootToken);

        Assert.Equal(400, response!.StatusCode);
    }

    [Fact]
    public async Task Write_MissingData_Returns400NoDataProvided()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.Error(await vault.WriteAsync("secret/data/app", new JsonObject { ["options"] = new JsonObject { ["cas"] = 0 } }), 400, "no data provided");
        VaultAssert.Error(await vault.WriteAsync("secret/data/app", []), 400, "no data provided");
        VaultAssert.Error(await vault.ReadAsync("secret/data/app"), 404);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Fact]
    public async Task Write_DataNotAnObject_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.WriteAsync("secret/data/app", new JsonObject { ["data"] = "flat" });

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Error(await vault.ReadAsync("secret/data/app"), 404);
    }

    [Fact]
    public async Task Write_EmptyDataObject_StoresEmptyVersion()
    {
        using var vault = await KvTestVault.WithV2Async();

        await vault.PutVersionAsync("app", [], 1);

        Assert.Empty(await vault.ReadDataAsync("app"));
    }

    [Fact]
    public async Task Write_CasZeroOnAbsentKey_Succeeds()
    {
        using var vault = await KvTestVault.WithV2Async();

        var data = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "v")), cas: 0));

        Assert.Equal(1, data["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_CasZeroOnExistingKey_Returns400Mismatch()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);

        VaultAssert.Error(await vault.PutAsync("app", KvTestVault.Map(("k", "two")), cas: 0), 400, CasMismatch);

        Assert.Equal("one", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_CasEqualsCurrentVersion_Succeeds()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);

        var data = VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "two")), cas: 1));

        Assert.Equal(2, data["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(-1)]
    public async Task Write_CasNotCurrentVersion_Returns400MismatchAndWritesNothing(long cas)
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);

        VaultAssert.Error(await vault.PutAsync("app", KvTestVault.Map(("k", "three")), cas), 400, CasMismatch);

        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(2, metadata["current_version"]!.GetValue<long>());
        Assert.Equal("two", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_CasAsNumericString_Accepted()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);

        var response = await vault.WriteAsync("secret/data/app", new JsonObject
        {
            ["data"] = KvTestVault.Map(("k", "two")),
            ["options"] = new JsonObject { ["cas"] = "1" },
        });

        Assert.Equal(2, VaultAssert.Ok(response)["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_CasRequiredOnMountWithoutCas_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["cas_required"] = true }));

        VaultAssert.Error(await vault.PutAsync("app", KvTestVault.Map(("k", "v"))), 400, CasRequired);

        VaultAssert.Error(await vault.ReadAsync("secret/data/app"), 404);
        Assert.Equal(1, VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "v")), cas: 0))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_CasRequiredOnKeyWithoutCas_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["cas_required"] = true }));

        VaultAssert.Error(await vault.PutAsync("app", KvTestVault.Map(("k", "two"))), 400, CasRequired);
        Assert.Equal(2, VaultAssert.Ok(await vault.PutAsync("app", KvTestVault.Map(("k", "two")), cas: 1))["version"]!.GetValue<long>());

        // Another key of the same mount is not affected.
        await vault.PutVersionAsync("other", KvTestVault.Map(("k", "v")), 1);
    }

    [Fact]
    public async Task Write_OptionsWithoutCasButCasRequired_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["cas_required"] = true }));

        var response = await vault.WriteAsync("secret/data/app", new JsonObject
        {
            ["data"] = KvTestVault.Map(("k", "v")),
            ["options"] = new JsonObject(),
        });

        VaultAssert.Error(response, 400, CasRequired);
    }

    [Fact]
    public async Task Write_CasNotANumber_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.WriteAsync("secret/data/app", new JsonObject
        {
            ["data"] = KvTestVault.Map(("k", "v")),
            ["options"] = new JsonObject { ["cas"] = "abc" },
        });

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Error(await vault.ReadAsync("secret/data/app"), 404);
    }

    [Fact]
    public async Task Patch_MergesDataNullRemovesNestedObjectsMerge()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", new JsonObject
        {
            ["keep"] = "1",
            ["drop"] = "2",
            ["change"] = "3",
            ["nested"] = new JsonObject { ["a"] = "x", ["b"] = "y" },
        }, 1);

        var response = await vault.PatchAsync("secret/data/app", new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["drop"] = null,
                ["change"] = "changed",
                ["added"] = "new",
                ["nested"] = new JsonObject { ["b"] = null, ["c"] = "z" },
            },
        });

        Assert.Equal(2, VaultAssert.Ok(response)["version"]!.GetValue<long>());
        var data = await vault.ReadDataAsync("app");
        Assert.Equal("1", data["keep"]!.GetValue<string>());
        Assert.False(data.ContainsKey("drop"));
        Assert.Equal("changed", data["change"]!.GetValue<string>());
        Assert.Equal("new", data["added"]!.GetValue<string>());
        Assert.Equal("""{"a":"x","c":"z"}""", data["nested"]!.ToJsonString());
        Assert.Equal("2", (await vault.ReadDataAsync("app", 1))["drop"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_MissingKey_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.PatchAsync("secret/data/app", new JsonObject { ["data"] = KvTestVault.Map(("k", "v")) });

        VaultAssert.Error(response, 404);
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/app"), 404);
    }

    [Fact]
    public async Task Patch_LatestVersionSoftDeleted_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);
        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/app"));

        var response = await vault.PatchAsync("secret/data/app", new JsonObject { ["data"] = KvTestVault.Map(("k", "w")) });

        Assert.Equal(404, response!.StatusCode);
        Assert.Equal(1, VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"))["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_LatestVersionDestroyed_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);
        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "app", 1));

        var response = await vault.PatchAsync("secret/data/app", new JsonObject { ["data"] = KvTestVault.Map(("k", "w")) });

        Assert.Equal(404, response!.StatusCode);
    }

    [Fact]
    public async Task Patch_MetadataOnlyKey_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/metadata/app", new JsonObject { ["max_versions"] = 3 }));

        var response = await vault.PatchAsync("secret/data/app", new JsonObject { ["data"] = KvTestVault.Map(("k", "w")) });

        Assert.Equal(404, response!.StatusCode);
    }

    [Fact]
    public async Task Patch_OlderVersionDeletedButLatestLive_Succeeds()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("a", "1")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("a", "2")), 2);
        VaultAssert.NoContent(await vault.VersionsAsync("delete", "app", 1));

        var response = await vault.PatchAsync("secret/data/app", new JsonObject { ["data"] = KvTestVault.Map(("b", "3")) });

        Assert.Equal(3, VaultAssert.Ok(response)["version"]!.GetValue<long>());
        Assert.Equal("""{"a":"2","b":"3"}""", (await vault.ReadDataAsync("app")).ToJsonString());
    }

    [Fact]
    public async Task Patch_MissingKeyWithCasRequired_Returns404()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["cas_required"] = true }));

        var response = await vault.PatchAsync("secret/data/app", new JsonObject { ["data"] = KvTestVault.Map(("k", "v")) });

        // Vault's pathDataPatch looks the key up before it checks the cas.
        Assert.Equal(404, response!.StatusCode);
    }

    [Fact]
    public async Task Patch_CasMismatch_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        var response = await vault.PatchAsync("secret/data/app", new JsonObject
        {
            ["data"] = KvTestVault.Map(("k", "w")),
            ["options"] = new JsonObject { ["cas"] = 5 },
        });

        VaultAssert.Error(response, 400, CasMismatch);
        Assert.Equal("v", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_CasRequiredWithoutCas_Returns400()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["cas_required"] = true }));

        var response = await vault.PatchAsync("secret/data/app", new JsonObject { ["data"] = KvTestVault.Map(("k", "w")) });

        VaultAssert.Error(response, 400, CasRequired);
    }

    [Fact]
    public async Task Patch_MatchingCas_Succeeds()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        var response = await vault.PatchAsync("secret/data/app", new JsonObject
        {
            ["data"] = KvTestVault.Map(("k", "w")),
            ["options"] = new JsonObject { ["cas"] = 1 },
        });

        Assert.Equal(2, VaultAssert.Ok(response)["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_MissingData_Returns400NoDataProvided()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        VaultAssert.Error(await vault.PatchAsync("secret/data/app", []), 400, "no data provided");
    }

    [Fact]
    public async Task Delete_Data_SoftDeletesLatestOnly()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        vault.Time.Advance(TimeSpan.FromMinutes(1));
        var deletedAt = vault.Time.GetUtcNow();

        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/app"));

        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
        Assert.Equal(2, metadata["version"]!.GetValue<long>());
        Assert.Equal(deletedAt, DateTimeOffset.Parse(metadata["deletion_time"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.False(metadata["destroyed"]!.GetValue<bool>());
        Assert.Equal("one", (await vault.ReadDataAsync("app", 1))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_DataOfMissingKey_Returns204()
    {
        using var vault = await KvTestVault.WithV2Async();

        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/nothing"));

        VaultAssert.Error(await vault.ReadAsync("secret/metadata/nothing"), 404);
    }

    [Fact]
    public async Task Write_AfterLatestSoftDeleted_NewVersionReadable()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/app"));

        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);

        Assert.Equal("two", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
        KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 1));
    }

    [Fact]
    public async Task Write_OverStorageMaximum_Returns400AndWritesNothing()
    {
        using var vault = await KvTestVault.WithV2Async();

        var response = await vault.PutAsync("big", KvTestVault.Map(("blob", new string('x', 950 * 1024))));

        Assert.Equal(400, response!.StatusCode);
        Assert.NotEmpty(response.Errors!);
        VaultAssert.Error(await vault.ReadAsync("secret/data/big"), 404);
        Assert.DoesNotContain(await vault.MountKeysAsync("secret"), key => key.StartsWith("m/big", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_OverStorageMaximumOnExistingKey_KeepsCurrentVersion()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("big", KvTestVault.Map(("k", "small")), 1);

        var response = await vault.PutAsync("big", KvTestVault.Map(("blob", new string('x', 950 * 1024))));

        Assert.Equal(400, response!.StatusCode);
        Assert.Equal("small", (await vault.ReadDataAsync("big"))["k"]!.GetValue<string>());
        Assert.Equal(1, VaultAssert.Ok(await vault.ReadAsync("secret/metadata/big"))["current_version"]!.GetValue<long>());
        Assert.DoesNotContain("m/big\u00011", await vault.MountKeysAsync("secret"));
    }

    [Fact]
    public async Task Delete_LargestStorableSecret_SoftDeletes()
    {
        using var vault = await KvTestVault.WithV2Async();

        // The largest value whose metadata row (data included) the storage still takes, found by bisection.
        int low = 800 * 1024, high = 950 * 1024;
        while (high - low > 1)
        {
            var size = (low + high) / 2;
            var response = await vault.PutAsync("probe" + size.ToString(CultureInfo.InvariantCulture), KvTestVault.Map(("blob", new string('x', size))));
            (low, high) = response is { Errors: null } ? (size, high) : (low, size);
        }

        await vault.PutVersionAsync("big", KvTestVault.Map(("blob", new string('x', low))), 1);

        // Recording a deletion time must not need more room than the version's data already had.
        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/big"));
        KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/big"));
        VaultAssert.NoContent(await vault.VersionsAsync("undelete", "big", 1));
        VaultAssert.Ok(await vault.ReadAsync("secret/data/big"));
    }

    [Fact]
    public async Task Write_DeepPath_ReadBack()
    {
        using var vault = await KvTestVault.WithV2Async();

        await vault.PutVersionAsync("team/app/db", KvTestVault.Map(("k", "v")), 1);

        Assert.Equal("v", (await vault.ReadDataAsync("team/app/db"))["k"]!.GetValue<string>());
        VaultAssert.Error(await vault.ReadAsync("secret/data/team/app"), 404);
    }
}
