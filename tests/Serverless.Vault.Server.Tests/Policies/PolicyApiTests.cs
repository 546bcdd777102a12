using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Vault.Server.Tests.Tokens;

namespace Serverless.Vault.Server.Tests.Policies;

/// <summary>sys/policy (legacy, copied to the top level) and sys/policies/acl over HTTP, with their protections.</summary>
public sealed partial class PolicyApiTests : IAsyncLifetime
{
    private const string ReadApp = """
        path "secret/data/app/*" {
          capabilities = ["read", "list"]
        }
        """;

    private VaultHost _vault = null!;

    public async Task InitializeAsync() => _vault = await VaultHost.StartDevAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task LegacyList_HasPoliciesAtTopLevelAndInData()
    {
        await _vault.WritePolicyAsync("listed", ReadApp);
        var body = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/policy");
        Assert.Equal(["default", "listed", "root"], TokenRequests.Sorted(body["policies"]));
        Assert.Equal(["default", "listed", "root"], TokenRequests.Sorted(body["data"]!["policies"]));
        Assert.Equal(["default", "listed", "root"], TokenRequests.Sorted(body["data"]!["keys"]));
        Assert.Equal(["default", "listed", "root"], TokenRequests.Sorted(body["keys"]));
    }

    [Fact]
    public async Task LegacyWriteWithPolicy_ThenRead_HasNameAndRulesAtTopLevel()
    {
        using (var write = await _vault.SendAsync(HttpMethod.Put, "sys/policy/legacy-a", new { policy = ReadApp }))
        {
            await TokenRequests.AssertNoContentAsync(write);
        }

        var body = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/policy/legacy-a");
        Assert.Equal("legacy-a", body["name"]!.GetValue<string>());
        Assert.Equal(ReadApp, body["rules"]!.GetValue<string>());
        Assert.Equal("legacy-a", body["data"]!["name"]!.GetValue<string>());
        Assert.Equal(ReadApp, body["data"]!["rules"]!.GetValue<string>());
    }

    [Fact]
    public async Task LegacyWriteWithRules_IsAccepted()
    {
        using (var write = await _vault.SendAsync(HttpMethod.Put, "sys/policy/legacy-b", new { rules = ReadApp }))
        {
            Assert.True(write.IsSuccessStatusCode, $"{(int)write.StatusCode} {await write.Content.ReadAsStringAsync()}");
        }

        var body = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/policy/legacy-b");
        Assert.Equal(ReadApp, body["rules"]!.GetValue<string>());
    }

    [Fact]
    public async Task LegacyWriteWithRules_WarnsThatRulesIsDeprecated()
    {
        var body = await _vault.ReadJsonAsync(HttpMethod.Put, "sys/policy/legacy-c", new { rules = ReadApp });
        Assert.Contains("'rules' is deprecated, please use 'policy' instead", TokenRequests.Strings(body["warnings"]));
    }

    [Fact]
    public async Task Acl_PutGetListDelete_RoundTrips()
    {
        using (var write = await _vault.SendAsync(HttpMethod.Put, "sys/policies/acl/acl-a", new { policy = ReadApp }))
        {
            await TokenRequests.AssertNoContentAsync(write);
        }

        var read = await _vault.ReadJsonAsync(HttpMethod.Get, "sys/policies/acl/acl-a");
        Assert.Equal("acl-a", read["data"]!["name"]!.GetValue<string>());
        Assert.Equal(ReadApp, read["data"]!["policy"]!.GetValue<string>());
        Assert.Null(read["policy"]);

        var list = await _vault.ReadJsonAsync(TokenRequests.List, "sys/policies/acl");
        Assert.Contains("acl-a", TokenRequests.Strings(list["data"]!["keys"]));
        Assert.Contains("root", TokenRequests.Strings(list["data"]!["keys"]));
        Assert.Null(list["keys"]);

        using (var delete = await _vault.SendAsync(HttpMethod.Delete, "sys/policies/acl/acl-a"))
        {
            await TokenRequests.AssertNoContentAsync(delete);
        }

        using var gone = await _vault.SendAsync(HttpMethod.Get, "sys/policies/acl/acl-a");
        Assert.Empty(await HttpResponseAssert.ErrorAsync(gone, HttpStatusCode.NotFound));
        var after = await _vault.ReadJsonAsync(TokenRequests.List, "sys/policies/acl");
        Assert.DoesNotContain("acl-a", TokenRequests.Strings(after["data"]!["keys"]));
    }

