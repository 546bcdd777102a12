using System.Net;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>userpass over real HTTP: enable, create a user, log in without a token, use the token, fail a login.</summary>
public sealed class UserpassHttpTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";

    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await ExpectNoContentAsync(HttpMethod.Post, "sys/auth/userpass", new { type = "userpass" });
        await ExpectNoContentAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv" });
        await ExpectNoContentAsync(HttpMethod.Put, "kv/app", new { api_key = "k-1" });
        await ExpectNoContentAsync(HttpMethod.Put, "sys/policies/acl/app-reader", new { policy = "path \"kv/app\" { capabilities = [\"read\"] }" });
        await ExpectNoContentAsync(HttpMethod.Post, "auth/userpass/users/Alice", new { password = Password, token_policies = "app-reader" });
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Login_RightPassword_TokenReadsWhatItsPolicyAllows()
    {
        using var login = await SendAnonymousAsync("auth/userpass/login/alice", new { password = Password });
        var body = await HttpResponseAssert.JsonAsync(login, HttpStatusCode.OK);

        Assert.Null(body["data"]);
        Assert.Equal("", body["lease_id"]!.GetValue<string>());
        var auth = body["auth"]!.AsObject();
        Assert.Equal("alice", auth["metadata"]!["username"]!.GetValue<string>());
        Assert.Equal(["app-reader", "default"], auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.DoesNotContain(Password, body.ToJsonString(), StringComparison.Ordinal);
        var token = auth["client_token"]!.GetValue<string>();

        var secret = await _vault.ReadJsonAsync(HttpMethod.Get, "kv/app", token: token);
        Assert.Equal("k-1", secret["data"]!["api_key"]!.GetValue<string>());
        using var denied = await _vault.SendAsync(HttpMethod.Get, "sys/mounts", token: token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(denied, HttpStatusCode.Forbidden));
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("nobody", Password)]
    public async Task Login_BadCredentials_Returns400WithVaultsErrorShape(string username, string password)
    {
        var before = await AuthHttp.TokenCountAsync(_vault);

        using var response = await SendAnonymousAsync("auth/userpass/login/" + username, new { password });

        Assert.Equal(["invalid username or password"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(before, await AuthHttp.TokenCountAsync(_vault));
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("client_token", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_ReadAndList_NeverShowThePassword()
    {
        var user = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/userpass/users/alice");
        var list = await _vault.ReadJsonAsync(new HttpMethod("LIST"), "auth/userpass/users");

        Assert.Null(user["data"]!["password"]);
        Assert.Equal(["app-reader"], user["data"]!["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.DoesNotContain(Password, user.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("$2", user.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["alice"], list["data"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task Users_PasswordAndPoliciesUpdates_ThenDelete_RefuseTheLogin()
    {
        await ExpectNoContentAsync(HttpMethod.Post, "auth/userpass/users/bob", new { password = "old-password", token_policies = "a" });

        await ExpectNoContentAsync(HttpMethod.Post, "auth/userpass/users/bob/password", new { password = "new-password" });
        await ExpectNoContentAsync(HttpMethod.Post, "auth/userpass/users/bob/policies", new { token_policies = "b,c" });

        var user = await _vault.ReadJsonAsync(HttpMethod.Get, "auth/userpass/users/bob");
        Assert.Null(user["data"]!["password"]);
        Assert.Equal(["b", "c"], user["data"]!["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        await AuthHttp.RefusedAsync(_vault, "auth/userpass/login/bob", new { password = "old-password" }, HttpStatusCode.BadRequest, "invalid username or password");
        using (var login = await SendAnonymousAsync("auth/userpass/login/bob", new { password = "new-password" }))
        {
            var auth = (await HttpResponseAssert.JsonAsync(login, HttpStatusCode.OK))["auth"]!;
            Assert.Equal(["b", "c", "default"], auth["policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());
        }

        using (var deleted = await _vault.SendAsync(HttpMethod.Delete, "auth/userpass/users/bob"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var read = await _vault.SendAsync(HttpMethod.Get, "auth/userpass/users/bob"))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        await AuthHttp.RefusedAsync(_vault, "auth/userpass/login/bob", new { password = "new-password" }, HttpStatusCode.BadRequest, "invalid username or password");
    }

    [Fact]
    public async Task Login_BoundCidrs_AllowLoopbackAndRefuseOtherNetworks()
    {
        await ExpectNoContentAsync(HttpMethod.Post, "auth/userpass/users/local", new { password = Password, token_bound_cidrs = "127.0.0.1/32,::1/128" });
        await ExpectNoContentAsync(HttpMethod.Post, "auth/userpass/users/remote", new { password = Password, token_bound_cidrs = "10.0.0.0/8" });

        using var local = await SendAnonymousAsync("auth/userpass/login/local", new { password = Password });
        using var remote = await SendAnonymousAsync("auth/userpass/login/remote", new { password = Password });

        await HttpResponseAssert.JsonAsync(local, HttpStatusCode.OK);
        Assert.Equal(["login request originated from invalid CIDR"], await HttpResponseAssert.ErrorAsync(remote, HttpStatusCode.Forbidden));
    }

    private async Task ExpectNoContentAsync(HttpMethod method, string path, object body)
    {
        using var response = await _vault.SendAsync(method, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A login carries no token at all (the host's SendAsync would add the root token).</summary>
    private async Task<HttpResponseMessage> SendAnonymousAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/" + path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        return await _vault.Client.SendAsync(request);
    }
}
