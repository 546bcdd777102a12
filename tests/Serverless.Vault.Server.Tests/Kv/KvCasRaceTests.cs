using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>
/// Racing KV v2 writes across two server processes sharing one Azurite table: the metadata row's ETag must make
/// exactly one check-and-set writer win, and writes without check-and-set must all land on consecutive versions.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvCasRaceTests(TwoServerProcesses processes) : IClassFixture<TwoServerProcesses>
{
    private const int WritesPerProcess = 10;

    [Fact]
    public async Task CasWrites_FromTwoProcesses_ExactlyOneWins()
    {
        var path = KvRequests.Unique("cas");
        await WriteSetupAsync(path);

        // Everyone asks for version 1 -> 2; exactly one may get it.
        var results = await RaceAsync(path, i => KvRequests.Write(new JsonObject { ["writer"] = $"cas-{i}" }, cas: 1));
        var winner = Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(2, JsonNode.Parse(winner.Body)!["data"]!["version"]!.GetValue<long>());
        foreach (var loser in results.Where(r => r != winner))
        {
            Assert.True(loser.Status == HttpStatusCode.BadRequest, $"cas writer {loser.Writer}: {(int)loser.Status} {loser.Body}");
            Assert.Equal("""{"errors":["check-and-set parameter did not match the current version"]}""", loser.Body);
        }

        foreach (var server in processes.Servers)
        {
            var metadata = await server.ReadJsonAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/metadata/{path}", processes.RootToken);
            Assert.Equal(2, metadata["data"]!["current_version"]!.GetValue<long>());
            Assert.Equal(["1", "2"], metadata["data"]!["versions"]!.AsObject().Select(p => p.Key));
            var latest = await server.ReadJsonAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/data/{path}", processes.RootToken);
            Assert.Equal($"cas-{winner.Writer}", latest["data"]!["data"]!["writer"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task PlainWrites_FromTwoProcesses_AllLandOnGapFreeVersions()
    {
        var path = KvRequests.Unique("plain");
        await WriteSetupAsync(path);

        var results = await RaceAsync(path, i => KvRequests.Write(new JsonObject { ["writer"] = $"plain-{i}" }));
        foreach (var result in results)
        {
            Assert.True(result.Status == HttpStatusCode.OK, $"writer {result.Writer}: {(int)result.Status} {result.Body}");
        }

        var total = processes.Servers.Length * WritesPerProcess;
        var versions = results.Select(r => JsonNode.Parse(r.Body)!["data"]!["version"]!.GetValue<long>()).Order().ToArray();
        Assert.Equal(Enumerable.Range(2, total).Select(v => (long)v), versions);
        var last = results.Single(r => JsonNode.Parse(r.Body)!["data"]!["version"]!.GetValue<long>() == 1 + total);
        foreach (var server in processes.Servers)
        {
            var metadata = await server.ReadJsonAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/metadata/{path}", processes.RootToken);
            Assert.Equal(1 + total, metadata["data"]!["current_version"]!.GetValue<long>());
            var latest = await server.ReadJsonAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/data/{path}", processes.RootToken);
            Assert.Equal($"plain-{last.Writer}", latest["data"]!["data"]!["writer"]!.GetValue<string>());
        }
    }

    /// <summary>Version 1, written through the first process and read back through the second.</summary>
    private async Task WriteSetupAsync(string path)
    {
        var (first, second) = (processes.Servers[0], processes.Servers[1]);
        await first.ReadJsonAsync(HttpMethod.Post, $"{TwoServerProcesses.Mount}/data/{path}", processes.RootToken, KvRequests.Write(new JsonObject { ["writer"] = "setup" }));
        var seen = await second.ReadJsonAsync(HttpMethod.Get, $"{TwoServerProcesses.Mount}/data/{path}", processes.RootToken);
        Assert.Equal("setup", seen["data"]!["data"]!["writer"]!.GetValue<string>());
    }

    /// <summary>Sends <see cref="WritesPerProcess"/> writes per process at once, alternating between the processes.</summary>
    private async Task<WriteResult[]> RaceAsync(string path, Func<int, JsonObject> body)
    {
        var servers = processes.Servers;
        using var start = new SemaphoreSlim(0);
        var writes = Enumerable.Range(0, servers.Length * WritesPerProcess).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await servers[i % servers.Length].SendAsync(
                HttpMethod.Post, $"{TwoServerProcesses.Mount}/data/{path}", processes.RootToken, body(i));
            return new WriteResult(i, response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToArray();
        start.Release(writes.Length);
        return await Task.WhenAll(writes);
    }

    private sealed record WriteResult(int Writer, HttpStatusCode Status, string Body);
}
