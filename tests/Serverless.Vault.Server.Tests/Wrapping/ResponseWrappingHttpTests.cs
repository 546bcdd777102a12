using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Wrapping;

/// <summary>Response wrapping and sys/wrapping/* over HTTP against the dev-mode Kestrel host (secret/ is KV v2).</summary>
public sealed class ResponseWrappingHttpTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        using var write = await _vault.SendAsync(HttpMethod.Post, "secret/data/app", new { data = new { password = "s3cret" } });
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task WrappedKvRead_EnvelopeHasOnlyWrapInfo_AndUnwrapReturnsTheOriginal()
    {
        var before = DateTimeOffset.UtcNow;
        using var wrapped = await WrappingHttp.SendWrappedAsync(_vault.Client, HttpMethod.Get, "secret/data/app", _vault.RootToken, "300");
        var wrapInfo = await WrappingHttp.WrapInfoAsync(wrapped);

        Assert.StartsWith("hvs.", WrappingHttp.Token(wrapInfo), StringComparison.Ordinal);
        Assert.Equal(24, wrapInfo["accessor"]!.GetValue<string>().Length);
        Assert.Equal(300, wrapInfo["ttl"]!.GetValue<long>());
        Assert.Equal("secret/data/app", wrapInfo["creation_path"]!.GetValue<string>());
        var created = DateTimeOffset.Parse(wrapInfo["creation_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(created, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.False(wrapInfo.ContainsKey("wrapped_accessor"));

        var original = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/wrapping/unwrap", new { token = WrappingHttp.Token(wrapInfo) });
        Assert.Equal("s3cret", original["data"]!["data"]!["password"]!.GetValue<string>());
        Assert.Equal(1, original["data"]!["metadata"]!["version"]!.GetValue<long>());
        Assert.True(Guid.TryParse(original["request_id"]!.GetValue<string>(), out _));
        Assert.Null(original["wrap_info"]);

        using var again = await _vault.SendAsync(HttpMethod.Post, "sys/wrapping/unwrap", new { token = WrappingHttp.Token(wrapInfo) });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(WrappingHttp.Invalid, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrappedTokenCreate_UnwrappedWithTheWrappingTokenAsXVaultToken_GivesAWorkingToken()
    {
        using var wrapped = await WrappingHttp.SendWrappedAsync(
            _vault.Client, HttpMethod.Post, "auth/token/create", _vault.RootToken, "5m", new JsonObject { ["policies"] = new JsonArray("default") });
        var wrapInfo = await WrappingHttp.WrapInfoAsync(wrapped);
        Assert.Equal(300, wrapInfo["ttl"]!.GetValue<long>());

        var original = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/wrapping/unwrap", token: WrappingHttp.Token(wrapInfo));
        var auth = original["auth"]!;
        Assert.Equal(auth["accessor"]!.GetValue<string>(), wrapInfo["wrapped_accessor"]!.GetValue<string>());
        Assert.Null(original["data"]);

        var self = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: auth["client_token"]!.GetValue<string>());
        Assert.Equal(auth["accessor"]!.GetValue<string>(), self["data"]!["accessor"]!.GetValue<string>());
        using var again = await _vault.SendAsync(HttpMethod.Post, "sys/wrapping/unwrap", token: WrappingHttp.Token(wrapInfo));
        Assert.Equal(WrappingHttp.Invalid, await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Lookup_WithoutAToken_ReportsCreationFields_ThenRewrapMovesTheData()
    {
        using var wrapped = await WrappingHttp.SendWrappedAsync(_vault.Client, HttpMethod.Get, "secret/data/app", _vault.RootToken, "2m");
        var first = await WrappingHttp.WrapInfoAsync(wrapped);

        using var lookupResponse = await _vault.SendAsync(HttpMethod.Post, "sys/wrapping/lookup", new { token = WrappingHttp.Token(first) }, token: "");
        var lookup = await HttpResponseAssert.JsonAsync(lookupResponse, HttpStatusCode.OK);
        Assert.Equal("secret/data/app", lookup["data"]!["creation_path"]!.GetValue<string>());
        Assert.Equal(120, lookup["data"]!["creation_ttl"]!.GetValue<long>());
        Assert.Equal(first["creation_time"]!.GetValue<string>(), lookup["data"]!["creation_time"]!.GetValue<string>());

        using var rewrapResponse = await _vault.SendAsync(HttpMethod.Post, "sys/wrapping/rewrap", new { token = WrappingHttp.Token(first) });
        var second = await WrappingHttp.WrapInfoAsync(rewrapResponse);
        Assert.NotEqual(WrappingHttp.Token(first), WrappingHttp.Token(second));
        Assert.Equal(120, second["ttl"]!.GetValue<long>());
        Assert.Equal("secret/data/app", second["creation_path"]!.GetValue<string>());

        using var old = await _vault.SendAsync(HttpMethod.Post, "sys/wrapping/lookup", new { token = WrappingHttp.Token(first) }, token: "");
        Assert.Equal(WrappingHttp.Invalid, await old.Content.ReadAsStringAsync());
        var original = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/wrapping/unwrap", new { token = WrappingHttp.Token(second) });
        Assert.Equal("s3cret", original["data"]!["data"]!["password"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("-5", "requested wrap ttl cannot be negative")]
    [InlineData("-1m", "requested wrap ttl cannot be negative")]
    [InlineData("soon", "error parsing wrap ttl: invalid duration")]
    public async Task BadWrapTtlHeader_Returns400(string header, string message)
    {
        using var response = await WrappingHttp.SendWrappedAsync(_vault.Client, HttpMethod.Get, "secret/data/app", _vault.RootToken, header);

        Assert.Equal([message], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task SysWrappingWrap_WithoutTheHeader_Returns400_WithItWrapsTheBody()
    {
        using var plain = await _vault.SendAsync(HttpMethod.Post, "sys/wrapping/wrap", new { a = 1 });
        Assert.Equal(["endpoint requires response wrapping to be used"], await HttpResponseAssert.ErrorAsync(plain, HttpStatusCode.BadRequest));

        using var wrapped = await WrappingHttp.SendWrappedAsync(
            _vault.Client, HttpMethod.Post, "sys/wrapping/wrap", _vault.RootToken, "1h", new JsonObject { ["a"] = 1, ["b"] = "two" });
        var wrapInfo = await WrappingHttp.WrapInfoAsync(wrapped);
        Assert.Equal(3600, wrapInfo["ttl"]!.GetValue<long>());

        var original = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/wrapping/unwrap", new { token = WrappingHttp.Token(wrapInfo) });
        Assert.Equal("""{"a":1,"b":"two"}""", original["data"]!.ToJsonString());
    }
}
