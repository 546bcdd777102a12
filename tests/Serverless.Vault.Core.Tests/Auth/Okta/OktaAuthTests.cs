using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fakes;

namespace Serverless.Vault.Core.Tests.Auth.Okta;

/// <summary>The okta auth method through the router, against a local fake of Okta's authentication and users APIs.</summary>
public sealed class OktaAuthTests : IAsyncLifetime
{
    private FakeOktaApi _okta = null!;
    private TestVault _vault = null!;

    public async Task InitializeAsync()
    {
        _okta = await FakeOktaApi.StartAsync();
        _okta.AddUser(new FakeOktaUser("alice", "correct horse", "u-alice", ["Engineering", "Everyone", "On-Call"]));
        _okta.AddUser(new FakeOktaUser("bob", "bob-pass", "u-bob", ["Engineering"]) { TotpPasscode = "123456" });
        _okta.AddUser(new FakeOktaUser("carol", "carol-pass", "u-carol", []) { Status = "LOCKED_OUT" });
        _okta.AddUser(new FakeOktaUser("dave", "dave-pass", "u-dave", []) { Status = "PASSWORD_WARN" });
        _vault = await TestVault.InitializedAsync();
        VaultAssert.NoContent(await _vault.WriteAsync("sys/auth/okta", new JsonObject { ["type"] = "okta" }));
    }

    public async Task DisposeAsync()
    {
        _vault.Dispose();
        await _okta.DisposeAsync();
    }

    [Fact]
    public async Task Config_IsReadBackWithoutTheApiToken()
    {
        await ConfigureAsync(withApiToken: true);

        var config = VaultAssert.Ok(await _vault.ReadAsync("auth/okta/config"));
        Assert.Equal("dev-1", config["org_name"]!.GetValue<string>());
        Assert.Equal(_okta.BaseUrl.ToString(), config["base_url"]!.GetValue<string>());
        Assert.False(config["bypass_okta_mfa"]!.GetValue<bool>());
        Assert.Null(config["api_token"]);
        Assert.DoesNotContain(FakeOktaApi.ApiToken, config.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_WithoutOrgNameOrFullBaseUrl_IsRefused()
    {
        VaultAssert.Error(await _vault.WriteAsync("auth/okta/config", new JsonObject { ["api_token"] = "x" }), 400, "org_name is missing");
        VaultAssert.ErrorContaining(await _vault.WriteAsync("auth/okta/config", new JsonObject { ["org_name"] = "evil.example#" }), 400, "org_name must be");
        VaultAssert.ErrorContaining(await _vault.WriteAsync("auth/okta/config", new JsonObject { ["org_name"] = "dev-1", ["base_url"] = "okta.com/x" }), 400, "org_name must be");
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/config", new JsonObject { ["org_name"] = "dev-1", ["base_url"] = "oktapreview.com" }));
    }

    [Fact]
    public async Task GroupsAndUsers_AreWrittenReadListedAndDeleted()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/groups/Engineering", new JsonObject { ["policies"] = "eng,Shared" }));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/users/alice", new JsonObject { ["groups"] = "local", ["policies"] = "mine" }));

