using System.Net;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>auth/token/roles CRUD and LIST, and tokens created against a role with create/:role_name.</summary>
public sealed class TokenRoleTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await _vault.WritePolicyAsync("web", """path "secret/data/web/*" { capabilities = ["read"] }""");
        await _vault.WritePolicyAsync("db", """path "secret/data/db/*" { capabilities = ["read"] }""");
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Roles_WriteReadListDelete_RoundTrips()
    {
        using (var write = await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/app", new
        {
            allowed_policies = "web,db",
            disallowed_policies = new[] { "admin" },
            orphan = true,
            renewable = false,
            token_period = "1h",
            token_explicit_max_ttl = "24h",
            path_suffix = "v-1",
        }))
        {
            await TokenRequests.AssertNoContentAsync(write);
        }

        var data = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/roles/app"))["data"]!;
        Assert.Equal("app", data["name"]!.GetValue<string>());
        Assert.Equal(["db", "web"], TokenRequests.Sorted(data["allowed_policies"]));
        Assert.Equal(["admin"], TokenRequests.Strings(data["disallowed_policies"]));
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.False(data["renewable"]!.GetValue<bool>());
        Assert.Equal(3600, data["token_period"]!.GetValue<long>());
        Assert.Equal(86400, data["token_explicit_max_ttl"]!.GetValue<long>());
        Assert.Equal("v-1", data["path_suffix"]!.GetValue<string>());

        (await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/other", new { allowed_policies = "web" })).Dispose();
        var list = await _vault.ReadJsonAsync(TokenRequests.List, "auth/token/roles");
        Assert.Equal(["app", "other"], TokenRequests.Sorted(list["data"]!["keys"]));

        using (var delete = await _vault.SendAsync(HttpMethod.Delete, "auth/token/roles/app"))
        {
            await TokenRequests.AssertNoContentAsync(delete);
        }

        using var gone = await _vault.SendAsync(HttpMethod.Get, "auth/token/roles/app");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(gone, HttpStatusCode.NotFound));
        var after = await _vault.ReadJsonAsync(TokenRequests.List, "auth/token/roles");
        Assert.Equal(["other"], TokenRequests.Strings(after["data"]!["keys"]));
    }

    [Fact]
    public async Task Roles_Update_KeepsUnsetFields()
    {
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/keep", new { allowed_policies = "web", orphan = true })).Dispose();
        using (var update = await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/keep", new { path_suffix = "x-1" }))
        {
            await TokenRequests.AssertNoContentAsync(update);
        }

        var data = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/roles/keep"))["data"]!;
        Assert.Equal(["web"], TokenRequests.Strings(data["allowed_policies"]));
        Assert.True(data["orphan"]!.GetValue<bool>());
        Assert.Equal("x-1", data["path_suffix"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateAgainstRole_AppliesRoleSettings()
    {
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/shaped", new
        {
            allowed_policies = new[] { "web", "db" },
            orphan = true,
            token_period = "2h",
            path_suffix = "svc",
        })).Dispose();

        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" } }, path: "auth/token/create/shaped");
        Assert.Equal(["default", "web"], TokenRequests.Sorted(auth["policies"]));
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(7200, auth["lease_duration"]!.GetValue<long>());

        var data = (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: auth["client_token"]!.GetValue<string>()))["data"]!;
        Assert.Equal("auth/token/create/shaped/svc", data["path"]!.GetValue<string>());
        Assert.Equal("shaped", data["role"]!.GetValue<string>());
        Assert.Equal(7200, data["period"]!.GetValue<long>());

        // Without requested policies the token gets all the role allows.
        var all = await _vault.CreateTokenAsync(new { }, path: "auth/token/create/shaped");
        Assert.Equal(["db", "default", "web"], TokenRequests.Sorted(all["policies"]));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("a!b")]
    public async Task Roles_InvalidPathSuffix_Returns400(string suffix)
    {
        // Vault's pattern \w[\w-.]+\w needs at least three characters.
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/suffixed", new { path_suffix = suffix });
        Assert.StartsWith("given role path suffix contains invalid characters", Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAgainstRole_PolicyOutsideAllowed_Returns400()
    {
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/narrow", new { allowed_policies = "web" })).Dispose();
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create/narrow", new { policies = new[] { "db" } });
        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Contains("must be subset of the role's allowed policies", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAgainstRole_DisallowedPolicy_Returns400()
    {
        (await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/nodb", new { disallowed_policies = "db" })).Dispose();
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create/nodb", new { policies = new[] { "db" } });
        Assert.Equal(["token policy \"db\" is disallowed by this role"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task CreateAgainstRole_UnknownRole_Returns400()
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create/nosuch", new { });
        Assert.Equal(["unknown role nosuch"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task CreateAgainstRole_BatchRole_IssuesBatchToken()
    {
        using (var write = await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/batchy", new { token_type = "batch", orphan = true, renewable = false, allowed_policies = "web" }))
        {
            await TokenRequests.AssertNoContentAsync(write);
        }

        var auth = await _vault.CreateTokenAsync(new { }, path: "auth/token/create/batchy");
        Assert.Matches(TokenRequests.BatchToken(), auth["client_token"]!.GetValue<string>());
        Assert.Equal("batch", auth["token_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Roles_BatchRoleThatIsNotOrphan_Returns400()
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/roles/badbatch", new { token_type = "batch", renewable = false });
        Assert.Equal(["'token_type' cannot be 'batch' when role is set to generate non-orphan tokens"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Roles_ListWhenNone_Returns404()
    {
        await using var fresh = await VaultHost.StartDevAsync();
        using var response = await fresh.SendAsync(TokenRequests.List, "auth/token/roles");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.NotFound));
    }
}
