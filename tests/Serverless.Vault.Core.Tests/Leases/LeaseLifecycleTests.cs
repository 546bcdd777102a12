using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;

namespace Serverless.Vault.Core.Tests.Leases;

public sealed class LeaseLifecycleTests
{
    [Fact]
    public async Task Issued_secret_carries_a_lease_in_vaults_shape()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (leaseId, user, duration) = await vault.IssueAsync("app", ttl: "1h");

        Assert.Matches("^dyn/creds/app/[0-9A-Za-z]{24}$", leaseId);
        Assert.Equal(3600, duration);
        Assert.True(target.Exists(user));
        var lookup = await vault.LookupAsync(leaseId);
        Assert.Equal(leaseId, lookup["id"]!.GetValue<string>());
        Assert.Equal(3600, lookup["ttl"]!.GetValue<long>());
        Assert.True(lookup["renewable"]!.GetValue<bool>());
        Assert.Equal("2026-11-28T12:00:00Z", lookup["issue_time"]!.GetValue<string>());
        Assert.Equal("2026-11-28T13:00:00Z", lookup["expire_time"]!.GetValue<string>());
        Assert.Null(lookup["last_renewal"]);
    }

    [Fact]
    public async Task Mount_max_lease_ttl_caps_the_lease()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var __ = vault;
        VaultAssert.NoContent(await vault.WriteAsync("sys/mounts/dyn/tune", new JsonObject { ["max_lease_ttl"] = "30m" }));

        var (_, _, duration) = await vault.IssueAsync(ttl: "2h");

        Assert.Equal(1800, duration);
    }

    [Fact]
    public async Task Renew_moves_the_expiry_from_now_and_never_past_the_max_ttl()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (leaseId, user, _) = await vault.IssueAsync(ttl: "1h", maxTtl: "3h");
        vault.Time.Advance(TimeSpan.FromMinutes(30));

        var renewed = await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = leaseId, ["increment"] = "2h" });
        Assert.Equal(7200, renewed!.LeaseDuration);
        Assert.Equal(leaseId, renewed.LeaseId);
        Assert.Equal(vault.Time.GetUtcNow().AddHours(2), target.ValidUntil(user));
        Assert.NotNull((await vault.LookupAsync(leaseId))["last_renewal"]);

        // 3h from issue is 2h30m from now: a 12h increment is capped there, with Vault's warning.
        var capped = await vault.WriteAsync("sys/renew/" + leaseId, new JsonObject { ["increment"] = "12h" });
        Assert.Equal(9000, capped!.LeaseDuration);
        Assert.Contains(capped.Warnings, w => w.Contains("exceeded the effective max_ttl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renew_is_refused_for_unknown_expired_and_non_renewable_leases_and_for_tokens()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (fixedLease, _, _) = await vault.IssueAsync(renewable: false);
        var (shortLease, _, _) = await vault.IssueAsync(ttl: "1m");

        VaultAssert.Error(await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = fixedLease }), 400, "lease is not renewable");
        VaultAssert.Error(await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = "dyn/creds/app/nope" }), 400, "lease not found");
        VaultAssert.Error(await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = "auth/token/create/abc" }), 400, "tokens cannot be renewed through this endpoint");
        vault.Time.Advance(TimeSpan.FromMinutes(2));
        VaultAssert.Error(await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = shortLease }), 400, "lease expired");
    }

    [Fact]
    public async Task Revoke_ends_the_secret_on_its_target_and_is_idempotent()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (leaseId, user, _) = await vault.IssueAsync();

        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = leaseId }));

        Assert.False(target.Exists(user));
        VaultAssert.Error(await vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }), 400, "invalid lease");
        VaultAssert.NoContent(await vault.WriteAsync("sys/revoke/" + leaseId));
        Assert.Equal(1, target.Revocations(user));
    }

    [Fact]
    public async Task Revoke_prefix_revokes_everything_under_the_prefix_only()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (_, a1, _) = await vault.IssueAsync("a");
        var (_, a2, _) = await vault.IssueAsync("a");
        var (_, b1, _) = await vault.IssueAsync("b");

        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke-prefix/dyn/creds/a"));

        Assert.False(target.Exists(a1));
        Assert.False(target.Exists(a2));
        Assert.True(target.Exists(b1));
        VaultAssert.NoContent(await vault.WriteAsync("sys/revoke-prefix/dyn/"));
        Assert.False(target.Exists(b1));
    }

    [Fact]
    public async Task Revoke_with_the_target_down_fails_and_keeps_the_lease_unless_forced()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (leaseId, user, _) = await vault.IssueAsync();
        target.Down = true;

        VaultAssert.ErrorContaining(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = leaseId }), 503, "failed to revoke lease");
        Assert.Equal(leaseId, (await vault.LookupAsync(leaseId))["id"]!.GetValue<string>());

        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke-force/dyn/creds"));
        VaultAssert.Error(await vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId }), 400, "invalid lease");
        Assert.True(target.Exists(user));
    }

    [Fact]
    public async Task Revoking_a_token_revokes_the_leases_it_created()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var created = VaultAssert.Ok(await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("root") }) is { } r ? r with { Data = r.Auth } : null);
        var token = created["client_token"]!.GetValue<string>();
        var (_, mine, _) = await vault.IssueAsync(token: token);
        var (_, other, _) = await vault.IssueAsync();

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", new JsonObject { ["token"] = token }));

        Assert.False(target.Exists(mine));
        Assert.True(target.Exists(other));
    }

    [Fact]
    public async Task Lease_ids_are_checked_before_use()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;

        VaultAssert.Error(await vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = "dyn/../sys/x" }), 400, "invalid lease");
        VaultAssert.Error(await vault.WriteAsync("sys/leases/lookup", new JsonObject()), 400, "lease_id is required");
        VaultAssert.Error(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = "noslash" }), 400, "invalid lease");
    }

    [Fact]
    public async Task Listing_leases_needs_sudo()
    {
        var (vault, _) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (leaseId, _, _) = await vault.IssueAsync("a");
        VaultAssert.NoContent(await vault.WriteAsync("sys/policies/acl/lister", new JsonObject { ["policy"] = "path \"sys/leases/lookup/*\" { capabilities = [\"list\"] }" }));
        var token = VaultAssert.Ok(await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("lister") }) is { } r ? r with { Data = r.Auth } : null)["client_token"]!.GetValue<string>();

        var listed = VaultAssert.Ok(await vault.ListAsync("sys/leases/lookup/dyn/creds/a/"));
        Assert.Equal([leaseId.Split('/')[^1]], listed["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        VaultAssert.Error(await vault.ListAsync("sys/leases/lookup/dyn/creds/a/", token), 403, "permission denied");
    }

    [Fact]
    public async Task Disabling_a_mount_revokes_its_leases_first_and_keeps_the_mount_if_that_fails()
    {
        var (vault, target) = await LeaseVault.StartAsync();
        using var _ = vault;
        var (_, user, _) = await vault.IssueAsync();
        target.Down = true;

        VaultAssert.ErrorContaining(await vault.DeleteAsync("sys/mounts/dyn"), 503, "failed to revoke lease");
        Assert.NotNull(VaultAssert.Ok(await vault.ReadAsync("sys/mounts/dyn")));

        target.Down = false;
        VaultAssert.NoContent(await vault.DeleteAsync("sys/mounts/dyn"));
        Assert.False(target.Exists(user));
        Assert.Equal(0, VaultAssert.Ok(await vault.ReadAsync("sys/leases/count"))["lease_count"]!.GetValue<int>());
    }
}
