using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Server.Tests.Kv;
using Serverless.Vault.Server.Tests.Tokens;
using Xunit.Abstractions;

namespace Serverless.Vault.Server.Tests.Policies;

/// <summary>
/// A policy narrowed on one server process is enforced by another sharing the same Azurite table within the policy
/// cache's 5 s bound (README "Many instances").
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PoliciesAcrossProcessesTests(TwoServerProcesses processes, ITestOutputHelper output) : IClassFixture<TwoServerProcesses>
{
    /// <summary>The documented bound (5 s) plus a second for scheduling and the poll interval.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);

    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(10);

    private static string Secret(string name) => $"{TwoServerProcesses.Mount}/data/{name}";

    [Fact]
    public async Task PolicyNarrowed_OnFirstProcess_EnforcedBySecondWithinBound()
    {
        var (first, second) = (processes.Servers[0], processes.Servers[1]);
        var policy = KvRequests.Unique("narrowed");
        await WritePolicyAsync(first, policy, Grants("app/*", "other/*"));
        await first.ReadJsonAsync(HttpMethod.Post, Secret("app/x"), processes.RootToken, KvRequests.Write(new JsonObject { ["v"] = "1" }));
        var token = await CreateAsync(first, policy);

        // The second process loads the policy and compiles the token's ACL now.
        await second.ReadJsonAsync(HttpMethod.Get, Secret("app/x"), token);

        await WritePolicyAsync(first, policy, Grants("other/*"));
        var clock = Stopwatch.StartNew();
        using (var onFirst = await first.SendAsync(HttpMethod.Get, Secret("app/x"), token))
        {
            // The writing process itself may also cache the compiled ACL for the bound; it must not exceed it.
            output.WriteLine($"first process after the change: {(int)onFirst.StatusCode}");
        }

        var refusedAfter = await Eventually.StatusAsync(() => second.SendAsync(HttpMethod.Get, Secret("app/x"), token), HttpStatusCode.Forbidden, clock, PollLimit);
        output.WriteLine($"narrowed policy enforced by the second process after {refusedAfter?.TotalSeconds:0.00} s");
        Assert.True(refusedAfter is not null, $"still allowed {PollLimit} after the change");
        Assert.True(refusedAfter <= Bound, $"enforced only after {refusedAfter}, bound {Bound}");

        // What the narrowed policy still grants keeps working on both.
        foreach (var server in processes.Servers)
        {
            using var other = await server.SendAsync(HttpMethod.Get, Secret("other/none"), token);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            using var denied = await server.SendAsync(HttpMethod.Get, Secret("app/x"), token);
            Assert.Equal(["permission denied"], await HttpResponseAssert.ErrorAsync(denied, HttpStatusCode.Forbidden));
        }
    }

    /// <summary>
    /// The policy cache (5 s) and the compiled-ACL cache (5 s) are stacked: an ACL compiled from a policy cached just
    /// before the change keeps the old rules for up to 10 s after it.
    /// </summary>
    [Fact]
    public async Task PolicyNarrowed_AclCompiledLateFromCachedPolicy_StillEnforcedWithinBound()
    {
        var (first, second) = (processes.Servers[0], processes.Servers[1]);
        var policy = KvRequests.Unique("stacked");
        await WritePolicyAsync(first, policy, Grants("app/*"));
        await first.ReadJsonAsync(HttpMethod.Post, Secret("app/y"), processes.RootToken, KvRequests.Write(new JsonObject { ["v"] = "1" }));
        var warm = await CreateAsync(first, policy);
        var late = await CreateAsync(first, policy, noDefaultPolicy: true);

        // The second process caches the policy through one policy set...
        await second.ReadJsonAsync(HttpMethod.Get, Secret("app/y"), warm);
        await WritePolicyAsync(first, policy, Grants("other/*"));
        var clock = Stopwatch.StartNew();

        // ...and compiles another set containing it shortly before that cached copy expires.
        await Task.Delay(TimeSpan.FromSeconds(4));
        using (var compile = await second.SendAsync(HttpMethod.Get, Secret("app/y"), late))
        {
            output.WriteLine($"second set compiled after {clock.Elapsed.TotalSeconds:0.00} s: {(int)compile.StatusCode}");
        }

        var refusedAfter = await Eventually.StatusAsync(() => second.SendAsync(HttpMethod.Get, Secret("app/y"), late), HttpStatusCode.Forbidden, clock, PollLimit + TimeSpan.FromSeconds(2));
        output.WriteLine($"narrowed policy enforced for the late set after {refusedAfter?.TotalSeconds:0.00} s");
        Assert.True(refusedAfter <= Bound, $"enforced only after {refusedAfter}, bound {Bound}");
    }

    private static string Grants(params string[] paths) =>
        string.Join('\n', paths.Select(p => $$"""path "{{TwoServerProcesses.Mount}}/data/{{p}}" { capabilities = ["read"] }"""));

    private async Task<string> CreateAsync(VaultProcess server, string policy, bool noDefaultPolicy = false)
    {
        var body = new JsonObject { ["policies"] = new JsonArray(policy), ["no_default_policy"] = noDefaultPolicy };
        var created = await server.ReadJsonAsync(HttpMethod.Post, "auth/token/create", processes.RootToken, body);
        return created["auth"]!["client_token"]!.GetValue<string>();
    }

    private async Task WritePolicyAsync(VaultProcess server, string name, string hcl)
    {
        using var response = await server.SendAsync(HttpMethod.Put, $"sys/policies/acl/{name}", processes.RootToken, new JsonObject { ["policy"] = hcl });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
