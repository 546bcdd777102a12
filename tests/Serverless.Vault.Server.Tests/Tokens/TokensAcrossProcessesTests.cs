using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Server.Tests.Kv;
using Xunit.Abstractions;

namespace Serverless.Vault.Server.Tests.Tokens;

/// <summary>
/// Tokens across two server processes sharing one Azurite table: a revocation on one reaches the other within the
/// token cache's 5 s bound (README "Many instances"), batch tokens work everywhere, and limited-use tokens are
/// counted in storage, never in a cache.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TokensAcrossProcessesTests(TwoServerProcesses processes, ITestOutputHelper output) : IClassFixture<TwoServerProcesses>
{
    /// <summary>The documented bound (5 s) plus a second for scheduling and the poll interval.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);

    /// <summary>How long to keep polling before giving up, so a slow refusal is measured rather than timed out.</summary>
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Revoke_OnFirstProcess_RefusedBySecondWithinBound()
    {
        var (first, second) = (processes.Servers[0], processes.Servers[1]);
        var token = await CreateAsync(first, new JsonObject { ["policies"] = new JsonArray("default") });

        // The second process reads (and caches) the live token before the revocation.
        await second.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token);

        using (var revoke = await first.SendAsync(HttpMethod.Post, "auth/token/revoke", processes.RootToken, new JsonObject { ["token"] = token }))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        using (var onFirst = await first.SendAsync(HttpMethod.Get, "auth/token/lookup-self", token))
        {
            Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(onFirst, HttpStatusCode.Forbidden));
        }

        var refusedAfter = await Eventually.StatusAsync(() => second.SendAsync(HttpMethod.Get, "auth/token/lookup-self", token), HttpStatusCode.Forbidden, clock, PollLimit);
        output.WriteLine($"revoked token refused by the second process after {refusedAfter?.TotalSeconds:0.00} s");
        Assert.True(refusedAfter is not null, $"still accepted {PollLimit} after the revocation");
        Assert.True(refusedAfter <= Bound, $"refused only after {refusedAfter}, bound {Bound}");

        // And it stays refused, for every kind of request.
        using var again = await second.SendAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/data/x", token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(again, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task BatchToken_CreatedOnFirstProcess_AcceptedBySecond()
    {
        var (first, second) = (processes.Servers[0], processes.Servers[1]);
        await WritePolicyAsync(first, "batch-reader", $$"""path "{{TwoServerProcesses.Mount}}/data/batch/*" { capabilities = ["read", "create"] }""");
        var token = await CreateAsync(first, new JsonObject { ["policies"] = new JsonArray("batch-reader"), ["type"] = "batch", ["ttl"] = "10m" });
        Assert.Matches(TokenRequests.BatchToken(), token);

        var lookup = await second.ReadJsonAsync(HttpMethod.Get, "auth/token/lookup-self", token);
        Assert.Equal("batch", lookup["data"]!["type"]!.GetValue<string>());
        Assert.Equal(["batch-reader", "default"], TokenRequests.Sorted(lookup["data"]!["policies"]));

        await second.ReadJsonAsync(HttpMethod.Post, $"{TwoServerProcesses.Mount}/data/batch/x", token, KvRequests.Write(new JsonObject { ["v"] = "b" }));
        var read = await first.ReadJsonAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/data/batch/x", token);
        Assert.Equal("b", read["data"]!["data"]!["v"]!.GetValue<string>());
        using var denied = await second.SendAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/data/other", token);
        Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(denied, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task NumUses3_UsedConcurrentlyOnBothProcesses_ExactlyThreeSucceed()
    {
        const int RequestsPerProcess = 8;
        var token = await CreateAsync(processes.Servers[0], new JsonObject { ["policies"] = new JsonArray("default"), ["num_uses"] = 3 });

        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, RequestsPerProcess * 2).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await processes.Servers[i % 2].SendAsync(HttpMethod.Get, "auth/token/lookup-self", token);
            return (i, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToArray();
        start.Release(requests.Length);
        var results = await Task.WhenAll(requests);

        var succeeded = results.Where(r => r.StatusCode == HttpStatusCode.OK).ToArray();
        Assert.True(succeeded.Length == 3, $"{succeeded.Length} succeeded: {string.Join("; ", results.Select(r => $"{r.i}:{(int)r.StatusCode}"))}");
        foreach (var refused in results.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"request {refused.i}: {(int)refused.StatusCode} {refused.Body}");
            Assert.Equal("""{"errors":["permission denied"]}""", refused.Body);
        }

        // Each success saw its own use: 2, 1 and -1 (the last use) left, never the same count twice.
        var left = succeeded.Select(r => JsonNode.Parse(r.Body)!["data"]!["num_uses"]!.GetValue<long>()).Order().ToArray();
        Assert.Equal([-1L, 1L, 2L], left);
        foreach (var server in processes.Servers)
        {
            using var after = await server.SendAsync(HttpMethod.Get, "auth/token/lookup-self", token);
            Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        }
    }

    private async Task<string> CreateAsync(VaultProcess server, JsonObject body)
    {
        var created = await server.ReadJsonAsync(HttpMethod.Post, "auth/token/create", processes.RootToken, body);
        return created["auth"]!["client_token"]!.GetValue<string>();
    }

    private async Task WritePolicyAsync(VaultProcess server, string name, string hcl)
    {
        using var response = await server.SendAsync(HttpMethod.Put, $"sys/policies/acl/{name}", processes.RootToken, new JsonObject { ["policy"] = hcl });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
