using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fakes;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>GitHub login over real HTTP on the Kestrel host, against a local fake of GitHub's REST API.</summary>
public sealed class GitHubHttpTests : IAsyncLifetime
{
    private const string Pat = "ghp_http_alice";
    private const string MalloryPat = "ghp_http_mallory";

    private FakeGitHubApi _github = null!;
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubApi.StartAsync();
        _github.AddOrganization("acme", 7);
        _github.AddOrganization("evil-corp", 8);
        _github.AddUser(Pat, new FakeGitHubUser("alice", 1, ["acme"], [new FakeGitHubTeam("Ops", "ops", "acme")]));
        _github.AddUser(MalloryPat, new FakeGitHubUser("mallory", 2, ["evil-corp"], []));
        _vault = await VaultHost.StartDevAsync();
        (await _vault.SendAsync(HttpMethod.Post, "sys/auth/github", new { type = "github" })).EnsureSuccessStatusCode();
        (await _vault.SendAsync(HttpMethod.Post, "auth/github/config", new { organization = "acme", base_url = _github.BaseUrl.ToString() })).EnsureSuccessStatusCode();
        (await _vault.SendAsync(HttpMethod.Post, "auth/github/map/teams/ops", new { value = "ops-policy" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _vault.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task Login_WithPat_ReturnsATokenThatWorks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/github/login") { Content = JsonContent(new JsonObject { ["token"] = Pat }) };
        using var response = await _vault.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var auth = body["auth"]!;
        Assert.Equal(["default", "ops-policy"], auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Equal("alice", auth["metadata"]!["username"]!.GetValue<string>());
        Assert.Equal("acme", auth["metadata"]!["org"]!.GetValue<string>());
        var self = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: auth["client_token"]!.GetValue<string>());
        Assert.Equal("github-alice", self["data"]!["display_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("teams")]
    [InlineData("users")]
    public async Task Map_IsWrittenReadListedAndDeleted(string kind)
    {
        (await _vault.SendAsync(HttpMethod.Post, $"auth/github/map/{kind}/site-reliability", new { value = "sre,Oncall" })).EnsureSuccessStatusCode();
        (await _vault.SendAsync(HttpMethod.Post, $"auth/github/map/{kind}/second", new { value = "x" })).EnsureSuccessStatusCode();

        var read = await _vault.ReadJsonAsync(HttpMethod.Get, $"auth/github/map/{kind}/site-reliability");
        var listed = await _vault.ReadJsonAsync(new HttpMethod("LIST"), $"auth/github/map/{kind}");

        Assert.Equal("sre,oncall", read["data"]!["value"]!.GetValue<string>());
        Assert.Contains("site-reliability", AuthHttp.Strings(listed["data"]!["keys"]));
        Assert.Contains("second", AuthHttp.Strings(listed["data"]!["keys"]));
        using (var deleted = await _vault.SendAsync(HttpMethod.Delete, $"auth/github/map/{kind}/site-reliability"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await _vault.SendAsync(HttpMethod.Get, $"auth/github/map/{kind}/site-reliability");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain("site-reliability", AuthHttp.Strings((await _vault.ReadJsonAsync(new HttpMethod("LIST"), $"auth/github/map/{kind}"))["data"]!["keys"]));
    }

    [Theory]
    [InlineData("ghp_wrong", "401 Bad credentials")]
    [InlineData(MalloryPat, "user is not part of required org")]
    public async Task Login_Refused_Is400AndMintsNothing(string pat, string expected)
    {
        var before = await AuthHttp.TokenCountAsync(_vault);

        using var response = await AuthHttp.LoginAsync(_vault, "auth/github/login", new { token = pat });

        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(pat, error, StringComparison.Ordinal);
        Assert.Equal(before, await AuthHttp.TokenCountAsync(_vault));
    }

    [Fact]
    public async Task Login_GitHubDown_Answers503()
    {
        await _github.DisposeAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/github/login") { Content = JsonContent(new JsonObject { ["token"] = Pat }) };
        using var response = await _vault.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("error contacting GitHub", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
