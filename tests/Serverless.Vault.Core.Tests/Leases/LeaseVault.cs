using Serverless.Vault.Core.Barrier;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Leases;

/// <summary>A test vault with the lease test engine mounted at dyn/ over one <see cref="LeaseTarget"/>.</summary>
internal static class LeaseVault
{
    public const string Mount = "dyn";

    public static async Task<(TestVault Vault, LeaseTarget Target)> StartAsync(Action<LeaseOptions>? options = null)
    {
        var target = new LeaseTarget();
        var vault = await TestVault.InitializedAsync(services =>
        {
            services.AddSingleton<IBackendFactory>(new LeaseTestBackendFactory(target));
            if (options is not null)
            {
                services.Configure(options);
            }
        });
        await vault.EnableAsync(Mount, LeaseTestBackend.Type);
        return (vault, target);
    }

    /// <summary>Issues credentials for a role and returns (lease id, username, lease duration).</summary>
    public static async Task<(string LeaseId, string User, long Duration)> IssueAsync(
        this TestVault vault, string role = "app", string? ttl = "1h", string? maxTtl = null, string token = TestVault.RootToken, bool renewable = true)
    {
        var data = new JsonObject();
        if (ttl is not null)
        {
            data["ttl"] = ttl;
        }

        if (maxTtl is not null)
        {
            data["max_ttl"] = maxTtl;
        }

        if (!renewable)
        {
            data["not_renewable"] = true;
        }

        var response = await vault.SendAsync(Operation.Read, $"{Mount}/creds/{role}", data, token);
        var body = VaultAssert.Ok(response);
        return (response!.LeaseId, body["username"]!.GetValue<string>(), response.LeaseDuration);
    }

    public static Task<int> SweepAsync(this TestVault vault) => vault.Get<LeaseSweeper>().SweepAsync(CancellationToken.None);

    /// <summary>
    /// Loses the index rows under <paramref name="prefix"/> (a crash between a lease row and its index), lets the
    /// leases fall due, checks a sweep misses them, and runs tidy, which must report one reindexed.
    /// </summary>
    public static async Task LoseIndexThenTidyAsync(this TestVault vault, string prefix)
    {
        var storage = vault.Get<IBarrier>().Storage;
        foreach (var key in await vault.PhysicalKeysAsync(prefix))
        {
            await storage.DeleteAsync(key, CancellationToken.None);
        }

        vault.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await vault.SweepAsync());
        var tidy = await vault.WriteAsync("sys/leases/tidy");
        Assert.Contains(tidy!.Warnings, w => w.Contains("1 reindexed", StringComparison.Ordinal));
    }

    public static async Task<JsonObject> LookupAsync(this TestVault vault, string leaseId) =>
        VaultAssert.Ok(await vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }));
}
