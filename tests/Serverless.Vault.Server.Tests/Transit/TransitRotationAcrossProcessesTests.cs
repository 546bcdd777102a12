using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Serverless.Vault.Server.Tests.Kv;
using Serverless.Vault.Server.Tests.Tokens;
using static Serverless.Vault.Server.Tests.Transit.TransitHttp;

namespace Serverless.Vault.Server.Tests.Transit;

/// <summary>
/// A rotation on one server process as another process sharing the Azurite table sees it: a ciphertext of the new
/// version decrypts there at once (a newer version forces a reload), and that process's own encryptions move to the
/// new version within the key cache's 5 s staleness budget.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TransitRotationAcrossProcessesTests(TwoServerProcesses processes) : IClassFixture<TwoServerProcesses>
{
    /// <summary>KeyCache.StalenessBudget.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    /// <summary>The budget plus a second for scheduling and the poll interval.</summary>
    private static readonly TimeSpan Bound = Budget + TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Decrypt_NewerVersionFromOtherProcess_ReloadsAtOnce()
    {
        var (a, b) = (processes.Servers[0], processes.Servers[1]);
        var key = await KeyVisibleToBothAsync();

        // B caches the key at version 1 now; within the next 5 s only a newer version can make it reload.
        var cachedAt = Stopwatch.StartNew();
        Assert.StartsWith("vault:v1:", await EncryptAsync(b, key, "warm"), StringComparison.Ordinal);

        await a.ReadJsonAsync(HttpMethod.Post, $"{KeyPath(key)}/rotate", processes.RootToken);
        var v2 = await EncryptAsync(a, key, "from A");
        Assert.StartsWith("vault:v2:", v2, StringComparison.Ordinal);
        // B still encrypts with version 1 (a valid version), which shows its cache has not expired ...
        var stale = await EncryptAsync(b, key, "still cached");
        var decrypted = await b.ReadJsonAsync(HttpMethod.Post, $"{key.Mount}/decrypt/{key.Name}", processes.RootToken, new JsonObject { ["ciphertext"] = v2 });

        Assert.True(cachedAt.Elapsed < Budget, $"too slow to test inside the staleness budget ({cachedAt.Elapsed})");
        Assert.StartsWith("vault:v1:", stale, StringComparison.Ordinal);
        // ... yet A's version 2 ciphertext decrypts on B without waiting for it.
        Assert.Equal(B64("from A"), decrypted["data"]!["plaintext"]!.GetValue<string>());
    }

    [Fact]
    public async Task Encrypt_OnOtherProcessAfterRotation_UsesNewVersionWithinBudget()
    {
        var (a, b) = (processes.Servers[0], processes.Servers[1]);
        var key = await KeyVisibleToBothAsync();
        Assert.StartsWith("vault:v1:", await EncryptAsync(b, key, "warm"), StringComparison.Ordinal);

        await a.ReadJsonAsync(HttpMethod.Post, $"{KeyPath(key)}/rotate", processes.RootToken);
        var clock = Stopwatch.StartNew();
        TimeSpan? seen = null;
        while (seen is null && clock.Elapsed < PollLimit)
        {
            var ciphertext = await EncryptAsync(b, key, "x");
            if (ciphertext.StartsWith("vault:v2:", StringComparison.Ordinal))
            {
                seen = clock.Elapsed;
            }
            else
            {
                Assert.StartsWith("vault:v1:", ciphertext, StringComparison.Ordinal);
                await Task.Delay(Eventually.PollInterval);
            }
        }

        Assert.True(seen is not null && seen <= Bound, $"B encrypted with version 2 after {seen?.ToString() ?? "never"}; the bound is {Bound}");
        var info = await b.ReadJsonAsync(HttpMethod.Get, KeyPath(key), processes.RootToken);
        Assert.Equal(2, info["data"]!["latest_version"]!.GetValue<long>());
    }

    /// <summary>A fresh transit mount and key made on A, once B's mount table (5 s budget) has the mount.</summary>
    private async Task<TransitKey> KeyVisibleToBothAsync()
    {
        var (a, b) = (processes.Servers[0], processes.Servers[1]);
        var mount = KvRequests.Unique("transit");
        using (var response = await a.SendAsync(HttpMethod.Post, $"sys/mounts/{mount}", processes.RootToken, new JsonObject { ["type"] = "transit" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var key = new TransitKey(mount, "shared");
        await a.ReadJsonAsync(HttpMethod.Post, KeyPath(key), processes.RootToken, new JsonObject());
        var visible = await Eventually.StatusAsync(() => b.SendAsync(HttpMethod.Get, KeyPath(key), processes.RootToken), HttpStatusCode.OK, Stopwatch.StartNew(), PollLimit);
        Assert.NotNull(visible);
        return key;
    }

    private static string KeyPath(TransitKey key) => $"{key.Mount}/keys/{key.Name}";

    private async Task<string> EncryptAsync(VaultProcess server, TransitKey key, string plaintext) =>
        (await server.ReadJsonAsync(HttpMethod.Post, $"{key.Mount}/encrypt/{key.Name}", processes.RootToken, new JsonObject { ["plaintext"] = B64(plaintext) }))["data"]!["ciphertext"]!.GetValue<string>();

    private sealed record TransitKey(string Mount, string Name);
}
