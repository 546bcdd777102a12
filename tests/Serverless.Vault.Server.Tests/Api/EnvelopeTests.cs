using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Api;

/// <summary>Vault's envelope, status codes and verb handling, seen over real HTTP.</summary>
public sealed class EnvelopeTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        using var mount = await _vault.SendAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv" });
        Assert.Equal(HttpStatusCode.NoContent, mount.StatusCode);
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Read_ExistingSecret_ReturnsFullEnvelopeWithNulls()
    {
        using var write = await _vault.SendAsync(HttpMethod.Put, "kv/app", new { password = "s3cret" });
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);

        using var response = await _vault.SendAsync(HttpMethod.Get, "kv/app");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth"], body.Select(p => p.Key));
        Assert.True(Guid.TryParse(body["request_id"]!.GetValue<string>(), out _));
        Assert.Equal("", body["lease_id"]!.GetValue<string>());
        Assert.False(body["renewable"]!.GetValue<bool>());
        Assert.Null(body["wrap_info"]);
        Assert.Null(body["warnings"]);
        Assert.Null(body["auth"]);
        Assert.Equal("s3cret", body["data"]!["password"]!.GetValue<string>());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Read_MissingSecret_Returns404WithEmptyErrors()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "kv/nothing-here");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Request_UnknownMount_Returns404()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "nomount/x");
        var errors = await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("no handler for route", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LIST", "kv/folder")]
    [InlineData("LIST", "kv/folder/")]
    [InlineData("GET", "kv/folder?list=true")]
    [InlineData("GET", "kv/folder/?list=True")]
    [InlineData("GET", "kv/folder?list=1")]
    public async Task List_AnyClientForm_ReturnsKeysAndFolders(string method, string path)
    {
        (await _vault.SendAsync(HttpMethod.Put, "kv/folder/a", new { v = "1" })).Dispose();
        (await _vault.SendAsync(HttpMethod.Put, "kv/folder/sub/b", new { v = "2" })).Dispose();

        using var response = await _vault.SendAsync(new HttpMethod(method), path);
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(["a", "sub/"], body["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task List_InvalidListFlag_Returns400()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "kv/folder?list=maybe");
        await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_EmptyFolder_Returns404()
    {
        using var response = await _vault.SendAsync(new HttpMethod("LIST"), "kv/empty/");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Post_BehavesAsPut()
    {
        using var post = await _vault.SendAsync(HttpMethod.Post, "kv/posted", new { k = "v1" });
        Assert.Equal(HttpStatusCode.NoContent, post.StatusCode);
        Assert.Equal(0, post.Content.Headers.ContentLength ?? 0);
        var read = await _vault.ReadJsonAsync(HttpMethod.Get, "kv/posted");
        Assert.Equal("v1", read["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_EmptyBodyWithoutContentType_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sys/rotate");
        request.Headers.Add("X-Vault-Token", _vault.RootToken);
        using var response = await _vault.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
    }

    [Fact]
    public async Task Write_UnknownFieldsAndJsonNulls_AcceptedWithWarning()
    {
        using var response = await _vault.SendAsync(
            HttpMethod.Post, "sys/mounts/kv/tune", """{"description": null, "bogus": 1, "default_lease_ttl": "1h"}""");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);

        var warning = Assert.Single(body["warnings"]!.AsArray())!.GetValue<string>();
        Assert.Equal("Endpoint ignored these unrecognized parameters: [bogus]", warning);
        var tune = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/mounts/kv/tune");
        Assert.Equal(3600, tune["data"]!["default_lease_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Method_Unsupported_Returns405()
    {
        using var post = await _vault.SendAsync(HttpMethod.Post, "sys/health");
        Assert.Equal(["unsupported operation"], await HttpResponseAssert.ErrorAsync(post, HttpStatusCode.MethodNotAllowed));

        using var propfind = await _vault.SendAsync(new HttpMethod("PROPFIND"), "kv/app");
        await HttpResponseAssert.ErrorAsync(propfind, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Patch_WithoutMergePatchContentType_Returns415()
    {
        using var response = await _vault.SendAsync(HttpMethod.Patch, "kv/app", new { a = "b" });
        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.UnsupportedMediaType));
        Assert.StartsWith("PATCH requires Content-Type of application/merge-patch+json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_OnAPath_ReturnsHelpText()
    {
        using var response = await _vault.SendAsync(HttpMethod.Get, "sys/mounts?help=1");
        var body = await HttpResponseAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Contains("List the mounted secrets engines", body["help"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PercentEncodedPath_IsDecoded()
    {
        (await _vault.SendAsync(HttpMethod.Put, "kv/enc/a%2Fb", new { v = "x" })).Dispose();
        var list = await _vault.ReadJsonAsync(new HttpMethod("LIST"), "kv/enc/");
        Assert.Equal(["a/"], list["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        var read = await _vault.ReadJsonAsync(HttpMethod.Get, "kv/enc/a/b");
        Assert.Equal("x", read["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task FormBody_IsParsed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/kv/form")
        {
            Content = new FormUrlEncodedContent([new("user", "alice"), new("pass", "x y")]),
        };
        request.Headers.Add("X-Vault-Token", _vault.RootToken);
        using var response = await _vault.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var read = await _vault.ReadJsonAsync(HttpMethod.Get, "kv/form");
        Assert.Equal("x y", read["data"]!["pass"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_NotAnObject_Returns400WithoutEchoingTheBody()
    {
        using var response = await _vault.SendAsync(HttpMethod.Put, "kv/bad", "[\"hunter2\"]");
        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);

        using var broken = await _vault.SendAsync(HttpMethod.Put, "kv/bad", "{\"password\": \"hunter2\"");
        var brokenError = Assert.Single(await HttpResponseAssert.ErrorAsync(broken, HttpStatusCode.BadRequest));
        Assert.DoesNotContain("hunter2", brokenError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_NeverCarryACharset()
    {
        using var ok = await _vault.SendAsync(HttpMethod.Get, "sys/mounts");
        using var error = await _vault.SendAsync(HttpMethod.Get, "sys/mounts", token: "wrong");
        Assert.Equal("application/json", ok.Content.Headers.ContentType!.ToString());
        Assert.Equal("application/json", error.Content.Headers.ContentType!.ToString());
        Assert.Null(error.Content.Headers.ContentType!.CharSet);
        _ = JsonNode.Parse(await ok.Content.ReadAsStringAsync());
    }
}
