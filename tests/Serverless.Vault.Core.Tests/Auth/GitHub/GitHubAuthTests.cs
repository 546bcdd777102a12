using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fakes;

namespace Serverless.Vault.Core.Tests.Auth.GitHub;

/// <summary>The github auth method through the router, against a local fake of GitHub's REST API.</summary>
public sealed class GitHubAuthTests : IAsyncLifetime
{
    private const string AlicePat = "ghp_alice";
    private const string MalloryPat = "ghp_mallory";

    private FakeGitHubApi _github = null!;
    private TestVault _vault = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubApi.StartAsync();
        _github.AddOrganization("acme", 1001);
        _github.AddOrganization("other", 2002);
        _github.AddUser(AlicePat, new FakeGitHubUser("Alice", 42, ["other", "acme"],
        [
            new FakeGitHubTeam("Site Reliability", "site-reliability", "acme"),
            new FakeGitHubTeam("Admins", "admins", "other"),
        ]));
        _github.AddUser(MalloryPat, new FakeGitHubUser("mallory", 66, ["other"], []));
        _vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await _vault.WriteAsync("sys/auth/github", new JsonObject { ["type"] = "github" }));
    }

    public async Task DisposeAsync()
    {
        _vault.Dispose();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task Config_WithoutOrganizationId_ResolvesItFromGitHub()
    {
        await ConfigureAsync();

        var config = VaultAssert.Ok(await _vault.ReadAsync("auth/github/config"));
        Assert.Equal("acme", config["organization"]!.GetValue<string>());
        Assert.Equal(1001, config["organization_id"]!.GetValue<long>());
        Assert.Equal(_github.BaseUrl.ToString(), config["base_url"]!.GetValue<string>());
        Assert.Equal(["base"], config["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Contains("/api/v3/orgs/acme", _github.Requests);
    }

    [Fact]
    public async Task Config_MissingOrganizationOrUnknownOrg_IsRefused()
    {
        VaultAssert.Error(await _vault.WriteAsync("auth/github/config", new JsonObject { ["base_url"] = _github.BaseUrl.ToString() }), 400, "organization is a required parameter");
        VaultAssert.ErrorContaining(await _vault.WriteAsync("auth/github/config", new JsonObject { ["organization"] = "nope", ["base_url"] = _github.BaseUrl.ToString() }), 400, "404 Not Found");
        VaultAssert.ErrorContaining(await _vault.WriteAsync("auth/github/config", new JsonObject { ["organization"] = "acme", ["base_url"] = "ftp://x" }), 400, "base_url");
        VaultAssert.Error(await _vault.ReadAsync("auth/github/config"), 404);
    }

    [Fact]
    public async Task Config_WithOrganizationId_DoesNotCallGitHub()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/config", new JsonObject { ["organization"] = "acme", ["organization_id"] = 1001, ["base_url"] = _github.BaseUrl.ToString() }));

        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task Maps_AreWrittenReadListedAndDeleted()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/teams/Site-Reliability", new JsonObject { ["value"] = "ops, Web" }));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/users/alice", new JsonObject { ["value"] = "personal" }));

        var team = VaultAssert.Ok(await _vault.ReadAsync("auth/github/map/teams/site-reliability"));
        Assert.Equal("site-reliability", team["key"]!.GetValue<string>());
        Assert.Equal("ops,web", team["value"]!.GetValue<string>());
        Assert.Equal(["site-reliability"], VaultAssert.Ok(await _vault.ListAsync("auth/github/map/teams"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["alice"], VaultAssert.Ok(await _vault.ListAsync("auth/github/map/users"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        VaultAssert.NoContent(await _vault.DeleteAsync("auth/github/map/teams/site-reliability"));
        VaultAssert.Error(await _vault.ReadAsync("auth/github/map/teams/site-reliability"), 404);
    }

    [Fact]
    public async Task Login_MemberOfOrg_GetsConfigTeamAndUserPolicies()
    {
        await ConfigureAsync();
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/teams/site-reliability", new JsonObject { ["value"] = "ops" }));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/teams/Site Reliability", new JsonObject { ["value"] = "by-name" }));
        // A team of another organization grants nothing, even when mapped.
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/teams/admins", new JsonObject { ["value"] = "root-ish" }));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/users/alice", new JsonObject { ["value"] = "personal" }));

        var login = await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null);

        Assert.Equal(["base", "by-name", "default", "ops", "personal"], LoginAssert.Policies(login));
        var auth = login!.Auth!;
        Assert.Equal("Alice", auth["metadata"]!["username"]!.GetValue<string>());
        Assert.Equal("acme", auth["metadata"]!["org"]!.GetValue<string>());
        var self = VaultAssert.Ok(await _vault.ReadAsync("auth/token/lookup-self", auth["client_token"]!.GetValue<string>()));
        Assert.Equal("github-Alice", self["display_name"]!.GetValue<string>());
        Assert.Equal("auth/github/login", self["path"]!.GetValue<string>());
        Assert.Empty(login.Warnings);
        Assert.All(_github.Requests.Where(r => r.StartsWith("/api/v3/user", StringComparison.Ordinal)), r => Assert.DoesNotContain(AlicePat, r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_OrgsAndTeamsOnLaterPages_AreFollowedThroughLinkHeaders()
    {
        await ConfigureAsync();
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/teams/site-reliability", new JsonObject { ["value"] = "ops" }));
        _github.PageSize = 1;

        var login = await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null);

        Assert.Equal(["base", "default", "ops"], LoginAssert.Policies(login));
        Assert.Contains(_github.Requests, r => r.StartsWith("/api/v3/user/orgs", StringComparison.Ordinal) && r.Contains("page=2", StringComparison.Ordinal));
        Assert.Contains(_github.Requests, r => r.StartsWith("/api/v3/user/teams", StringComparison.Ordinal) && r.Contains("page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_RenamedOrganization_WarnsButSucceeds()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/config", new JsonObject { ["organization"] = "acme-old", ["organization_id"] = 1001, ["base_url"] = _github.BaseUrl.ToString() }));

        var login = await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null);

        Assert.NotNull(login!.Auth);
        Assert.Contains(login.Warnings, w => w.Contains("the organization name has changed to \"acme\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_BadPat_IsRefusedWithGitHubsMessage()
    {
        await ConfigureAsync();

        await LoginAssert.RefusedAsync(_vault, await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = "ghp_wrong" }, token: null), 400, "401 Bad credentials");
        await LoginAssert.RefusedAsync(_vault, await _vault.WriteAsync("auth/github/login", new JsonObject(), token: null), 400, "missing token");
    }

    [Fact]
    public async Task Login_UserNotInOrg_IsRefused()
    {
        await ConfigureAsync();

        await LoginAssert.RefusedAsync(_vault, await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = MalloryPat }, token: null), 400, "user is not part of required org");
    }

    [Fact]
    public async Task Login_WithoutConfig_IsRefused()
    {
        await LoginAssert.RefusedAsync(_vault, await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null), 400, "configuration has not been set");
    }

    [Fact]
    public async Task Login_GitHubFailing_Answers503AndMintsNothing()
    {
        await ConfigureAsync();
        _github.FailWith = 502;

        await LoginAssert.RefusedAsync(_vault, await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null), 503, "502");
    }

    [Fact]
    public async Task Login_GitHubUnreachable_Answers503AndMintsNothing()
    {
        await ConfigureAsync();
        await _github.DisposeAsync();

        await LoginAssert.RefusedAsync(_vault, await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null), 503, "error contacting GitHub");
    }

    [Fact]
    public async Task Renew_AsksGitHubAgain_AndStopsWhenTheUserLeftTheOrgOrThePoliciesChanged()
    {
        await ConfigureAsync();
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/teams/site-reliability", new JsonObject { ["value"] = "ops" }));
        var first = VaultAssert.Auth(await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null))["client_token"]!.GetValue<string>();
        var second = VaultAssert.Auth(await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null))["client_token"]!.GetValue<string>();
        var asked = _github.Requests.Count;

        Assert.NotNull(VaultAssert.Auth(await _vault.WriteAsync("auth/token/renew-self", null, first)));
        Assert.True(_github.Requests.Count > asked, "renewal did not ask GitHub");

        // Another team map: the user's policies at GitHub are no longer the token's.
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/map/users/alice", new JsonObject { ["value"] = "personal" }));
        VaultAssert.Error(await _vault.WriteAsync("auth/token/renew-self", null, first), 400, "policies do not match");
        VaultAssert.NoContent(await _vault.DeleteAsync("auth/github/map/users/alice"));

        // Alice leaves the organization.
        _github.AddUser(AlicePat, new FakeGitHubUser("Alice", 42, ["other"], []));
        VaultAssert.Error(await _vault.WriteAsync("auth/token/renew-self", null, second), 400, "user is not part of required org");
    }

    [Fact]
    public async Task Login_KeepsThePatForRenewal_ButNeverAnswersIt()
    {
        await ConfigureAsync();
        var login = await _vault.WriteAsync("auth/github/login", new JsonObject { ["token"] = AlicePat }, token: null);
        var token = VaultAssert.Auth(login)["client_token"]!.GetValue<string>();
        var accessor = VaultAssert.Auth(login)["accessor"]!.GetValue<string>();

        var answers = new[]
        {
            login!.Auth!.ToJsonString(),
            VaultAssert.Ok(await _vault.ReadAsync("auth/token/lookup-self", token)).ToJsonString(),
            VaultAssert.Ok(await _vault.WriteAsync("auth/token/lookup-accessor", new JsonObject { ["accessor"] = accessor })).ToJsonString(),
            VaultAssert.Auth(await _vault.WriteAsync("auth/token/renew-self", null, token)).ToJsonString(),
        };

        Assert.All(answers, answer => Assert.DoesNotContain(AlicePat, answer, StringComparison.Ordinal));
        Assert.All(answers, answer => Assert.DoesNotContain("internal_data", answer, StringComparison.Ordinal));

        // The stored entry keeps it for the next renewal; the in-memory cache of entries does not.
        var store = _vault.Get<Core.Tokens.TokenStore>();
        var key = await store.HashAsync(token, CancellationToken.None);
        Assert.Equal(AlicePat, (await store.ReadAsync(key, CancellationToken.None)).Entry!.InternalData!["token"]);
        var cached = store.Cache.Get(key);
        Assert.NotNull(cached);
        Assert.Null(cached.InternalData);
        Assert.True(cached.InternalDataLeftOut);
    }

    private async Task ConfigureAsync() =>
        VaultAssert.NoContent(await _vault.WriteAsync("auth/github/config", new JsonObject { ["organization"] = "acme", ["base_url"] = _github.BaseUrl.ToString(), ["token_policies"] = "base" }));
}
