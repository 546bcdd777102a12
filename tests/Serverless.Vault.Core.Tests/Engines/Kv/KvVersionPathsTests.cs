using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvVersionPathsTests
{
    [Fact]
    public async Task Delete_Versions_ReadsAs404WithDeletionTime()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "three")), 3);
        vault.Time.Advance(TimeSpan.FromSeconds(10));

        VaultAssert.NoContent(await vault.VersionsAsync("delete", "app", 1, 3));

        var first = KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 1));
        Assert.Equal(1, first["version"]!.GetValue<long>());
        Assert.Equal(vault.Time.GetUtcNow(), DateTimeOffset.Parse(first["deletion_time"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.False(first["destroyed"]!.GetValue<bool>());
        KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
        Assert.Equal("two", (await vault.ReadDataAsync("app", 2))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_VersionsAsCommaString_Accepted()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);

        VaultAssert.NoContent(await vault.WriteAsync("secret/delete/app", new JsonObject { ["versions"] = "1,2" }));

        KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 1));
        KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 2));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("undelete")]
    [InlineData("destroy")]
    public async Task Change_EmptyVersionList_Returns400(string verb)
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        VaultAssert.Error(await vault.VersionsAsync(verb, "app"), 400, "no version number provided");
        VaultAssert.Error(await vault.WriteAsync($"secret/{verb}/app", []), 400, "no version number provided");

        VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("undelete")]
    [InlineData("destroy")]
    public async Task Change_NonPositiveVersion_Returns400(string verb)
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        var response = await vault.VersionsAsync(verb, "app", 0);

        Assert.Equal(400, response!.StatusCode);
        VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("undelete")]
    [InlineData("destroy")]
    public async Task Change_MissingKeyOrUnknownVersion_Returns204(string verb)
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);

        VaultAssert.NoContent(await vault.VersionsAsync(verb, "nothing", 1));
        VaultAssert.NoContent(await vault.VersionsAsync(verb, "app", 9));

        VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
        VaultAssert.Error(await vault.ReadAsync("secret/metadata/nothing"), 404);
    }

    [Fact]
    public async Task Undelete_SoftDeletedVersions_ReadableAgain()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        VaultAssert.NoContent(await vault.VersionsAsync("delete", "app", 1, 2));

        VaultAssert.NoContent(await vault.VersionsAsync("undelete", "app", 1, 2));

        Assert.Equal("one", (await vault.ReadDataAsync("app", 1))["k"]!.GetValue<string>());
        var latest = VaultAssert.Ok(await vault.ReadAsync("secret/data/app"));
        Assert.Equal("two", latest["data"]!["k"]!.GetValue<string>());
        Assert.Equal("", latest["metadata"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Undelete_DataDeleteOfLatest_ReadableAgain()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/app"));

        VaultAssert.NoContent(await vault.VersionsAsync("undelete", "app", 1));

        Assert.Equal("one", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Destroy_OlderVersion_RemovesItsRowAndReadsAsDestroyed()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        Assert.Contains("m/app\u00011", await vault.MountKeysAsync("secret"));

        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "app", 1));

        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 1));
        Assert.True(metadata["destroyed"]!.GetValue<bool>());
        Assert.Equal("", metadata["deletion_time"]!.GetValue<string>());
        Assert.DoesNotContain(await vault.MountKeysAsync("secret"), key => key.EndsWith("\u00011", StringComparison.Ordinal));
        Assert.Equal("two", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
        Assert.True(VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"))["versions"]!["1"]!["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Destroy_CurrentVersion_DataGoneFromMetadataRow()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("marker", "secret-value-1")), 1);

        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "app", 1));

        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
        Assert.True(metadata["destroyed"]!.GetValue<bool>());
        var keys = await vault.MountKeysAsync("secret");
        Assert.DoesNotContain(keys, key => key.EndsWith("\u00011", StringComparison.Ordinal));
        Assert.Contains("m/app", keys);

        // The metadata row is the only place the current version's data lived: the record no longer carries it.
        var record = await vault.Get<Serverless.Vault.Core.Barrier.IBarrier>().Storage.GetAsync(
            "logical/" + await vault.MountUuidAsync("secret") + "/m/app", CancellationToken.None);
        var text = global::System.Text.Encoding.UTF8.GetString(record!.Value);
        Assert.DoesNotContain("secret-value-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destroy_CurrentThenWrite_NewVersionAndNoRowForDestroyed()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "app", 1));

        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);

        Assert.Equal("two", (await vault.ReadDataAsync("app"))["k"]!.GetValue<string>());
        Assert.True(KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 1))["destroyed"]!.GetValue<bool>());
        Assert.DoesNotContain(await vault.MountKeysAsync("secret"), key => key.EndsWith("\u00011", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Undelete_DestroyedVersion_StaysDestroyed()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "app", 1));

        VaultAssert.NoContent(await vault.VersionsAsync("undelete", "app", 1));

        Assert.True(KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 1))["destroyed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Destroy_SoftDeletedVersion_ShowsBothDeletionTimeAndDestroyed()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "two")), 2);
        VaultAssert.NoContent(await vault.VersionsAsync("delete", "app", 1));

        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "app", 1));

        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadVersionAsync("app", 1));
        Assert.True(metadata["destroyed"]!.GetValue<bool>());
        Assert.NotEqual("", metadata["deletion_time"]!.GetValue<string>());
        Assert.DoesNotContain("m/app\u00011", await vault.MountKeysAsync("secret"));
    }

    [Fact]
    public async Task Delete_AlreadyDeletedVersion_KeepsFirstDeletionTime()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "one")), 1);
        VaultAssert.NoContent(await vault.VersionsAsync("delete", "app", 1));
        var first = KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"))["deletion_time"]!.GetValue<string>();
        vault.Time.Advance(TimeSpan.FromMinutes(5));

        VaultAssert.NoContent(await vault.VersionsAsync("delete", "app", 1));

        Assert.Equal(first, KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"))["deletion_time"]!.GetValue<string>());
    }
    [Fact]
    public async Task Destroy_MoreThan99VersionsAtOnce_AllDestroyed()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 150 }));
        for (var version = 1; version <= 120; version++)
        {
            await vault.PutVersionAsync("app", KvTestVault.Map(("n", version.ToString(CultureInfo.InvariantCulture))), version);
        }

        // One storage batch holds 100 writes; destroying 110 older versions needs 110 row deletes plus the metadata.
        VaultAssert.NoContent(await vault.VersionsAsync("destroy", "app", [.. Enumerable.Range(1, 110).Select(v => (long)v)]));

        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.True(metadata["versions"]!["1"]!["destroyed"]!.GetValue<bool>());
        Assert.True(metadata["versions"]!["110"]!["destroyed"]!.GetValue<bool>());
        var rows = (await vault.MountKeysAsync("secret")).Where(key => key.Contains('\u0001', StringComparison.Ordinal)).ToArray();
        Assert.Equal(9, rows.Length);
    }

    [Fact]
    public async Task Delete_VersionWithFutureAutoDeletion_DeletedNow()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["delete_version_after"] = "1h" }));
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "v")), 1);
        vault.Time.Advance(TimeSpan.FromMinutes(5));

        VaultAssert.NoContent(await vault.DeleteAsync("secret/data/app"));

        var metadata = KvTestVault.AssertDeletedVersion(await vault.ReadAsync("secret/data/app"));
        Assert.Equal(vault.Time.GetUtcNow(), DateTimeOffset.Parse(metadata["deletion_time"]!.GetValue<string>(), CultureInfo.InvariantCulture));
    }
}
