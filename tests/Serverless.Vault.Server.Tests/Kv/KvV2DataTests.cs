using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>
/// KV v2 data/, config and check-and-set over HTTP on Table Storage (Azurite), on dev mode's secret/ and on mounts
/// enabled as kv-v2 and as kv with options.version "2".
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvV2DataTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    [Theory]
    [InlineData("secret")]
    [InlineData("kv-v2")]
    [InlineData("kv+version")]
    public async Task Write_ThenRead_ReturnsVersionMetadataAndData(string kind)
    {
        var mount = await Vault.V2MountAsync(kind);
        var path = KvRequests.Unique("app");
        var written = await Vault.WriteV2Async(mount, path, new JsonObject { ["user"] = "u1", ["nested"] = new JsonObject { ["n"] = 1 } });
        Assert.Equal(1, written["version"]!.GetValue<long>());
        Assert.Equal("", written["deletion_time"]!.GetValue<string>());
        Assert.False(written["destroyed"]!.GetValue<bool>());
        Assert.Null(written["custom_metadata"]);
        Assert.True(written.ContainsKey("custom_metadata"));
        AssertRecentTimestamp(written["created_time"]!.GetValue<string>());

        using var response = await Vault.SendAsync(HttpMethod.Get, $"{mount}/data/{path}");
        var read = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("""{"user":"u1","nested":{"n":1}}""", read["data"]!["data"]!.ToJsonString());
        Assert.Equal(written.ToJsonString(), read["data"]!["metadata"]!.ToJsonString());
        Assert.Equal(0, read["lease_duration"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("kv-v2")]
    public async Task Read_WithVersion_ReturnsThatVersion_LatestWithoutOrZero(string kind)
    {
        var mount = await Vault.V2MountAsync(kind);
        var path = KvRequests.Unique("multi");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, (await Vault.WriteV2Async(mount, path, new JsonObject { ["v"] = i }))["version"]!.GetValue<long>());
        }

        foreach (var (query, expected) in new[] { ("", 3), ("?version=0", 3), ("?version=1", 1), ("?version=2", 2), ("?version=3", 3) })
        {
            var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/data/{path}{query}");
            Assert.Equal(expected, read["data"]!["data"]!["v"]!.GetValue<int>());
            Assert.Equal(expected, read["data"]!["metadata"]!["version"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Read_UnknownVersionOrSecret_Returns404WithEmptyErrors()
    {
        var path = KvRequests.Unique("known");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = "x" });

        using var unknownVersion = await Vault.SendAsync(HttpMethod.Get, $"secret/data/{path}?version=7");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(unknownVersion, HttpStatusCode.NotFound));
        using var unknownSecret = await Vault.SendAsync(HttpMethod.Get, $"secret/data/{KvRequests.Unique("none")}");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(unknownSecret, HttpStatusCode.NotFound));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task Read_BadVersion_Returns400(string version)
    {
        var path = KvRequests.Unique("badver");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = "x" });
        using var response = await Vault.SendAsync(HttpMethod.Get, $"secret/data/{path}?version={version}");
        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public async Task Write_WithCas_OnlyMatchingVersionSucceeds()
    {
        var path = KvRequests.Unique("cas");
        Assert.Equal(1, (await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 }, cas: 0))["version"]!.GetValue<long>());

        foreach (var stale in new long[] { 0, 2, 5 })
        {
            using var mismatch = await Vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = 99 }, stale));
            Assert.Equal(
                ["check-and-set parameter did not match the current version"],
                await HttpResponseAssert.ErrorAsync(mismatch, HttpStatusCode.BadRequest));
        }

        Assert.Equal(2, (await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 2 }, cas: 1))["version"]!.GetValue<long>());
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}");
        Assert.Equal(2, read["data"]!["data"]!["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task Write_CasAsNumericString_IsAccepted()
    {
        var path = KvRequests.Unique("casstr");
        using var response = await Vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", """{"data":{"v":1},"options":{"cas":"0"}}""");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(1, body["data"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Config_WriteThenRead_RoundTripsAndCasRequiredIsEnforced()
    {
        var mount = await Vault.V2MountAsync("kv-v2");
        var defaults = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/config");
        Assert.Equal("""{"cas_required":false,"delete_version_after":"0s","max_versions":0}""", defaults["data"]!.ToJsonString());

        using var write = await Vault.SendAsync(HttpMethod.Post, $"{mount}/config", new { max_versions = 4, cas_required = true, delete_version_after = "3h25m19s" });
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        var config = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/config");
        Assert.Equal("""{"cas_required":true,"delete_version_after":"3h25m19s","max_versions":4}""", config["data"]!.ToJsonString());

        using var withoutCas = await Vault.SendAsync(HttpMethod.Post, $"{mount}/data/s", KvRequests.Write(new JsonObject { ["v"] = 1 }));
        Assert.Equal(
            ["check-and-set parameter required for this call"],
            await HttpResponseAssert.ErrorAsync(withoutCas, HttpStatusCode.BadRequest));
        var written = await Vault.WriteV2Async(mount, "s", new JsonObject { ["v"] = 1 }, cas: 0);
        Assert.NotEqual("", written["deletion_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_MergePatch_AddsVersionWithMergedData()
    {
        var path = KvRequests.Unique("patch");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["keep"] = "k", ["drop"] = "d", ["change"] = "old", ["obj"] = new JsonObject { ["a"] = 1, ["b"] = 2 } });

        var patch = new JsonObject { ["data"] = new JsonObject { ["drop"] = null, ["change"] = "new", ["add"] = true, ["obj"] = new JsonObject { ["b"] = null, ["c"] = 3 } } };
        using var response = await Vault.PatchAsync($"secret/data/{path}", patch);
        var patched = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(2, patched["data"]!["version"]!.GetValue<long>());

        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}");
        var data = read["data"]!["data"]!.AsObject();
        Assert.Equal(["add", "change", "keep", "obj"], data.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("new", data["change"]!.GetValue<string>());
        Assert.Equal("""{"a":1,"c":3}""", data["obj"]!.ToJsonString());
        var first = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}?version=1");
        Assert.Equal("old", first["data"]!["data"]!["change"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_WithCas_MismatchIs400_MatchSucceeds()
    {
        var path = KvRequests.Unique("patchcas");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });

        using var stale = await Vault.PatchAsync($"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = 2 }, cas: 0));
        Assert.Equal(["check-and-set parameter did not match the current version"], await HttpResponseAssert.ErrorAsync(stale, HttpStatusCode.BadRequest));
        using var ok = await Vault.PatchAsync($"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = 2 }, cas: 1));
        Assert.Equal(2, (await HttpResponseAssert.JsonAsync(ok, HttpStatusCode.OK))["data"]!["version"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Patch_WithoutMergePatchContentType_Returns415(string contentType)
    {
        var path = KvRequests.Unique("patch415");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });

        using var response = await Vault.PatchAsync($"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = 2 }), contentType);
        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal([$"PATCH requires Content-Type of application/merge-patch+json, provided {contentType}"], errors);
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}");
        Assert.Equal(1, read["data"]!["metadata"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_MissingOrDeletedSecret_Returns404()
    {
        var path = KvRequests.Unique("patch404");
        using var missing = await Vault.PatchAsync($"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = 1 }));
        await HttpResponseAssert.ErrorAsync(missing, HttpStatusCode.NotFound);

        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        (await Vault.SendAsync(HttpMethod.Delete, $"secret/data/{path}")).Dispose();
        using var deleted = await Vault.PatchAsync($"secret/data/{path}", KvRequests.Write(new JsonObject { ["v"] = 2 }));
        await HttpResponseAssert.ErrorAsync(deleted, HttpStatusCode.NotFound);
        using var metadata = await Vault.SendAsync(HttpMethod.Get, $"secret/metadata/{path}");
        Assert.Equal(1, (await HttpResponseAssert.JsonAsync(metadata, HttpStatusCode.OK))["data"]!["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task DeleteData_SoftDeletesLatest_ReadIs404WithFullEnvelope()
    {
        var path = KvRequests.Unique("softdel");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 2 });

        using var delete = await Vault.SendAsync(HttpMethod.Delete, $"secret/data/{path}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using var response = await Vault.SendAsync(HttpMethod.Get, $"secret/data/{path}");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.NotFound);
        Assert.False(body.ContainsKey("errors"));
        Assert.True(body.ContainsKey("request_id") && body.ContainsKey("lease_id") && body.ContainsKey("wrap_info"));
        var data = body["data"]!.AsObject();
        Assert.True(data.ContainsKey("data"));
        Assert.Null(data["data"]);
        Assert.Equal(2, data["metadata"]!["version"]!.GetValue<long>());
        Assert.False(data["metadata"]!["destroyed"]!.GetValue<bool>());
        AssertRecentTimestamp(data["metadata"]!["deletion_time"]!.GetValue<string>());

        var previous = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}?version=1");
        Assert.Equal(1, previous["data"]!["data"]!["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task Write_MissingData_Returns400NoDataProvided()
    {
        var path = KvRequests.Unique("nodata");
        using var response = await Vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", new { options = new { cas = 0 } });
        Assert.Equal(["no data provided"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Write_LargeValueOnCreate_RoundTripsThroughTableStorage()
    {
        // A create only: Azurite refuses updates whose body passes 1 MiB (Azure does not); overwrites near the
        // maximum are covered on in-memory storage by KvSizeLimitTests.
        var path = KvRequests.Unique("large");
        var value = string.Concat(Enumerable.Range(0, 800 * 1024 / 32).Select(i => i.ToString("x32", CultureInfo.InvariantCulture)));
        Assert.Equal(1, (await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = value }))["version"]!.GetValue<long>());

        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/data/{path}");
        Assert.Equal(value, read["data"]!["data"]!["v"]!.GetValue<string>());
    }

    internal static void AssertRecentTimestamp(string text)
    {
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$", text);
        var time = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
