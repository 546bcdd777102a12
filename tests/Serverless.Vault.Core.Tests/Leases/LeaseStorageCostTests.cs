using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Storage;
using Serverless.Vault.Core.Tests.Performance;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Leases;

/// <summary>Issue 6's budget: at most two storage writes to issue a leased secret and two to revoke it.</summary>
public sealed class LeaseStorageCostTests
{
    [Fact]
    public async Task Issuing_under_a_token_costs_two_writes_and_revoking_two()
    {
        var target = new LeaseTarget();
        var counting = new CountingStorage(new InMemoryStorage());
        using var vault = await TestVault.InitializedAsync(services => services
            .AddSingleton<IStorage>(counting)
            .AddSingleton<IBackendFactory>(new LeaseTestBackendFactory(target)));
        await vault.EnableAsync(LeaseVault.Mount, LeaseTestBackend.Type);
        var (first, _, _) = await vault.IssueAsync("app");

        counting.Reset();
        var (second, user, _) = await vault.IssueAsync("app");
        var issueWrites = counting.Counts.WriteRoundTrips;

        counting.Reset();
        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = second }));
        var revokeWrites = counting.Counts.WriteRoundTrips;

        Assert.NotEqual(first, second);
        Assert.False(target.Exists(user));
        Assert.Equal(2, issueWrites);
        Assert.Equal(2, revokeWrites);
    }
}
