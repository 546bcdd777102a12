using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Serverless.Vault.Server.Tests.Kv;

/// <summary>
/// Tuning a KV v1 mount to version 2 through one server process while another still has the old mount table cached
/// (for up to MountStore's 5 s staleness budget): that process may refuse a v1 write for a moment (503, retryable),
/// but a write it acknowledged must not be lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KvUpgradeAcrossProcessesTests(TwoServerProcesses processes) : IClassFixture<TwoServerProcesses>
{
    private static readonly TimeSpan MountStaleness = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Tune_WhileOtherProcessHasStaleMountTable_NeverLosesAnAcknowledgedWrite()
    {
        var (tuner, stale) = (processes.Servers[0], processes.Servers[1]);
        var token = processes.RootToken;
        var mount = TwoServerProcesses.V1Mount;

        // The stale process reads the mount table now (it is refreshed at most every 5 s), so it still sees v1 below.
        using (var before = await stale.SendAsync(HttpMethod.Put, $"{mount}/before", token, new JsonObject { ["v"] = "before" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        using (var tune = await tuner.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}/tune", token, new JsonObject { ["options"] = new JsonObject { ["version"] = "2" } }))
        {
            Assert.Equal(HttpStatusCode.NoContent, tune.StatusCode);
        }

        // The tuner's first v2 request runs the upgrade (moves every v1 secret, then marks the mount upgraded).
        var moved = await tuner.ReadJsonAsync(HttpMethod.Get, $"{mount}/data/before", token);
        Assert.Equal("before", moved["data"]!["data"]!["v"]!.GetValue<string>());

        // Within the staleness window the stale process may refuse the write (retryable 503) but must not lose it.
        bool acknowledged;
        using (var late = await stale.SendAsync(HttpMethod.Put, $"{mount}/late", token, new JsonObject { ["v"] = "late" }))
        {
            Assert.True(clock.Elapsed < MountStaleness, $"too slow to hit the staleness window ({clock.Elapsed})");
            acknowledged = late.StatusCode == HttpStatusCode.NoContent;
            if (!acknowledged)
            {
                Assert.NotEmpty(await HttpResponseAssert.ErrorAsync(late, HttpStatusCode.ServiceUnavailable));
            }
        }

        await WaitForVersion2Async(stale, token, mount);
        if (!acknowledged)
        {
            // The client's retry, now that the process has caught up, lands as version 1 of a v2 secret.
            await stale.ReadJsonAsync(HttpMethod.Post, $"{mount}/data/late", token, KvRequests.Write(new JsonObject { ["v"] = "late" }));
        }

        foreach (var server in processes.Servers)
        {
            var read = await server.ReadJsonAsync(HttpMethod.Get, $"{mount}/data/late", token);
            Assert.Equal("late", read["data"]!["data"]!["v"]!.GetValue<string>());
            Assert.Equal(1, read["data"]!["metadata"]!["version"]!.GetValue<long>());
        }
    }

    private static async Task WaitForVersion2Async(VaultProcess server, string token, string mount)
    {
        var deadline = DateTime.UtcNow + MountStaleness + TimeSpan.FromSeconds(5);
        while (true)
        {
            var ui = await server.ReadJsonAsync(HttpMethod.Get, $"sys/internal/ui/mounts/{mount}", token);
            if (ui["data"]!["options"]?["version"]?.GetValue<string>() == "2")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{server.Address} still reports {mount}/ as version 1");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
