using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>auth/token/create and create-orphan over HTTP: every creation option, token formats, the subset rule.</summary>
public sealed class TokenCreateTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await VaultHost.StartDevAsync();
        await _vault.WritePolicyAsync("web", """path "secret/data/web/*" { capabilities = ["read"] }""");
        await _vault.WritePolicyAsync("db", """path "secret/data/db/*" { capabilities = ["read"] }""");
        await _vault.WritePolicyAsync("creator", """
            path "auth/token/create" { capabilities = ["update"] }
            path "auth/token/create-orphan" { capabilities = ["update"] }
            """);
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Create_WithPoliciesAndTtl_ReturnsAuthBlockOnly()
    {
        var response = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "web", "db" }, ttl = "1h" });

        Assert.Null(response["data"]);
        Assert.Equal("", response["lease_id"]!.GetValue<string>());
        Assert.Equal(0, response["lease_duration"]!.GetValue<long>());
        var auth = response["auth"]!;
        Assert.Matches(TokenRequests.ServiceToken(), auth["client_token"]!.GetValue<string>());
        Assert.Matches(TokenRequests.Accessor(), auth["accessor"]!.GetValue<string>());
        Assert.Equal(["db", "default", "web"], TokenRequests.Sorted(auth["policies"]));
        Assert.Equal(["db", "default", "web"], TokenRequests.Sorted(auth["token_policies"]));
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());
        Assert.True(auth["renewable"]!.GetValue<bool>());
        Assert.Equal("service", auth["token_type"]!.GetValue<string>());
        Assert.False(auth["orphan"]!.GetValue<bool>());
        Assert.Equal(0, auth["num_uses"]!.GetValue<long>());
        Assert.Equal("", auth["entity_id"]!.GetValue<string>());
        Assert.Null(auth["metadata"]);
    }

    [Fact]
    public async Task Create_TwoTokens_HaveDistinctIdsAndAccessors()
    {
        var first = await _vault.CreateTokenAsync(new { policies = new[] { "web" } });
        var second = await _vault.CreateTokenAsync(new { policies = new[] { "web" } });
        Assert.NotEqual(first["client_token"]!.GetValue<string>(), second["client_token"]!.GetValue<string>());
        Assert.NotEqual(first["accessor"]!.GetValue<string>(), second["accessor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ExplicitMaxTtl_CapsTtlAndShowsInLookup()
    {
        var response = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "web" }, ttl = "2h", explicit_max_ttl = "1h" });
        Assert.Equal(3600, response["auth"]!["lease_duration"]!.GetValue<long>());
        Assert.Contains(TokenRequests.Strings(response["warnings"]), w => w.Contains("capped", StringComparison.Ordinal));

        var lookup = await LookupSelfAsync(response["auth"]!["client_token"]!.GetValue<string>());
        Assert.Equal(3600, lookup["explicit_max_ttl"]!.GetValue<long>());
        Assert.Equal(3600, lookup["creation_ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_Period_MakesPeriodicToken()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, period = "30m" });
        Assert.Equal(1800, auth["lease_duration"]!.GetValue<long>());
        var lookup = await LookupSelfAsync(auth["client_token"]!.GetValue<string>());
        Assert.Equal(1800, lookup["period"]!.GetValue<long>());

        var renewed = await _vault.ReadJsonAsync(HttpMethod.Post, "auth/token/renew-self", new { increment = "10h" }, auth["client_token"]!.GetValue<string>());
        Assert.Equal(1800, renewed["auth"]!["lease_duration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_RenewableFalse_CannotBeRenewed()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, renewable = false });
        Assert.False(auth["renewable"]!.GetValue<bool>());
        Assert.False((await LookupSelfAsync(auth["client_token"]!.GetValue<string>()))["renewable"]!.GetValue<bool>());

        using var renew = await _vault.SendAsync(HttpMethod.Post, "auth/token/renew-self", new { }, auth["client_token"]!.GetValue<string>());
        Assert.Equal(["lease is not renewable"], await HttpResponseAssert.ErrorAsync(renew, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_NoParentAsRoot_IsOrphan()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, no_parent = true });
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.True((await LookupSelfAsync(auth["client_token"]!.GetValue<string>()))["orphan"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_NoParentWithoutSudo_Returns400()
    {
        var creator = await _vault.TokenWithPoliciesAsync("creator", "web");
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "web" }, no_parent = true }, creator);
        Assert.Equal(["root or sudo privileges required to create orphan token"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_PeriodWithoutSudo_Returns400()
    {
        var creator = await _vault.TokenWithPoliciesAsync("creator", "web");
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "web" }, period = "1h" }, creator);
        Assert.Equal(["root or sudo privileges required to create periodic token"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_CustomIdAsRoot_IsUsed_ButNotWithHvsPrefix()
    {
        var id = "custom-" + Guid.NewGuid().ToString("N");
        var auth = await _vault.CreateTokenAsync(new { id, policies = new[] { "web" } });
        Assert.Equal(id, auth["client_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "auth/token/lookup-self", token: id));

        using var prefixed = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { id = "hvs.mine" });
        Assert.Equal(["custom token ID cannot have the 'hvs.' prefix"], await HttpResponseAssert.ErrorAsync(prefixed, HttpStatusCode.BadRequest));
        using var duplicate = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { id, policies = new[] { "web" } });
        Assert.Equal(["cannot create a token with a duplicate ID"], await HttpResponseAssert.ErrorAsync(duplicate, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_NumUses_ShownInAuthAndLookup()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, num_uses = 5 });
        Assert.Equal(5, auth["num_uses"]!.GetValue<long>());

        // The lookup itself spends one use.
        var lookup = await LookupSelfAsync(auth["client_token"]!.GetValue<string>());
        Assert.Equal(4, lookup["num_uses"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_NumUsesNegative_Returns400()
    {
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { num_uses = -1 });
        Assert.Equal(["number of uses cannot be negative"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("ci", "token-ci")]
    [InlineData("My App/1", "token-My-App-1")]
    [InlineData("trailing!", "token-trailing")]
    public async Task Create_DisplayName_PrefixedAndSanitized(string given, string expected)
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, display_name = given });
        Assert.Equal(expected, (await LookupSelfAsync(auth["client_token"]!.GetValue<string>()))["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_Meta_ReturnedAsMetadataAndMeta()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, meta = new { user = "armon", team = "ops" } });
        Assert.Equal("armon", auth["metadata"]!["user"]!.GetValue<string>());
        Assert.Equal("ops", auth["metadata"]!["team"]!.GetValue<string>());
        var lookup = await LookupSelfAsync(auth["client_token"]!.GetValue<string>());
        Assert.Equal("armon", lookup["meta"]!["user"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_TypeBatch_ReturnsHvbTokenWithoutAccessor()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, type = "batch", ttl = "1h" });
        var token = auth["client_token"]!.GetValue<string>();
        Assert.Matches(TokenRequests.BatchToken(), token);
        Assert.Equal("", auth["accessor"]!.GetValue<string>());
        Assert.Equal("batch", auth["token_type"]!.GetValue<string>());
        Assert.False(auth["renewable"]!.GetValue<bool>());
        Assert.Equal(3600, auth["lease_duration"]!.GetValue<long>());

        var lookup = await LookupSelfAsync(token);
        Assert.Equal("batch", lookup["type"]!.GetValue<string>());
        Assert.Equal(token, lookup["id"]!.GetValue<string>());
        Assert.Equal(["default", "web"], TokenRequests.Sorted(lookup["policies"]));
    }

    [Theory]
    [InlineData("num_uses", 3)]
    [InlineData("explicit_max_ttl", "1h")]
    [InlineData("period", "1h")]
    public async Task Create_BatchWithServiceOnlyOption_Returns400(string field, object value)
    {
        var body = new JsonObject { ["type"] = "batch", [field] = JsonValue.Create(value) };
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", body);
        Assert.Equal([$"batch tokens cannot have \"{field}\" set"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_BatchParent_CannotCreateTokens()
    {
        var batch = (await _vault.CreateTokenAsync(new { type = "batch", policies = new[] { "creator" } }))["client_token"]!.GetValue<string>();
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { }, batch);
        Assert.Equal(["batch tokens cannot create more tokens"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_BatchFromRootWithoutPolicies_Returns400()
    {
        // Inheriting the root policy would make a root batch token.
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { type = "batch" });
        Assert.Equal(["batch tokens cannot be root tokens"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_NonRootWithPolicyItLacks_Returns400SubsetError()
    {
        var creator = await _vault.TokenWithPoliciesAsync("creator", "web");
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "web", "db" } }, creator);
        Assert.Equal(["child policies must be subset of parent"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Create_NonRootWithSubset_Succeeds_AndNonRootCannotMintRoot()
    {
        var creator = await _vault.TokenWithPoliciesAsync("creator", "web");
        var child = await _vault.CreateTokenAsync(new { policies = new[] { "web" } }, creator);
        Assert.Equal(["default", "web"], TokenRequests.Sorted(child["policies"]));

        using var root = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "root" } }, creator);
        await HttpResponseAssert.ErrorAsync(root, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_WithoutPolicies_InheritsCallers()
    {
        var creator = await _vault.TokenWithPoliciesAsync("creator", "web");
        var child = await _vault.CreateTokenAsync(new { }, creator);
        Assert.Equal(["creator", "default", "web"], TokenRequests.Sorted(child["policies"]));

        var fromRoot = await _vault.CreateTokenAsync(new { });
        Assert.Equal(["root"], TokenRequests.Strings(fromRoot["policies"]));
    }

    [Fact]
    public async Task Create_NoDefaultPolicy_LeavesDefaultOut()
    {
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" }, no_default_policy = true });
        Assert.Equal(["web"], TokenRequests.Strings(auth["policies"]));
    }

    [Fact]
    public async Task CreateOrphan_ByNonRootToken_IsOrphanWithoutSudo()
    {
        var creator = await _vault.TokenWithPoliciesAsync("creator", "web");
        var auth = await _vault.CreateTokenAsync(new { policies = new[] { "web" } }, creator, "auth/token/create-orphan");
        Assert.True(auth["orphan"]!.GetValue<bool>());
        Assert.Matches(TokenRequests.ServiceToken(), auth["client_token"]!.GetValue<string>());

        // The orphan outlives its creator.
        using (var revoke = await _vault.SendAsync(HttpMethod.Post, "auth/token/revoke", new { token = creator }))
        {
            await TokenRequests.AssertNoContentAsync(revoke);
        }

        Assert.Equal(HttpStatusCode.OK, await _vault.StatusAsync(HttpMethod.Get, "auth/token/lookup-self", token: auth["client_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Create_WithoutCreatePermission_Returns403()
    {
        var plain = await _vault.TokenWithPoliciesAsync("web");
        using var response = await _vault.SendAsync(HttpMethod.Post, "auth/token/create", new { }, plain);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden));
    }

    private async Task<JsonObject> LookupSelfAsync(string token) =>
        (await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token))["data"]!.AsObject();
}
