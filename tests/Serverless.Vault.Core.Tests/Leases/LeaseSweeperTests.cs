using System.Text.Json.Nodes;
using Serverless.Vault.Core.Barrier;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Leases;

public sealed class LeaseSweeperTests
{
    [Fact]
    public async Task Sweeper_revokes_a_lease_once_it_is_due_and_not_before()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (leaseId, user, _) = await vault.IssueAsync(ttl: "10m");

        vault.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await vault.SweepAsync());
        Assert.True(target.Exists(user));

        vault.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await vault.SweepAsync());
        Assert.False(target.Exists(user));
        VaultAssert.Error(await vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }), 400, "invalid lease");
    }

    [Fact]
    public async Task A_renewed_lease_is_swept_at_its_new_expiry()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (leaseId, user, _) = await vault.IssueAsync(ttl: "10m");
        VaultAssert.Ok(await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = leaseId, ["increment"] = "1h" }) is { } r ? r with { Data = [] } : null);

        vault.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(0, await vault.SweepAsync());
        Assert.True(target.Exists(user));

        vault.Time.Advance(TimeSpan.FromMinutes(46));
        Assert.Equal(1, await vault.SweepAsync());
        Assert.False(target.Exists(user));
    }

    [Fact]
    public async Task Failed_revocations_back_off_become_irrevocable_and_succeed_once_the_target_is_back()
    {
        var (vault, target) = await LeaseVault.StartAsync(o => o.MaxAttempts = 3);
        using var _ = vault;
        var (leaseId, user, _) = await vault.IssueAsync(ttl: "1m");
        target.Down = true;

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            // Each retry waits at least 80 % of 30 s doubled per attempt; an hour covers any of them.
            vault.Time.Advance(attempt == 1 ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(5));
            Assert.Equal(0, await vault.SweepAsync());
            var lookup = await vault.LookupAsync(leaseId);
            Assert.Equal(attempt, lookup["revocation_attempts"]!.GetValue<int>());
            Assert.Contains("target down", lookup["revocation_error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(attempt == 3, lookup["irrevocable"]!.GetValue<bool>());
        }

        Assert.Equal(1, VaultAssert.Ok(await vault.SendAsync(Core.Framework.Operation.Read, "sys/leases/count", new JsonObject { ["type"] = "irrevocable" }, TestVault.RootToken))["lease_count"]!.GetValue<int>());
        VaultAssert.Error(await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = leaseId }), 400, "lease expired");

        // Irrevocable leases are retried hourly, not dropped.
        target.Down = false;
        vault.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await vault.SweepAsync());
        Assert.True(target.Exists(user));
        vault.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, await vault.SweepAsync());
        Assert.False(target.Exists(user));
        Assert.Equal(0, VaultAssert.Ok(await vault.ReadAsync("sys/leases/count"))["lease_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_sweepers_over_the_same_due_leases_revoke_each_exactly_once()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        using var other = vault.SecondInstance();
        var users = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var token = i % 4 == 0 ? TestVault.RootToken : await ChildTokenAsync(vault);
            users.Add((await vault.IssueAsync(ttl: $"{1 + (i % 3)}m", token: token)).User);
        }

        vault.Time.Advance(TimeSpan.FromMinutes(5));
        other.Time.Advance(TimeSpan.FromMinutes(5));
        var counts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? vault : other).SweepAsync())));

        Assert.Equal(40, counts.Sum());
        Assert.All(users, u => Assert.Equal(1, target.Revocations(u)));
        Assert.Equal(0, target.UserCount);
    }

    [Fact]
    public async Task A_backlog_after_downtime_drains_at_the_per_run_limit()
    {
        var (vault, target) = await LeaseVault.StartAsync(o => o.MaxRevocationsPerRun = 5);
        using var _ = vault;
        for (var i = 0; i < 12; i++)
        {
            await vault.IssueAsync(ttl: $"{1 + i}m");
        }

        vault.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(5, await vault.SweepAsync());
        Assert.Equal(7, target.UserCount);
        Assert.Equal(5, await vault.SweepAsync());
        Assert.Equal(2, await vault.SweepAsync());
        Assert.Equal(0, target.UserCount);
    }

    [Fact]
    public async Task Minute_markers_are_removed_once_their_minute_is_past_the_grace()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        await vault.IssueAsync(ttl: "1m");
        vault.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await vault.SweepAsync());
        Assert.NotEmpty(await vault.PhysicalKeysAsync("sys/expire/due/"));

        vault.Time.Advance(LeaseSweeper.MarkerGrace + TimeSpan.FromSeconds(1));
        Assert.Equal(0, await vault.SweepAsync());

        Assert.Empty(await vault.PhysicalKeysAsync("sys/expire/due/"));
        Assert.Empty(await vault.PhysicalKeysAsync("sys/expire/id/"));
        Assert.Empty(await vault.PhysicalKeysAsync("sys/expire/token/"));
    }

    [Fact]
    public async Task Tidy_restores_a_lost_index_row_so_the_lease_is_still_swept()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (_, user, _) = await vault.IssueAsync(ttl: "1m");
        await vault.LoseIndexThenTidyAsync("sys/expire/token/");

        Assert.Equal(1, await vault.SweepAsync());
        Assert.False(target.Exists(user));
    }

    private static async Task<string> ChildTokenAsync(TestVault vault)
    {
        var response = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("root") });
        return response!.Auth!["client_token"]!.GetValue<string>();
    }
}
