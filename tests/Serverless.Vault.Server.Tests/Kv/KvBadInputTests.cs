using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>Bad input to KV v1 and v2 over HTTP on Table Storage (Azurite): a 4xx in Vault's error shape, nothing written.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvBadInputTests(KvTableHost table) : IClassFixture<KvTableHost>
{
    private VaultHost Vault => table.Host;

    [Theory]
    [InlineData("""{"data":{"v":2},"options":{"cas":"abc"}}""", "check-and-set")]
    [InlineData("""{"data":{"v":2},"options":{"cas":1.5}}""", "check-and-set")]
    [InlineData("""{"data":{"v":2},"options":{"cas":true}}""", "check-and-set")]
    [InlineData("""{"data":{"v":2},"options":{"cas":[1]}}""", "check-and-set")]
    [InlineData("""{"data":{"v":2},"options":{"cas":-1}}""", "check-and-set parameter did not match the current version")]
    [InlineData("""{"data":{"v":2},"options":"cas=1"}""", "options")]
    [InlineData("""{"data":"v=2"}""", "data")]
    [InlineData("""{"data":[1,2]}""", "data")]
    [InlineData("""{"data":null}""", "no data provided")]
    [InlineData("""{"options":{}}""", "no data provided")]
    [InlineData("""{"data":{"v":2}""", "failed to parse JSON input")]
    [InlineData("""{"data":{"v":2},"data":{"v":3}}""", "failed to parse JSON input")]
    [InlineData("""not json""", "failed to parse JSON input")]
    [InlineData("""[{"data":{"v":2}}]""", "failed to parse JSON input")]
    public async Task V2Write_BadBody_Returns400AndWritesNoVersion(string body, string message)
    {
        var path = KvRequests.Unique("bad");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });

        using var response = await Vault.SendAsync(HttpMethod.Post, $"secret/data/{path}", body);
        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
        await AssertCurrentVersionAsync(path, 1);

        using var patch = await Vault.SendRawAsync(HttpMethod.Patch, $"secret/data/{path}", body, KvRequests.MergePatch);
        await HttpResponseAssert.ErrorAsync(patch, HttpStatusCode.BadRequest);
        await AssertCurrentVersionAsync(path, 1);
    }

    [Theory]
    [InlineData("""{"max_versions":"x"}""", "max_versions")]
    [InlineData("""{"max_versions":1.5}""", "max_versions")]
    [InlineData("""{"max_versions":-3}""", "max_versions")]
    [InlineData("""{"cas_required":"sometimes"}""", "cas_required")]
    [InlineData("""{"delete_version_after":"eventually"}""", "delete_version_after")]
    [InlineData("""{"delete_version_after":"-1h"}""", "delete_version_after")]
    [InlineData("""{"max_versions":3""", "failed to parse JSON input")]
    public async Task ConfigWrite_WrongTypes_Return400AndKeepConfig(string body, string message)
    {
        var mount = await Vault.V2MountAsync("kv-v2");
        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/config", body);
        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));

        var config = await Vault.ReadJsonAsync(HttpMethod.Get, $"{mount}/config");
        Assert.Equal("""{"cas_required":false,"delete_version_after":"0s","max_versions":0}""", config["data"]!.ToJsonString());
    }

    [Fact]
    public async Task V1Write_WithCas_Returns400()
    {
        var mount = KvRequests.Unique("kv1");
        (await Vault.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", new { type = "kv" })).Dispose();
        using var response = await Vault.SendAsync(HttpMethod.Post, $"{mount}/s", """{"data":{"v":1},"options":{"cas":0}}""");
        Assert.Contains("check-and-set", (await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest)).Single(), StringComparison.Ordinal);
        using var read = await Vault.SendAsync(HttpMethod.Get, $"{mount}/s");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("GET", "secret/nothing-here/x", HttpStatusCode.NotFound)]
    [InlineData("LIST", "secret/data/", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "secret/subkeys/x", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "secret/config", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "secret/delete/x", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "secret/data/", HttpStatusCode.BadRequest)]
    [InlineData("GET", "secret/data/x.", HttpStatusCode.NotFound)]
    public async Task UnsupportedPathOrOperation_ReturnsVaultError(string method, string path, HttpStatusCode status)
    {
        using var response = await Vault.SendAsync(new HttpMethod(method), path, method is "POST" or "PUT" ? """{"data":{"v":1}}""" : null);
        await HttpResponseAssert.ErrorAsync(response, status);
    }

    [Fact]
    public async Task Request_WithoutToken_Returns403()
    {
        var path = KvRequests.Unique("auth");
        await Vault.WriteV2Async("secret", path, new JsonObject { ["v"] = 1 });
        using var read = await Vault.SendAsync(HttpMethod.Get, $"secret/data/{path}", token: "not-a-token");
        var errors = await HttpResponseAssert.ErrorAsync(read, HttpStatusCode.Forbidden);
        Assert.Contains(errors, e => e.Contains("permission denied", StringComparison.Ordinal));
    }

    private async Task AssertCurrentVersionAsync(string path, long version)
    {
        var metadata = await Vault.ReadJsonAsync(HttpMethod.Get, $"secret/metadata/{path}");
        Assert.Equal(version, metadata["data"]!["current_version"]!.GetValue<long>());
    }
}
