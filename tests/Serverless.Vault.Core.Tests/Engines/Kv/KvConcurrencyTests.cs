using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Engines.Kv;

public sealed class KvConcurrencyTests
{
    private const int Writers = 20;

    [Fact]
    public async Task Write_ConcurrentWithSameCas_ExactlyOneSucceeds()
    {
        using var vault = await KvTestVault.WithV2Async();
        await vault.PutVersionAsync("app", KvTestVault.Map(("writer", "initial")), 1);

        var responses = await RaceAsync(Writers, i => vault.PutAsync("app", KvTestVault.Map(("writer", Name(i))), cas: 1));

        var winners = responses.Where(r => r is { Errors: null }).ToArray();
        var winner = Assert.Single(winners);
        Assert.Equal(2, winner!.Data!["version"]!.GetValue<long>());
        var losers = responses.Where(r => r is not { Errors: null }).ToArray();
        Assert.Equal(Writers - 1, losers.Length);
        Assert.All(losers, r => VaultAssert.Error(r, 400, "check-and-set parameter did not match the current version"));
        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(2, metadata["current_version"]!.GetValue<long>());
        Assert.Equal(["1", "2"], metadata["versions"]!.AsObject().Select(pair => pair.Key));
        Assert.Equal("initial", (await vault.ReadDataAsync("app", 1))["writer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_ConcurrentCasZeroOnAbsentKey_ExactlyOneCreates()
    {
        using var vault = await KvTestVault.WithV2Async();

        var responses = await RaceAsync(Writers, i => vault.PutAsync("app", KvTestVault.Map(("writer", Name(i))), cas: 0));

        Assert.Single(responses, r => r is { Errors: null });
        Assert.All(responses.Where(r => r is not { Errors: null }), r => VaultAssert.Error(r, 400, "check-and-set parameter did not match the current version"));
        Assert.Equal(1, VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"))["current_version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Write_ConcurrentWithoutCas_AllSucceedWithGapFreeVersions()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 50 }));

        var responses = await RaceAsync(Writers, i => vault.PutAsync("app", KvTestVault.Map(("writer", Name(i)))));

        Assert.All(responses, r => VaultAssert.Ok(r));
        var versions = responses.Select(r => r!.Data!["version"]!.GetValue<long>()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, Writers).Select(v => (long)v), versions);
        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(Writers, metadata["current_version"]!.GetValue<long>());
        Assert.Equal(Writers, metadata["versions"]!.AsObject().Count);

        // Every version holds the data its writer sent: no version row was overwritten by a racing writer.
        var writers = new HashSet<string>(StringComparer.Ordinal);
        for (var version = 1; version <= Writers; version++)
        {
            writers.Add((await vault.ReadDataAsync("app", version))["writer"]!.GetValue<string>());
        }

        Assert.Equal(Writers, writers.Count);
    }

    [Fact]
    public async Task Write_ConcurrentFromTwoInstances_AllSucceedWithGapFreeVersions()
    {
        using var vault = await KvTestVault.WithV2Async();
        using var other = vault.SecondInstance();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 50 }));
        other.Time.Advance(TimeSpan.FromSeconds(6));

        var responses = await RaceAsync(Writers, i => (i % 2 == 0 ? vault : other).PutAsync("app", KvTestVault.Map(("writer", Name(i)))));

        Assert.All(responses, r => VaultAssert.Ok(r));
        Assert.Equal(
            Enumerable.Range(1, Writers).Select(v => (long)v),
            responses.Select(r => r!.Data!["version"]!.GetValue<long>()).Order());
    }

    [Fact]
    public async Task Patch_Concurrent_AllMergesKept()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 50 }));
        await vault.PutVersionAsync("app", [], 1);

        var responses = await RaceAsync(Writers, i => vault.PatchAsync("secret/data/app", new JsonObject
        {
            ["data"] = new JsonObject { [Name(i)] = "set" },
        }));

        Assert.All(responses, r => VaultAssert.Ok(r));
        var data = await vault.ReadDataAsync("app");
        Assert.Equal(Enumerable.Range(0, Writers).Select(Name).Order(StringComparer.Ordinal), data.Select(pair => pair.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteVersions_ConcurrentWithWrites_BothApplied()
    {
        using var vault = await KvTestVault.WithV2Async();
        VaultAssert.NoContent(await vault.WriteAsync("secret/config", new JsonObject { ["max_versions"] = 50 }));
        await vault.PutVersionAsync("app", KvTestVault.Map(("k", "1")), 1);

        var responses = await RaceAsync(Writers, i => i == 0
            ? vault.VersionsAsync("delete", "app", 1)
            : vault.PutAsync("app", KvTestVault.Map(("writer", Name(i)))));

        Assert.Null(responses[0]);
        Assert.All(responses.Skip(1), r => VaultAssert.Ok(r));
        var metadata = VaultAssert.Ok(await vault.ReadAsync("secret/metadata/app"));
        Assert.Equal(Writers, metadata["current_version"]!.GetValue<long>());
        Assert.NotEqual("", metadata["versions"]!["1"]!["deletion_time"]!.GetValue<string>());
    }

    private static string Name(int i) => "w" + i.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Starts every request on the thread pool at once, so they really interleave.</summary>
    private static async Task<VaultResponse?[]> RaceAsync(int count, Func<int, Task<VaultResponse?>> request)
    {
        using var start = new ManualResetEventSlim(false);
        var tasks = Enumerable.Range(0, count)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await request(i);
            }))
            .ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }
}
