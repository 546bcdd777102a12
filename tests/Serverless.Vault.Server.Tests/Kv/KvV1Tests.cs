using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>KV version 1 over HTTP, on Table Storage (Azurite): each test mounts its own "kv" engine.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvV1Tests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private const long MountDefaultTtl = 2764800;

    private VaultHost Vault => table.Host;

    [Fact]
    public async Task Put_ThenGet_ReturnsDataWithMountDefaultLeaseDuration()
    {
        var mount = await MountAsync();
        using var write = await Vault.SendAsync(HttpMethod.Put, $"{mount}/app/config", new { user = "app", port = 5432 });
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);

        using var response = await Vault.SendAsync(HttpMethod.Get, $"{mount}/app/config");
        var read = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("app", read["data"]!["user"]!.GetValue<string>());
        Assert.Equal(5432, read["data"]!["port"]!.GetValue<int>());
        Assert.Equal("", read["lease_id"]!.GetValue<string>());
        Assert.False(read["renewable"]!.GetValue<bool>());
        Assert.Equal(MountDefaultTtl, read["lease_duration"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("\"1h\"", 3600)]
    [InlineData("90", 90)]
    [InlineData("\"30m\"", 1800)]
    public async Task Post_WithTtl_ReadReturnsTtlAsLeaseDurationAndKeepsIt(string ttl, long seconds)
    {
        var mount = await MountAsync();
        using var write = await Vault.SendAsync(HttpMethod.Post, $"{mount}/leased", $"{{\"v\":\"x\",\"ttl\":{ttl}}}");
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);

        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/leased");
        Assert.Equal(seconds, read["lease_duration"]!.GetValue<long>());
        Assert.Equal(JsonNode.Parse(ttl)!.ToJsonString(), read["data"]!["ttl"]!.ToJsonString());
        Assert.Equal("x", read["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_WithInvalidTtl_Returns400AndWritesNothing()
    {
        var mount = await MountAsync();
        using var write = await Vault.SendAsync(HttpMethod.Post, $"{mount}/leased", new { v = "x", ttl = "soon" });
        var errors = await HttpResponseAssert.ErrorAsync(write, HttpStatusCode.BadRequest);
        Assert.Contains(errors, e => e.Contains("ttl", StringComparison.Ordinal));
        using var read = await Vault.SendAsync(HttpMethod.Get, $"{mount}/leased");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(read, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Put_Twice_SecondReplacesTheWholeMap()
    {
        var mount = await MountAsync();
        (await Vault.SendAsync(HttpMethod.Put, $"{mount}/s", new { a = "1", b = "2" })).Dispose();
        (await Vault.SendAsync(HttpMethod.Post, $"{mount}/s", new { a = "3" })).Dispose();

        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/s");
        Assert.Equal("""{"a":"3"}""", read["data"]!.ToJsonString());
    }

    [Fact]
    public async Task List_VerbAndQuery_ReturnKeysAndFolders()
    {
        var mount = await MountAsync();
        foreach (var path in new[] { "app/a", "app/b", "app/sub/c", "app/sub/deeper/d", "other" })
        {
            using var write = await Vault.SendAsync(HttpMethod.Put, $"{mount}/{path}", new { v = path });
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        using var verb = await Vault.SendAsync(KvRequests.List, $"{mount}/app");
        Assert.Equal(["a", "b", "sub/"], KvRequests.Keys(await HttpResponseAssert.JsonAsync(verb, HttpStatusCode.OK)));
        foreach (var query in new[] { "true", "True", "1" })
        {
            var listed = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/app/?list={query}");
            Assert.Equal(["a", "b", "sub/"], KvRequests.Keys(listed));
        }

        var root = await Vault.ReadJsonAsync(KvRequests.List, $"{mount}/");
        Assert.Equal(["app/", "other"], KvRequests.Keys(root));
        var recursive = await Vault.ReadJsonAsync(KvRequests.List, $"{mount}/app?recursive=true");
        Assert.Equal(["a", "b", "sub/c", "sub/deeper/d"], KvRequests.Keys(recursive));
    }

    [Fact]
    public async Task List_LeafOrMissingFolder_Returns404WithEmptyErrors()
    {
        var mount = await MountAsync();
        (await Vault.SendAsync(HttpMethod.Put, $"{mount}/leaf", new { v = "x" })).Dispose();

        using var leaf = await Vault.SendAsync(KvRequests.List, $"{mount}/leaf");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(leaf, HttpStatusCode.NotFound));
        using var missing = await Vault.SendAsync(HttpMethod.Get, $"{mount}/nothing/here?list=true");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(missing, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task List_InvalidListFlag_Returns400()
    {
        var mount = await MountAsync();
        using var response = await Vault.SendAsync(HttpMethod.Get, $"{mount}/?list=maybe");
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_RemovesSecret_AndDeletingAgainIs204()
    {
        var mount = await MountAsync();
        (await Vault.SendAsync(HttpMethod.Put, $"{mount}/gone", new { v = "x" })).Dispose();

        using var first = await Vault.SendAsync(HttpMethod.Delete, $"{mount}/gone");
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using var read = await Vault.SendAsync(HttpMethod.Get, $"{mount}/gone");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(read, HttpStatusCode.NotFound));
        using var again = await Vault.SendAsync(HttpMethod.Delete, $"{mount}/gone");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var list = await Vault.SendAsync(KvRequests.List, $"{mount}/");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(list, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Write_WithCasOption_Returns400()
    {
        var mount = await MountAsync();
        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/s", KvRequests.Write(new JsonObject { ["v"] = "x" }, cas: 0));
        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(errors, e => e.Contains("check-and-set", StringComparison.Ordinal));
        using var read = await Vault.SendAsync(HttpMethod.Get, $"{mount}/s");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Write_EmptyOrMalformedBody_Returns400()
    {
        var mount = await MountAsync();
        using var empty = await Vault.SendAsync(HttpMethod.Post, $"{mount}/s", new { });
        await HttpResponseAssert.ErrorAsync(empty, HttpStatusCode.BadRequest);
        using var malformed = await Vault.SendAsync(HttpMethod.Post, $"{mount}/s", "{\"v\": ");
        var errors = await HttpResponseAssert.ErrorAsync(malformed, HttpStatusCode.BadRequest);
        Assert.Contains(errors, e => e.StartsWith("failed to parse JSON input", StringComparison.Ordinal));
        using var array = await Vault.SendAsync(HttpMethod.Post, $"{mount}/s", "[1,2]");
        await HttpResponseAssert.ErrorAsync(array, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Read_MissingSecret_Returns404WithEmptyErrors()
    {
        var mount = await MountAsync();
        using var response = await Vault.SendAsync(HttpMethod.Get, $"{mount}/never-written");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task UiMounts_V1Mount_ReportsNoVersion2()
    {
        var mount = await MountAsync();
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"sys/internal/ui/mounts/{mount}/x");
        Assert.Equal($"{mount}/", read["data"]!["path"]!.GetValue<string>());
        Assert.Equal("kv", read["data"]!["type"]!.GetValue<string>());
        Assert.NotEqual("2", read["data"]!["options"]?["version"]?.GetValue<string>());
    }

    [Fact]
    public async Task Put_LargeValueOnCreate_RoundTripsThroughTableStorage()
    {
        // 600 KiB: a v1 write is an upsert, and Azurite refuses an update whose body (binary as base64) passes 1 MiB.
        var mount = await MountAsync();
        var value = string.Concat(Enumerable.Range(0, 600 * 1024 / 32).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)));
        using var write = await Vault.SendAsync(HttpMethod.Put, $"{mount}/large", new JsonObject { ["v"] = value });
        Assert.True(write.StatusCode == HttpStatusCode.NoContent, await write.Content.ReadAsStringAsync());
        var read = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/large");
        Assert.Equal(value, read["data"]!["v"]!.GetValue<string>());
    }

    private async Task<string> MountAsync()
    {
        var mount = KvRequests.Unique("kv1");
        using var response = await Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "kv" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return mount;
    }
}
