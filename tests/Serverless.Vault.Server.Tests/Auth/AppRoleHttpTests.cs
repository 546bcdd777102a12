using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Server.Tests.Kv;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Auth;

/// <summary>
/// AppRole over real HTTP against two server processes sharing one Azurite table, as two Function App instances
/// would: Vault's wire format for logins, the client address reaching the CIDR checks, and a single-use secret ID
/// that logins racing through both processes can spend only once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AppRoleHttpTests(TwoServerProcesses processes) : IClassFixture<TwoServerProcesses>
{
    private const string Invalid = "invalid role or secret ID";

    [Fact]
    public async Task Login_OverHttp_AnswersWithVaultsAuthBlock()
    {
        var server = processes.Servers[0];
        var roleId = await CreateRoleAsync(server, "http-web", new JsonObject { ["token_policies"] = "web", ["token_ttl"] = "20m" });
        var issued = await server.ReadJsonAsync(HttpMethod.Post, "auth/approle/role/http-web/secret-id", processes.RootToken, new JsonObject { ["metadata"] = "{\"team\":\"blue\"}" });
        var secretId = issued["data"]!["secret_id"]!.GetValue<string>();

        using var login = await server.SendAsync(HttpMethod.Post, "auth/approle/login", null, new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId });

        var body = await HttpResponseAssert.JsonAsync(login, HttpStatusCode.OK);
        Assert.Null(body["data"]);
        Assert.Equal("", body["lease_id"]!.GetValue<string>());
        var auth = body["auth"]!;
        Assert.StartsWith("hvs.", auth["client_token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1200, auth["lease_duration"]!.GetValue<long>());
        Assert.Equal("http-web", auth["metadata"]!["role_name"]!.GetValue<string>());
        Assert.Equal("blue", auth["metadata"]!["team"]!.GetValue<string>());
        Assert.Equal(["default", "web"], auth["token_policies"]!.AsArray().Select(p => p!.GetValue<string>()).Order());

        var listed = await server.ReadJsonAsync(HttpMethod.Get, "auth/approle/role/http-web/secret-id?list=true", processes.RootToken);
        Assert.Equal(issued["data"]!["secret_id_accessor"]!.GetValue<string>(), listed["data"]!["keys"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_WrongSecretOrUnknownRole_Is400WithoutTheSecret()
    {
        var server = processes.Servers[1];
        var roleId = await CreateRoleAsync(server, "http-wrong", new JsonObject { ["token_policies"] = "web" });

        foreach (var body in new[] { new JsonObject { ["role_id"] = roleId, ["secret_id"] = "not-the-secret" }, new JsonObject { ["role_id"] = "no-such-role", ["secret_id"] = "not-the-secret" } })
        {
            using var login = await server.SendAsync(HttpMethod.Post, "auth/approle/login", null, body);
            Assert.Equal([Invalid], await HttpResponseAssert.ErrorAsync(login, HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task Login_FromOutsideTheRolesCidrs_IsRefused()
    {
        var server = processes.Servers[0];
        var far = await CreateRoleAsync(server, "http-far", new JsonObject { ["secret_id_bound_cidrs"] = "10.0.0.0/8" });
        var near = await CreateRoleAsync(server, "http-near", new JsonObject { ["secret_id_bound_cidrs"] = "127.0.0.0/8" });
        var farSecret = (await server.ReadJsonAsync(HttpMethod.Post, "auth/approle/role/http-far/secret-id", processes.RootToken, new JsonObject()))["data"]!["secret_id"]!.GetValue<string>();
        var nearSecret = (await server.ReadJsonAsync(HttpMethod.Post, "auth/approle/role/http-near/secret-id", processes.RootToken, new JsonObject()))["data"]!["secret_id"]!.GetValue<string>();

        using (var refused = await server.SendAsync(HttpMethod.Post, "auth/approle/login", null, new JsonObject { ["role_id"] = far, ["secret_id"] = farSecret }))
        {
            var message = Assert.Single(await HttpResponseAssert.ErrorAsync(refused, HttpStatusCode.BadRequest));
            Assert.Contains("unauthorized by CIDR restrictions on the role", message, StringComparison.Ordinal);
        }

        var login = await server.ReadJsonAsync(HttpMethod.Post, "auth/approle/login", null, new JsonObject { ["role_id"] = near, ["secret_id"] = nearSecret });
        Assert.NotNull(login["auth"]!["client_token"]);
    }

    [Fact]
    public async Task Login_SingleUseSecretIdRacedThroughTwoProcesses_SucceedsExactlyOnce()
    {
        var roleId = await CreateRoleAsync(processes.Servers[0], "http-race", new JsonObject { ["token_policies"] = "web" });
        var issued = await processes.Servers[0].ReadJsonAsync(HttpMethod.Post, "auth/approle/role/http-race/secret-id", processes.RootToken, new JsonObject { ["num_uses"] = 1 });
        var secretId = issued["data"]!["secret_id"]!.GetValue<string>();
        var body = new JsonObject { ["role_id"] = roleId, ["secret_id"] = secretId };

        using var start = new SemaphoreSlim(0);
        var logins = Enumerable.Range(0, 10).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await processes.Servers[i % 2].SendAsync(HttpMethod.Post, "auth/approle/login", null, body);
            return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
        }).ToArray();
        start.Release(logins.Length);
        var results = await Task.WhenAll(logins);

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains(Invalid, r.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secretId, r.Text, StringComparison.Ordinal);
        });
    }

    private async Task<string> CreateRoleAsync(VaultProcess server, string name, JsonObject settings)
    {
        using (var created = await server.SendAsync(HttpMethod.Post, $"auth/approle/role/{name}", processes.RootToken, settings))
        {
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        }

        return (await server.ReadJsonAsync(HttpMethod.Get, $"auth/approle/role/{name}/role-id", processes.RootToken))["data"]!["role_id"]!.GetValue<string>();
    }
}