        Assert.Equal(["eng", "shared"], VaultAssert.Ok(await _vault.ReadAsync("auth/okta/groups/engineering"))["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        var user = VaultAssert.Ok(await _vault.ReadAsync("auth/okta/users/alice"));
        Assert.Equal(["local"], user["groups"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["mine"], user["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["engineering"], VaultAssert.Ok(await _vault.ListAsync("auth/okta/groups"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["alice"], VaultAssert.Ok(await _vault.ListAsync("auth/okta/users"))["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        VaultAssert.NoContent(await _vault.DeleteAsync("auth/okta/users/alice"));
        VaultAssert.NoContent(await _vault.DeleteAsync("auth/okta/groups/engineering"));
        VaultAssert.Error(await _vault.ReadAsync("auth/okta/users/alice"), 404);
        VaultAssert.Error(await _vault.ListAsync("auth/okta/groups"), 404);
    }

    [Fact]
    public async Task Login_Success_GrantsUserOktaGroupAndLocalGroupPolicies()
    {
        await ConfigureAsync(withApiToken: true);
        await MapAsync();
        _okta.PageSize = 2;

        var login = await LoginAsync("alice", "correct horse");

        Assert.Equal(["base", "default", "eng", "local-pol", "mine", "oncall"], LoginAssert.Policies(login));
        Assert.Equal("alice", login!.Auth!["metadata"]!["username"]!.GetValue<string>());
        var self = VaultAssert.Ok(await _vault.ReadAsync("auth/token/lookup-self", login.Auth["client_token"]!.GetValue<string>()));
        Assert.Equal("okta-alice", self["display_name"]!.GetValue<string>());
        Assert.Equal("auth/okta/login/alice", self["path"]!.GetValue<string>());
        // The third group came from the second page.
        Assert.Contains(_okta.Requests, r => r.Contains("/api/v1/users/u-alice/groups?after=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WithoutApiToken_UsesOnlyLocalGroups()
    {
        await ConfigureAsync(withApiToken: false);
        await MapAsync();

        var login = await LoginAsync("alice", "correct horse");

        Assert.Equal(["base", "default", "local-pol", "mine"], LoginAssert.Policies(login));
        Assert.DoesNotContain(_okta.Requests, r => r.Contains("/groups", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_IsRefused()
    {
        await ConfigureAsync(withApiToken: true);

        await LoginAssert.RefusedAsync(_vault, await LoginAsync("alice", "wrong"), 400, "Okta auth failed: Authentication failed (code=E0000004)");
        await LoginAssert.RefusedAsync(_vault, await LoginAsync("nobody", "x"), 400, "Okta auth failed");
        await LoginAssert.RefusedAsync(_vault, await LoginAsync("alice", ""), 400, "password cannot be empty");
    }

    [Fact]
    public async Task Login_LockedOut_IsRefused()
    {
        await ConfigureAsync(withApiToken: false);

        await LoginAssert.RefusedAsync(_vault, await LoginAsync("carol", "carol-pass"), 400, "okta authentication failed");
    }

    [Fact]
    public async Task Login_PasswordWarn_SucceedsWithWarning()
    {
        await ConfigureAsync(withApiToken: false);

        var login = await LoginAsync("dave", "dave-pass");

        Assert.NotNull(login!.Auth);
        Assert.Contains(login.Warnings, w => w.Contains("password is in warning state", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_MfaRequiredWithoutPasscode_IsRefused()
    {
        await ConfigureAsync(withApiToken: true);

        await LoginAssert.RefusedAsync(_vault, await LoginAsync("bob", "bob-pass"), 400, "'totp' passcode parameter is required to perform MFA");
    }

    [Fact]
    public async Task Login_MfaRequiredWithWrongPasscode_IsRefused()
    {
        await ConfigureAsync(withApiToken: true);

        await LoginAssert.RefusedAsync(_vault, await LoginAsync("bob", "bob-pass", totp: "000000"), 400, "Invalid Passcode/Answer");
    }

    [Fact]
    public async Task Login_MfaRequiredWithPasscode_VerifiesTheFactor()
    {
        await ConfigureAsync(withApiToken: true);
        await MapAsync();

        var login = await LoginAsync("bob", "bob-pass", totp: "123456");

        Assert.Equal(["base", "default", "eng"], LoginAssert.Policies(login));
        Assert.Contains($"POST /api/v1/authn/factors/{FakeOktaApi.FactorId}/verify", _okta.Requests);
    }

    [Fact]
    public async Task Login_MfaRequiredWithBypass_SucceedsWithoutVerifying()
    {
        await ConfigureAsync(withApiToken: true, bypassMfa: true);

        var login = await LoginAsync("bob", "bob-pass");

        Assert.NotNull(login!.Auth);
        Assert.DoesNotContain(_okta.Requests, r => r.Contains("/verify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_WithoutConfig_IsRefused()
    {
        await LoginAssert.RefusedAsync(_vault, await LoginAsync("alice", "correct horse"), 400, "Okta auth method not configured");
    }

    [Fact]
    public async Task Login_OktaUnreachable_Answers503AndMintsNothing()
    {
        await ConfigureAsync(withApiToken: true);
        await _okta.DisposeAsync();

        await LoginAssert.RefusedAsync(_vault, await LoginAsync("alice", "correct horse"), 503, "error contacting Okta");
    }

    [Fact]
    public async Task Login_BadApiToken_IsRefused()
    {
        await ConfigureAsync(withApiToken: true);
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/config", new JsonObject { ["api_token"] = "wrong" }));

        await LoginAssert.RefusedAsync(_vault, await LoginAsync("alice", "correct horse"), 400, "okta failure retrieving groups: Invalid token provided");
    }

    private Task<VaultResponse?> LoginAsync(string username, string password, string? totp = null)
    {
        var body = new JsonObject { ["password"] = password };
        if (totp is not null)
        {
            body["totp"] = totp;
        }

        return _vault.WriteAsync("auth/okta/login/" + username, body, token: null);
    }

    [Fact]
    public async Task Renew_LogsInToOktaAgain_AndStopsWhenOktaRefusesOrThePoliciesChanged()
    {
        await ConfigureAsync(withApiToken: true);
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/groups/Engineering", new JsonObject { ["policies"] = "eng" }));
        var first = VaultAssert.Auth(await LoginAsync("alice", "correct horse"))["client_token"]!.GetValue<string>();
        var second = VaultAssert.Auth(await LoginAsync("alice", "correct horse"))["client_token"]!.GetValue<string>();
        var asked = _okta.Requests.Count;

        Assert.NotNull(VaultAssert.Auth(await _vault.WriteAsync("auth/token/renew-self", null, first)));
        Assert.True(_okta.Requests.Count > asked, "renewal did not ask Okta");

        // Alice is in another Okta group now, which is mapped to a policy.
        _okta.AddUser(new FakeOktaUser("alice", "correct horse", "u-alice", ["Engineering", "Admins"]));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/groups/Admins", new JsonObject { ["policies"] = "admin" }));
        VaultAssert.Error(await _vault.WriteAsync("auth/token/renew-self", null, first), 400, "policies have changed, not renewing");

        // Alice's password was changed at Okta.
        _okta.AddUser(new FakeOktaUser("alice", "new password", "u-alice", ["Engineering"]));
        VaultAssert.ErrorContaining(await _vault.WriteAsync("auth/token/renew-self", null, second), 400, "Okta auth failed");
    }

    [Fact]
    public async Task Renew_UserWhomOktaAsksForAPasscode_CannotRenew()
    {
        await ConfigureAsync(withApiToken: false);
        var token = VaultAssert.Auth(await LoginAsync("bob", "bob-pass", totp: "123456"))["client_token"]!.GetValue<string>();

        VaultAssert.Error(await _vault.WriteAsync("auth/token/renew-self", null, token), 400, "'totp' passcode parameter is required to perform MFA");
    }

    [Fact]
    public async Task Login_KeepsThePasswordForRenewal_ButNeverAnswersIt()
    {
        await ConfigureAsync(withApiToken: true);
        var login = await LoginAsync("alice", "correct horse");
        var token = VaultAssert.Auth(login)["client_token"]!.GetValue<string>();

        var answers = new[]
        {
            login!.Auth!.ToJsonString(),
            VaultAssert.Ok(await _vault.ReadAsync("auth/token/lookup-self", token)).ToJsonString(),
            VaultAssert.Auth(await _vault.WriteAsync("auth/token/renew-self", null, token)).ToJsonString(),
        };

        Assert.All(answers, answer => Assert.DoesNotContain("correct horse", answer, StringComparison.Ordinal));
        Assert.All(answers, answer => Assert.DoesNotContain("internal_data", answer, StringComparison.Ordinal));
    }

    private async Task ConfigureAsync(bool withApiToken, bool bypassMfa = false)
    {
        var body = new JsonObject { ["org_name"] = "dev-1", ["base_url"] = _okta.BaseUrl.ToString(), ["token_policies"] = "base", ["bypass_okta_mfa"] = bypassMfa };
        if (withApiToken)
        {
            body["api_token"] = FakeOktaApi.ApiToken;
        }

        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/config", body));
    }

    private async Task MapAsync()
    {
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/groups/engineering", new JsonObject { ["policies"] = "eng" }));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/groups/on-call", new JsonObject { ["policies"] = "oncall" }));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/groups/local", new JsonObject { ["policies"] = "local-pol" }));
        VaultAssert.NoContent(await _vault.WriteAsync("auth/okta/users/alice", new JsonObject { ["groups"] = "local", ["policies"] = "mine" }));
    }
}
