using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Leases;

/// <summary>Service tokens have lease rows too: the sweeper revokes an expired token, and with it its tree and leases.</summary>
public sealed class TokenLeaseTests
{
    [Fact]
    public async Task A_service_token_gets_a_lease_that_follows_its_expiry()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        await CreateTokenAsync(vault, "10m");

        var listed = VaultAssert.Ok(await vault.ListAsync("sys/leases/lookup/auth/token/create/"));
        var leaseId = "auth/token/create/" + Assert.Single(listed["keys"]!.AsArray())!.GetValue<string>();
        Assert.Matches("^auth/token/create/h[0-9a-f]{64}$", leaseId);
        Assert.Equal(600, (await vault.LookupAsync(leaseId))["ttl"]!.GetValue<long>());
        VaultAssert.Error(await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = leaseId }), 400, "tokens cannot be renewed through this endpoint");
    }

    [Fact]
    public async Task Renewing_a_token_moves_its_lease_and_the_sweeper_revokes_it_at_the_new_expiry()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var token = await CreateTokenAsync(vault, "10m");
        var (_, user, _) = await vault.IssueAsync(ttl: "1h", token: token);

        vault.Time.Advance(TimeSpan.FromMinutes(5));
        var renewed = await vault.WriteAsync("auth/token/renew-self", new JsonObject { ["increment"] = "20m" }, token);
        Assert.Equal(1200, renewed!.Auth!["lease_duration"]!.GetValue<long>());

        vault.Time.Advance(TimeSpan.FromMinutes(10));
        await vault.SweepAsync();
        Assert.NotNull(VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", token)));
        Assert.True(target.Exists(user));

        vault.Time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await vault.SweepAsync());
        VaultAssert.Error(await vault.ReadAsync("auth/token/lookup-self", token), 403, "permission denied");
        Assert.False(target.Exists(user));
        Assert.Equal(0, VaultAssert.Ok(await vault.ReadAsync("sys/leases/count"))["lease_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_token_lease_is_indexed_by_its_marker_alone_and_swept_at_expiry()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        var token = await CreateTokenAsync(vault, "10m");
        Assert.Empty(await vault.PhysicalKeysAsync("sys/expire/token/"));
        Assert.NotEmpty(await vault.PhysicalKeysAsync("sys/expire/due/"));

        vault.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await vault.SweepAsync());
        VaultAssert.Ok(await vault.ReadAsync("auth/token/lookup-self", token));
        vault.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await vault.SweepAsync());

        VaultAssert.Error(await vault.ReadAsync("auth/token/lookup-self", token), 403, "permission denied");
        Assert.Empty(await vault.PhysicalKeysAsync("sys/expire/id/"));
    }

    [Fact]
    public async Task Revoking_a_token_deletes_its_own_lease()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        var token = await CreateTokenAsync(vault, "1h");
        var listed = VaultAssert.Ok(await vault.ListAsync("sys/leases/lookup/auth/token/create/"));
        var leaseId = "auth/token/create/" + Assert.Single(listed["keys"]!.AsArray())!.GetValue<string>();

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke-self", null, token));

        VaultAssert.Error(await vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }), 400, "invalid lease");
        Assert.Empty(await vault.PhysicalKeysAsync("sys/expire/id/"));
    }

    [Fact]
    public async Task Tidy_restores_a_lost_marker_so_an_expired_token_is_still_revoked()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        await CreateTokenAsync(vault, "1m");
        await vault.LoseIndexThenTidyAsync("sys/expire/due/");

        Assert.Equal(1, await vault.SweepAsync());
        Assert.Empty(await vault.PhysicalKeysAsync("sys/expire/id/"));
    }

    [Fact]
    public async Task Revoking_a_token_lease_revokes_the_token()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        var token = await CreateTokenAsync(vault, "1h");
        var listed = VaultAssert.Ok(await vault.ListAsync("sys/leases/lookup/auth/token/create/"));
        var leaseId = "auth/token/create/" + Assert.Single(listed["keys"]!.AsArray())!.GetValue<string>();

        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = leaseId }));

        VaultAssert.Error(await vault.ReadAsync("auth/token/lookup-self", token), 403, "permission denied");
        VaultAssert.Error(await vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }), 400, "invalid lease");
    }

    private static async Task<string> CreateTokenAsync(TestVault vault, string ttl)
    {
        var response = await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("root"), ["ttl"] = ttl });
        return response!.Auth!["client_token"]!.GetValue<string>();
    }
}
