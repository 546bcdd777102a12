using System.Net;
using Serverless.Vault.Server.Tests.Tokens;

namespace Serverless.Vault.Server.Tests.Policies;

/// <summary>sys/capabilities-self, sys/capabilities (token + paths) and sys/capabilities-accessor.</summary>
public sealed class CapabilitiesTests : IAsyncLifetime
{
    private VaultHost _vault = null!;
    private string _token = "";
    private string _accessor = "";

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await _vault.WritePolicyAsync("caps", """
            path "secret/data/app/*" { capabilities = ["create", "read", "update"] }
            path "secret/data/app/admin" { capabilities = ["deny"] }
            path "secret/metadata/app/*" { capabilities = ["list", "delete"] }
            path "sys/rotate" { capabilities = ["update", "sudo"] }
            """);
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "caps" } });
        _token = auth["client_token"]!.GetValue<string>();
        _accessor = auth["accessor"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task CapabilitiesSelf_SeveralPaths_ReportsEachInDataAndAtTopLevel()
    {
        string[] paths = ["secret/data/app/x", "secret/data/app/admin", "secret/metadata/app/", "sys/rotate", "secret/data/other"];
        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths }, _token);
        AssertCapabilities(body["data"]!, paths);
        AssertCapabilities(body, paths);
        Assert.Null(body["data"]!["capabilities"]);
    }

    [Fact]
    public async Task CapabilitiesSelf_OnePath_AlsoAnswersCapabilities()
    {
        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "secret/data/app/x" } }, _token);
        Assert.Equal(["create", "read", "update"], TokenRequests.Sorted(body["capabilities"]));
        Assert.Equal(["create", "read", "update"], TokenRequests.Sorted(body["data"]!["capabilities"]));

        var legacy = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-self", new { path = "secret/data/app/x" }, _token);
        Assert.Equal(["create", "read", "update"], TokenRequests.Sorted(legacy["capabilities"]));
    }

    [Fact]
    public async Task Capabilities_ForTokenAsRoot_ReportsThatToken()
    {
        string[] paths = ["secret/data/app/x", "secret/data/app/admin", "secret/metadata/app/", "sys/rotate", "secret/data/other"];
        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities", new { token = _token, paths });
        AssertCapabilities(body["data"]!, paths);
        AssertCapabilities(body, paths);
    }

    [Fact]
    public async Task CapabilitiesAccessor_ReportsTheTokenBehindIt()
    {
        string[] paths = ["secret/data/app/x", "secret/data/app/admin", "secret/metadata/app/", "sys/rotate", "secret/data/other"];
        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-accessor", new { accessor = _accessor, paths });
        AssertCapabilities(body["data"]!, paths);
    }

    [Fact]
    public async Task CapabilitiesSelf_RootToken_IsRootEverywhere()
    {
        var body = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "anything/at/all", "sys/rotate" } });
        Assert.Equal(["root"], TokenRequests.Strings(body["anything/at/all"]));
        Assert.Equal(["root"], TokenRequests.Strings(body["sys/rotate"]));
    }

    [Fact]
    public async Task Capabilities_UnknownTokenOrAccessor_Returns400()
    {
        using var token = await _vault.SendAsync(HttpMethod.Post, "sys/capabilities", new { token = "hvs.AAAAAAAAAAAAAAAAAAAAAAAA", paths = new[] { "a" } });
        await HttpResponseAssert.ErrorAsync(token, HttpStatusCode.BadRequest);
        using var accessor = await _vault.SendAsync(HttpMethod.Post, "sys/capabilities-accessor", new { accessor = "AAAAAAAAAAAAAAAAAAAAAAAA", paths = new[] { "a" } });
        await HttpResponseAssert.ErrorAsync(accessor, HttpStatusCode.BadRequest);
        using var noPaths = await _vault.SendAsync(HttpMethod.Post, "sys/capabilities-self", new { }, _token);
        Assert.Equal(["missing paths"], await HttpResponseAssert.ErrorAsync(noPaths, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Capabilities_OfOtherTokens_NeedsPermission()
    {
        // The default policy grants capabilities-self only.
        using var other = await _vault.SendAsync(HttpMethod.Post, "sys/capabilities", new { token = _vault.RootToken, paths = new[] { "a" } }, _token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(other, HttpStatusCode.Forbidden));
        using var byAccessor = await _vault.SendAsync(HttpMethod.Post, "sys/capabilities-accessor", new { accessor = _accessor, paths = new[] { "a" } }, _token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(byAccessor, HttpStatusCode.Forbidden));
    }

    private static void AssertCapabilities(System.Text.Json.Nodes.JsonNode body, string[] paths)
    {
        Assert.Equal(["create", "read", "update"], TokenRequests.Sorted(body[paths[0]]));
        Assert.Equal(["deny"], TokenRequests.Strings(body[paths[1]]));
        Assert.Equal(["delete", "list"], TokenRequests.Sorted(body[paths[2]]));
        Assert.Equal(["sudo", "update"], TokenRequests.Sorted(body[paths[3]]));
        Assert.Equal(["deny"], TokenRequests.Strings(body[paths[4]]));
    }
}
