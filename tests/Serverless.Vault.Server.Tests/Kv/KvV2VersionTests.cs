using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>KV v2 delete/, undelete/, destroy/ and max_versions over HTTP on Table Storage (Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvV2VersionTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    [Theory]
    [InlineData("secret")]
    [InlineData("kv-v2")]
    public async Task DeleteUndeleteDestroy_ChangeOnlyTheNamedVersions(string kind)
    {
        var mount = await Vault.V2MountAsync(kind);
        var path = KvRequests.Unique("versions");
        for (var i = 1; i <= 3; i++)
        {
            await Vault.WriteV2Async(mount, path, new JsonObject { ["v"] = i });
        }

        await ExpectNoContentAsync($"{mount}/delete/{path}", new { versions = new[] { 1, 3 } });
        await ExpectDeletedAsync(mount, path, 1, destroyed: false);
        await ExpectDeletedAsync(mount, path, 3, destroyed: false);
        Assert.Equal(2, await ReadValueAsync(mount, path, 2));

        await ExpectNoContentAsync($"{mount}/undelete/{path}", new { versions = new[] { 1 } });
        Assert.Equal(1, await ReadValueAsync(mount, path, 1));
        await ExpectDeletedAsync(mount, path, 3, destroyed: false);

        await ExpectNoContentAsync($"{mount}/destroy/{path}", new { versions = new[] { 2, 3 } });
        await ExpectDeletedAsync(mount, path, 2, destroyed: true);
        await ExpectDeletedAsync(mount, path, 3, destroyed: true);

        // A destroyed version cannot come back.
        await ExpectNoContentAsync($"{mount}/undelete/{path}", new { versions = new[] { 2 } });
        await ExpectDeletedAsync(mount, path, 2, destroyed: true);

        var metadata = (await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/metadata/{path}"))["data"]!;
        Assert.Equal(3, metadata["current_version"]!.GetValue<long>());
        Assert.False(metadata["versions"]!["1"]!["destroyed"]!.GetValue<bool>());
        Assert.Equal("", metadata["versions"]!["1"]!["deletion_time"]!.GetValue<string>());
        Assert.True(metadata["versions"]!["2"]!["destroyed"]!.GetValue<bool>());
        Assert.True(metadata["versions"]!["3"]!["destroyed"]!.GetValue<bool>());
        Assert.NotEqual("", metadata["versions"]!["3"]!["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Versions_AsCommaSeparatedString_AreAccepted_UnknownOnesIgnored()
    {
        var path = KvRequests.Unique("csv");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 2 });

        await ExpectNoContentAsync($"secret/delete/{path}", new { versions = "1,2,9" });
        await ExpectDeletedAsync("secret", path, 1, destroyed: false);
        await ExpectDeletedAsync("secret", path, 2, destroyed: false);
    }

    [Fact]
    public async Task VersionChanges_OnMissingSecret_Are204()
    {
        var path = KvRequests.Unique("absent");
        foreach (var verb in new[] { "delete", "undelete", "destroy" })
        {
            await ExpectNoContentAsync($"secret/{verb}/{path}", new { versions = new[] { 1 } });
        }

        using var read = await Vault.SendAsync(HttpMethod.Get, $"secret/metadata/{path}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"versions":[]}""")]
    [InlineData("""{"versions":["x"]}""")]
    [InlineData("""{"versions":[0]}""")]
    [InlineData("""{"versions":[-1]}""")]
    [InlineData("""{"versions":"abc"}""")]
    public async Task VersionChanges_BadVersions_Return400(string body)
    {
        var path = KvRequests.Unique("badversions");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        foreach (var verb in new[] { "delete", "undelete", "destroy" })
        {
            using var response = await Vault.SendAsync(HttpMethod.Post, $"secret/{verb}/{path}", body);
            Assert.NotEmpty(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        }

        Assert.Equal(1, await ReadValueAsync("secret", path, 1));
    }

    [Fact]
    public async Task MaxVersions_OnKey_PrunesOldestVersions()
    {
        var path = KvRequests.Unique("pruned");
        await ExpectNoContentAsync($"secret/metadata/{path}", new { max_versions = 2 });
        for (var i = 1; i <= 4; i++)
        {
            await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = i });
        }

        var metadata = (await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}"))["data"]!;
        Assert.Equal(4, metadata["current_version"]!.GetValue<long>());
        Assert.Equal(3, metadata["oldest_version"]!.GetValue<long>());
        Assert.Equal(["3", "4"], metadata["versions"]!.AsObject().Select(p => p.Key));
        Assert.Equal(3, await ReadValueAsync("secret", path, 3));
        using var pruned = await Vault.SendAsync(HttpMethod.Get, $"secret/data/{path}?version=1");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(pruned, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task MaxVersions_OnMount_PrunesOldestVersions()
    {
        var mount = await Vault.V2MountAsync("kv-v2");
        await ExpectNoContentAsync($"{mount}/config", new { max_versions = 3 });
        for (var i = 1; i <= 5; i++)
        {
            await Vault.WriteV2Async(mount, "s", new JsonObject { ["v"] = i });
        }

        var metadata = (await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/metadata/s"))["data"]!;
        Assert.Equal(3, metadata["oldest_version"]!.GetValue<long>());
        Assert.Equal(["3", "4", "5"], metadata["versions"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task DeleteVersionAfter_Elapsed_ReadIs404WithDeletionTime()
    {
        var path = KvRequests.Unique("expiring");
        await ExpectNoContentAsync($"secret/metadata/{path}", new { delete_version_after = "1s" });
        var written = await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        Assert.NotEqual("", written["deletion_time"]!.GetValue<string>());
        Assert.Equal(1, await ReadValueAsync("secret", path, 1));

        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        await ExpectDeletedAsync("secret", path, 1, destroyed: false);
    }

    [Fact]
    public async Task Undelete_VersionExpiredByDeleteVersionAfter_IsReadableAgain()
    {
        var path = KvRequests.Unique("revive");
        await ExpectNoContentAsync($"secret/metadata/{path}", new { delete_version_after = "1s" });
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        await Task.Delay(TimeSpan.FromMilliseconds(1300));
        await ExpectDeletedAsync("secret", path, 1, destroyed: false);

        // Vault's undelete clears the version's deletion_time, whatever set it; the version is then live for good.
        await ExpectNoContentAsync($"secret/undelete/{path}", new { versions = new[] { 1 } });
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}?version=1");
        Assert.Equal(1, read["data"]!["data"]!["v"]!.GetValue<int>());
        Assert.Equal("", read["data"]!["metadata"]!["deletion_time"]!.GetValue<string>());
    }

    private async Task ExpectNoContentAsync(string path, object body)
    {
        using var response = await Vault.SendAsync(HttpMethod.Post, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"POST {path}: {(int)response.StatusCode} {text}");
    }

    private async Task<int> ReadValueAsync(string mount, string path, int version)
    {
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/data/{path}?version={version}");
        return read["data"]!["data"]!["v"]!.GetValue<int>();
    }

    private async Task ExpectDeletedAsync(string mount, string path, int version, bool destroyed)
    {
        using var response = await Vault.SendAsync(HttpMethod.Get, $"{mount}/data/{path}?version={version}");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.NotFound);
        Assert.False(body.ContainsKey("errors"));
        Assert.Null(body["data"]!["data"]);
        Assert.Equal(version, body["data"]!["metadata"]!["version"]!.GetValue<int>());
        Assert.Equal(destroyed, body["data"]!["metadata"]!["destroyed"]!.GetValue<bool>());
    }
}
