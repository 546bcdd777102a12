using System.Net;
using Serverless.Vault.Testing.Fakes;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>Okta over real HTTP on the Kestrel host, against a local fake of Okta's authn and users APIs.</summary>
public sealed class OktaHttpTests(OktaHttpTests.Host host) : IClassFixture<OktaHttpTests.Host>
{
    private VaultHost Vault => host.Vault;

    [Fact]
    public async Task Config_IsReadBackWithoutTheApiToken()
    {
        var config = await Vault.ReadJsonAsync(HttpMethod.Get, "auth/okta/config");

        Assert.Equal("dev-1", config["data"]!["org_name"]!.GetValue<string>());
        Assert.Equal(host.Okta.BaseUrl.ToString(), config["data"]!["base_url"]!.GetValue<string>());
        Assert.Null(config["data"]!["api_token"]);
        Assert.DoesNotContain(FakeOktaApi.ApiToken, config.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupsAndUsers_AreWrittenReadListedAndDeleted()
    {
        await AuthHttp.WriteAsync(Vault, "auth/okta/groups/Temp-Group", new { policies = "temp,Shared" });
        await AuthHttp.WriteAsync(Vault, "auth/okta/users/temp-user", new { groups = "local", policies = "mine" });

        Assert.Equal(["shared", "temp"], AuthHttp.Strings((await Vault.ReadJsonAsync(HttpMethod.Get, "auth/okta/groups/temp-group"))["data"]!["policies"]).Order());
        var user = await Vault.ReadJsonAsync(HttpMethod.Get, "auth/okta/users/temp-user");
        Assert.Equal(["local"], AuthHttp.Strings(user["data"]!["groups"]));
        Assert.Equal(["mine"], AuthHttp.Strings(user["data"]!["policies"]));
        Assert.Contains("temp-group", AuthHttp.Strings((await Vault.ReadJsonAsync(new HttpMethod("LIST"), "auth/okta/groups"))["data"]!["keys"]));
        Assert.Contains("temp-user", AuthHttp.Strings((await Vault.ReadJsonAsync(new HttpMethod("LIST"), "auth/okta/users"))["data"]!["keys"]));

        foreach (var path in new[] { "auth/okta/users/temp-user", "auth/okta/groups/temp-group" })
        {
            using var deleted = await Vault.SendAsync(HttpMethod.Delete, path);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            using var read = await Vault.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
    }

    [Fact]
    public async Task Login_RightPassword_GrantsConfigGroupAndUserPolicies()
    {
        using var login = await AuthHttp.LoginAsync(Vault, "auth/okta/login/alice", new { password = "correct horse" });

        var body = await HttpResponseAssert.JsonAsync(login, HttpStatusCode.OK);
        var auth = body["auth"]!;
        Assert.Equal(["base", "default", "eng", "mine"], AuthHttp.Strings(auth["policies"]).Order());
        Assert.Equal("alice", auth["metadata"]!["username"]!.GetValue<string>());
        Assert.DoesNotContain("correct horse", body.ToJsonString(), StringComparison.Ordinal);
        var self = await Vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: auth["client_token"]!.GetValue<string>());
        Assert.Equal("okta-alice", self["data"]!["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_MfaWithPasscode_VerifiesTheFactor()
    {
        Assert.NotEmpty(await AuthHttp.LoginTokenAsync(Vault, "auth/okta/login/bob", new { password = "bob-pass", totp = "123456" }));
    }

    [Theory]
    [InlineData("alice", "wrong", null, "Okta auth failed: Authentication failed (code=E0000004)")]
    [InlineData("nobody", "correct horse", null, "Okta auth failed: Authentication failed (code=E0000004)")]
    [InlineData("alice", "", null, "password cannot be empty")]
    [InlineData("bob", "bob-pass", null, "'totp' passcode parameter is required to perform MFA")]
    [InlineData("carol", "carol-pass", null, "okta authentication failed")]
    public async Task Login_Refused_Is400AndMintsNothing(string username, string password, string? totp, string message)
    {
        object body = totp is null ? new { password } : new { password, totp };

        await AuthHttp.RefusedAsync(Vault, "auth/okta/login/" + username, body, HttpStatusCode.BadRequest, message);
    }

    /// <summary>The fake Okta API and one dev host for the class, okta enabled and configured with an API token.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private FakeOktaApi? _okta;
        private VaultHost? _vault;

        public FakeOktaApi Okta => _okta ?? throw new InvalidOperationException("The fake starts in InitializeAsync.");

        public VaultHost Vault => _vault ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

        public async Task InitializeAsync()
        {
            _okta = await FakeOktaApi.StartAsync();
            _okta.AddUser(new FakeOktaUser("alice", "correct horse", "u-alice", ["Engineering", "Everyone"]));
            _okta.AddUser(new FakeOktaUser("bob", "bob-pass", "u-bob", ["Engineering"]) { TotpPasscode = "123456" });
            _okta.AddUser(new FakeOktaUser("carol", "carol-pass", "u-carol", []) { Status = "LOCKED_OUT" });
            _vault = await VaultHost.StartDevAsync();
            await AuthHttp.WriteAsync(_vault, "sys/auth/okta", new { type = "okta" });
            await AuthHttp.WriteAsync(_vault, "auth/okta/config", new { org_name = "dev-1", base_url = _okta.BaseUrl.ToString(), api_token = FakeOktaApi.ApiToken, token_policies = "base" });
            await AuthHttp.WriteAsync(_vault, "auth/okta/groups/engineering", new { policies = "eng" });
            await AuthHttp.WriteAsync(_vault, "auth/okta/users/alice", new { policies = "mine" });
        }

        public async Task DisposeAsync()
        {
            if (_vault is not null)
            {
                await _vault.DisposeAsync();
            }

            if (_okta is not null)
            {
                await _okta.DisposeAsync();
            }
        }
    }
}
