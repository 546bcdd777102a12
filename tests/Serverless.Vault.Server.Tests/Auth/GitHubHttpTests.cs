using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Testing.Fakes;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>GitHub login over real HTTP on the Kestrel host, against a local fake of GitHub's REST API.</summary>
public sealed class GitHubHttpTests : IAsyncLifetime
{
    private const string Pat = "ghp_http_alice";

    private FakeGitHubApi _github = null!;
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubApi.StartAsync();
        _github.AddOrganization("acme", 7);
        _github.AddUser(Pat, new FakeGitHubUser("alice", 1, ["acme"], [new FakeGitHubTeam("Ops", "ops", "acme")]));
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

    [Fact]
    public async Task Login_BadPat_Answers400WithErrors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/github/login") { Content = JsonContent(new JsonObject { ["token"] = "ghp_wrong" }) };
        using var response = await _vault.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("401 Bad credentials", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_wrong", body, StringComparison.Ordinal);
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
