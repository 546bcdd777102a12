using Microsoft.AspNetCore.Http.Features;

namespace Serverless.Vault.Functions.Tests;

public sealed class ApiFunctionTests
{
    [Fact]
    public async Task GetSysMounts_RootToken_EnvelopeWithSysInDataAndTopLevel()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("GET", "/v1/sys/mounts");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        var body = response.Json;
        Assert.True(Guid.TryParse(body["request_id"]!.GetValue<string>(), out _));
        Assert.Equal("", body["lease_id"]!.GetValue<string>());
        Assert.False(body["renewable"]!.GetValue<bool>());
        Assert.Equal(0, body["lease_duration"]!.GetValue<long>());
        Assert.True(body.ContainsKey("wrap_info") && body["wrap_info"] is null);
        Assert.True(body.ContainsKey("warnings") && body["warnings"] is null);
        Assert.True(body.ContainsKey("auth") && body["auth"] is null);
        Assert.Equal("system", body["data"]!["sys/"]!["type"]!.GetValue<string>());
        Assert.Equal("system", body["sys/"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetSysMounts_BearerToken_Accepted()
    {
        using var host = await FunctionHost.InitializedAsync();

        // No X-Vault-Token: the adapter falls back to "Authorization: Bearer".
        var response = await host.SendAsync(
            "GET", "/v1/sys/mounts", token: null, configure: request => request.Headers.Authorization = "Bearer " + FunctionHost.RootToken);

        Assert.Equal(200, response.StatusCode);
        Assert.NotNull(response.Json["data"]!["sys/"]);
    }

    [Fact]
    public async Task GetSysMounts_BothTokenHeaders_XVaultTokenWins()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync(
            "GET", "/v1/sys/mounts", token: "not-a-token", configure: request => request.Headers.Authorization = "Bearer " + FunctionHost.RootToken);

        Assert.Equal(403, response.StatusCode);
    }

    [Fact]
    public async Task GetSysMounts_NoToken_Returns403Errors()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("GET", "/v1/sys/mounts", token: null);

        Assert.Equal(403, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(["permission denied"], response.Json["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Single(response.Json);
    }

    [Fact]
    public async Task ListVerb_KvMount_ReturnsKeys()
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);
        Assert.Equal(204, (await host.SendAsync("PUT", "/v1/kv/app/db", """{"password":"p"}""")).StatusCode);
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/kv/top", """{"a":"b"}""")).StatusCode);

        var response = await host.SendAsync("LIST", "/v1/kv");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(["app/", "top"], response.Json["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/v1/kv/?list=true")]
    [InlineData("/v1/kv?list=1")]
    [InlineData("/v1/kv/?list=True")]
    public async Task GetWithListQuery_KvMount_ReturnsKeys(string pathAndQuery)
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/kv/x", """{"a":"b"}""")).StatusCode);

        var response = await host.SendAsync("GET", pathAndQuery);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["x"], response.Json["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task GetWithBadListQuery_Returns400()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("GET", "/v1/sys/mounts?list=maybe");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
    }

    [Fact]
    public async Task ReadKvSecret_Written_ReturnsDataInEnvelope()
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/kv/app", """{"password":"p","n":3}""")).StatusCode);

        var response = await host.SendAsync("GET", "/v1/kv/app");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("p", response.Json["data"]!["password"]!.GetValue<string>());
        Assert.Equal(3, response.Json["data"]!["n"]!.GetValue<int>());
        Assert.Null(response.Json["password"]);
    }

    [Fact]
    public async Task ReadKvSecret_Missing_Returns404EmptyErrors()
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);

        var response = await host.SendAsync("GET", "/v1/kv/missing");

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Empty(response.Json["errors"]!.AsArray());
    }

    [Fact]
    public async Task PostSysInit_EmptyBodyNoContentType_ReturnsRawRootToken()
    {
        using var host = FunctionHost.Uninitialized();

        var response = await host.SendAsync("POST", "/v1/sys/init", body: "", token: null, contentType: null);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        var rootToken = response.Json["root_token"]!.GetValue<string>();
        Assert.StartsWith("hvs.", rootToken, StringComparison.Ordinal);
        Assert.Null(response.Json["request_id"]);
        Assert.Equal(200, (await host.SendAsync("GET", "/v1/sys/mounts", token: rootToken)).StatusCode);
    }

    [Fact]
    public async Task PostSysRotate_NoBodyNoContentType_Returns204Empty()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("POST", "/v1/sys/rotate", body: null, contentType: null);

        Assert.Equal(204, response.StatusCode);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task GetSysHealth_Uninitialised_Returns501RawBody()
    {
        using var host = FunctionHost.Uninitialized();

        var response = await host.SendAsync("GET", "/v1/sys/health", token: null);

        Assert.Equal(501, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.False(response.Json["initialized"]!.GetValue<bool>());
        Assert.Null(response.Json["data"]);
    }

    [Fact]
    public async Task GetSysMounts_Uninitialised_Returns503Sealed()
    {
        using var host = FunctionHost.Uninitialized();

        var response = await host.SendAsync("GET", "/v1/sys/mounts");

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(["Vault is sealed"], response.Json["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Post_InvalidJson_Returns400()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("POST", "/v1/sys/mounts/kv", "{not json");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
    }

    [Fact]
    public async Task UnsupportedVerb_Returns405()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("OPTIONS", "/v1/sys/mounts");

        Assert.Equal(405, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/kv/%2E%2E/sys/mounts")]
    [InlineData("/v1/kv/a%2F%2Fb")]
    [InlineData("/v1/kv/a%00b")]
    public async Task Get_PercentEncodedEscape_Returns400(string rawTarget)
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);

        var response = await host.SendAsync("GET", "/v1/kv/x", configure: request => request.HttpContext.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget);

        Assert.Equal(400, response.StatusCode);
        Assert.StartsWith("invalid path", response.Json["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PercentEncodedSlash_DecodesToNestedKey()
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/kv/a/b", """{"v":"1"}""")).StatusCode);

        var response = await host.SendAsync("GET", "/v1/kv/x", configure: request => request.HttpContext.Features.Get<IHttpRequestFeature>()!.RawTarget = "/v1/kv/a%2Fb");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("1", response.Json["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task HeadSysHealth_Uninitialised_StatusOnlyNoBody()
    {
        using var host = FunctionHost.Uninitialized();

        var response = await host.SendAsync("HEAD", "/v1/sys/health", token: null);

        Assert.Equal(501, response.StatusCode);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task Post_UnknownFields_Returns200WithWarnings()
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);

        var response = await host.SendAsync("POST", "/v1/sys/mounts/kv/tune", """{"max_lease_ttl":"1h","mount_point":"kv"}""");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(
            ["Endpoint ignored these unrecognized parameters: [mount_point]"],
            response.Json["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Null(response.Json["data"]);
    }

    [Fact]
    public async Task Post_FormBody_ParsedAsFields()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("POST", "/v1/sys/mounts/kv", "type=kv&description=from+form", contentType: "application/x-www-form-urlencoded");

        Assert.Equal(204, response.StatusCode);
        Assert.Equal("from form", (await host.SendAsync("GET", "/v1/sys/mounts/kv")).Json["data"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetHelp_KvPath_ReturnsRawHelp()
    {
        using var host = await FunctionHost.InitializedAsync();
        Assert.Equal(204, (await host.SendAsync("POST", "/v1/sys/mounts/kv", """{"type":"kv"}""")).StatusCode);

        var response = await host.SendAsync("GET", "/v1/kv/x?help=1");

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("{*path}", response.Json["help"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"kv","type":"kv"}""")]
    [InlineData("""{"config":{"max_lease_ttl":"1h","max_lease_ttl":"2h"},"type":"kv"}""")]
    public async Task Post_DuplicateJsonKeys_Returns400(string body)
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("POST", "/v1/sys/mounts/kv", body);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public async Task Post_JsonNotAnObject_Returns400(string body)
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("POST", "/v1/sys/mounts/kv", body);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("failed to parse JSON input: the body must be a JSON object", response.Json["errors"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_JsonNull_TreatedAsEmptyBody()
    {
        using var host = FunctionHost.Uninitialized();

        var response = await host.SendAsync("POST", "/v1/sys/init", "null", token: null);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Patch_WithoutMergePatchContentType_Returns415()
    {
        using var host = await FunctionHost.InitializedAsync();

        var response = await host.SendAsync("PATCH", "/v1/kv/x", """{"a":"b"}""");

        Assert.Equal(415, response.StatusCode);
        Assert.Equal(
            "PATCH requires Content-Type of application/merge-patch+json, provided application/json",
            response.Json["errors"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_BodyOverLimit_Returns413(bool declareLength)
    {
        using var host = await FunctionHost.InitializedAsync();
        var limit = new Serverless.Vault.Http.VaultHostingOptions().MaxRequestBytes;
        var body = "{\"a\":\"" + new string('x', (int)limit) + "\"}";

        var response = await host.SendAsync("POST", "/v1/kv/x", body, configure: request => request.ContentLength = declareLength ? request.ContentLength : null);

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
    }
}