    [Fact]
    public async Task Acl_JsonAndBase64Documents_AreAccepted()
    {
        await _vault.WritePolicyAsync("as-json", """{"path": {"secret/data/j/*": {"capabilities": ["read"]}}}""");
        await _vault.WritePolicyAsync("as-base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(ReadApp)));
        var token = await _vault.TokenWithPoliciesAsync("as-json", "as-base64");
        var caps = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "secret/data/j/x", "secret/data/app/x" } }, token);
        Assert.Equal(["read"], TokenRequests.Strings(caps["secret/data/j/x"]));
        Assert.Equal(["list", "read"], TokenRequests.Sorted(caps["secret/data/app/x"]));
    }

    [Fact]
    public async Task Acl_UpperCaseName_IsLowerCasedWithWarning()
    {
        var body = await _vault.ReadJsonAsync(HttpMethod.Put, "sys/policies/acl/MixedCase", new { policy = ReadApp });
        Assert.Equal(["policy name was converted to \"mixedcase\""], TokenRequests.Strings(body["warnings"]));
        Assert.Equal("mixedcase", (await _vault.ReadJsonAsync(HttpMethod.Get, "sys/policies/acl/mixedcase"))["data"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("sys/policies/acl/broken")]
    [InlineData("sys/policy/broken")]
    public async Task Write_MalformedHcl_Returns400WithLineAndColumn(string path)
    {
        const string Broken = "path \"secret/*\" {\n  capabilities = [\"read\"\n}\n";
        using var response = await _vault.SendAsync(HttpMethod.Put, path, new { policy = Broken });
        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        var position = LineAndColumn().Match(error);
        Assert.True(position.Success, error);
        Assert.Equal("3", position.Groups["line"].Value);
        Assert.StartsWith("failed to parse policy", error, StringComparison.Ordinal);

        using var read = await _vault.SendAsync(HttpMethod.Get, "sys/policies/acl/broken");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("path \"a\" { capabilities = [\"fly\"] }")]
    [InlineData("path \"a\" { capabilities = [\"read\"] } }")]
    [InlineData("{\"path\": {\"a\": {\"capabilities\": [\"read\"]}")]
    public async Task Write_InvalidDocument_Returns400WithPosition(string policy)
    {
        using var response = await _vault.SendAsync(HttpMethod.Put, "sys/policies/acl/invalid", new { policy });
        var error = Assert.Single(await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
        Assert.Matches(LineAndColumn(), error);
    }

    [Theory]
    [InlineData("sys/policies/acl/empty")]
    [InlineData("sys/policy/empty")]
    public async Task Write_EmptyPolicy_Returns400(string path)
    {
        using var response = await _vault.SendAsync(HttpMethod.Put, path, new { policy = "" });
        Assert.Equal(["'policy' parameter not supplied or empty"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("sys/policies/acl/root")]
    [InlineData("sys/policy/root")]
    public async Task Root_CannotBeWrittenOrDeleted(string path)
    {
        using var write = await _vault.SendAsync(HttpMethod.Put, path, new { policy = ReadApp });
        Assert.Contains("root", Assert.Single(await HttpResponseAssert.ErrorAsync(write, HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        using var delete = await _vault.SendAsync(HttpMethod.Delete, path);
        Assert.Contains("root", Assert.Single(await HttpResponseAssert.ErrorAsync(delete, HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        var caps = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "sys/rotate" } });
        Assert.Equal(["root"], TokenRequests.Strings(caps["sys/rotate"]));
    }

    [Fact]
    public async Task Default_CanBeEditedButNotDeleted()
    {
        var original = (await _vault.ReadJsonAsync(HttpMethod.Get, "sys/policies/acl/default"))["data"]!["policy"]!.GetValue<string>();
        Assert.Contains("auth/token/lookup-self", original, StringComparison.Ordinal);

        using var delete = await _vault.SendAsync(HttpMethod.Delete, "sys/policies/acl/default");
        Assert.Equal(["cannot delete the default policy"], await HttpResponseAssert.ErrorAsync(delete, HttpStatusCode.BadRequest));

        await _vault.WritePolicyAsync("default", original + "\npath \"secret/data/extra\" { capabilities = [\"read\"] }\n");
        var token = await _vault.TokenWithPoliciesAsync("default");
        var caps = await _vault.ReadJsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "secret/data/extra" } }, token);
        Assert.Equal(["read"], TokenRequests.Strings(caps["secret/data/extra"]));
        await _vault.WritePolicyAsync("default", original);
    }

    [Fact]
    public async Task DeletedPolicy_OnExistingToken_GrantsNothing()
    {
        // Deleted before the token's first request, so no compiled ACL of this set exists yet (see the skipped test below).
        await _vault.WritePolicyAsync("doomed", """path "secret/data/doomed/*" { capabilities = ["read"] }""");
        var token = await _vault.TokenWithPoliciesAsync("doomed");
        using (var delete = await _vault.SendAsync(HttpMethod.Delete, "sys/policy/doomed"))
        {
            await TokenRequests.AssertNoContentAsync(delete);
        }

        using var denied = await _vault.SendAsync(HttpMethod.Get, "secret/data/doomed/x", token: token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(denied, HttpStatusCode.Forbidden));
        Assert.Contains("doomed", TokenRequests.Strings((await _vault.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token))["data"]!["policies"]));
    }

    [Fact]
    public async Task DeletedPolicy_OnTheSameInstance_AppliesAtOnce()
    {
        await _vault.WritePolicyAsync("doomed-now", """path "secret/data/doomed-now/*" { capabilities = ["read"] }""");
        var token = await _vault.TokenWithPoliciesAsync("doomed-now");
        Assert.Equal(HttpStatusCode.NotFound, await _vault.StatusAsync(HttpMethod.Get, "secret/data/doomed-now/x", token: token));

        (await _vault.SendAsync(HttpMethod.Delete, "sys/policy/doomed-now")).Dispose();
        using var denied = await _vault.SendAsync(HttpMethod.Get, "secret/data/doomed-now/x", token: token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(denied, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task PolicyEndpoints_WithoutPermission_Return403()
    {
        var token = await _vault.TokenWithPoliciesAsync("default");
        foreach (var (method, path) in new[] { (HttpMethod.Get, "sys/policy"), (HttpMethod.Put, "sys/policies/acl/mine"), (TokenRequests.List, "sys/policies/acl") })
        {
            using var response = await _vault.SendAsync(method, path, method == HttpMethod.Put ? new { policy = ReadApp } : null, token);
            Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(response, HttpStatusCode.Forbidden));
        }
    }

    [GeneratedRegex(@"line (?<line>\d+), column (?<column>\d+)")]
    private static partial Regex LineAndColumn();
}
