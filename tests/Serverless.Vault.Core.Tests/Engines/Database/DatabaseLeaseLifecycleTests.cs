using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Leases;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

/// <summary>
/// The lease manager over real PostgreSQL users: every way a lease ends (expiry through the sweeper, its token's
/// revocation, a prefix) drops the user, renewal moves its VALID UNTIL, and an outage is retried until it succeeds.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseLeaseLifecycleTests(PostgresFixture postgres)
{
    private const string Creation = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';";

    [Fact]
    public async Task Sweeper_drops_the_user_once_its_lease_expires()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("swept", Creation, new JsonObject { ["default_ttl"] = "1m" });
        var (leaseId, username) = await IssueAsync(vault, "swept");
        Assert.True(await postgres.RoleExistsAsync(username));

        vault.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await SweepAsync(vault));
        Assert.False(await postgres.RoleExistsAsync(username));
        VaultAssert.Error(await LookupResponseAsync(vault, leaseId), 400, "invalid lease");
    }

    [Fact]
    public async Task Revoking_the_token_drops_its_users_and_no_other()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("bytoken", Creation, new JsonObject { ["default_ttl"] = "1h" });
        var childToken = (await vault.WriteAsync("auth/token/create", new JsonObject { ["policies"] = new JsonArray("root") }))!.Auth!["client_token"]!.GetValue<string>();
        var (_, childUser) = await IssueAsync(vault, "bytoken", childToken);
        var (rootLease, rootUser) = await IssueAsync(vault, "bytoken");
        Assert.True(await postgres.RoleExistsAsync(childUser));

        VaultAssert.NoContent(await vault.WriteAsync("auth/token/revoke", new JsonObject { ["token"] = childToken }));

        Assert.False(await postgres.RoleExistsAsync(childUser));
        Assert.True(await postgres.RoleExistsAsync(rootUser));
        Assert.Equal(0, (await LookupAsync(vault, rootLease))["revocation_attempts"]!.GetValue<int>());
        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = rootLease }));
        Assert.False(await postgres.RoleExistsAsync(rootUser));
    }

    [Fact]
    public async Task Revoke_prefix_drops_the_users_of_that_role_only()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("prefixed", Creation, new JsonObject { ["default_ttl"] = "1h" });
        // A role whose name extends the other's: whole path segments only, so its user must survive.
        await vault.WriteRoleAsync("prefixed2", Creation, new JsonObject { ["default_ttl"] = "1h" });
        var (_, first) = await IssueAsync(vault, "prefixed");
        var (_, second) = await IssueAsync(vault, "prefixed");
        var (otherLease, other) = await IssueAsync(vault, "prefixed2");

        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke-prefix/database/creds/prefixed"));

        Assert.False(await postgres.RoleExistsAsync(first));
        Assert.False(await postgres.RoleExistsAsync(second));
        Assert.True(await postgres.RoleExistsAsync(other));
        Assert.Equal(1, await CountAsync(vault));
        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = otherLease }));
        Assert.False(await postgres.RoleExistsAsync(other));
    }

    [Fact]
    public async Task Renew_moves_valid_until_and_is_capped_at_the_max_ttl()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("renewed", Creation, new JsonObject { ["default_ttl"] = "1h", ["max_ttl"] = "2h" });
        var issued = vault.Time.GetUtcNow();
        var (leaseId, username) = await IssueAsync(vault, "renewed");
        AssertClose(issued.AddHours(1), await ValidUntilAsync(username));

        vault.Time.Advance(TimeSpan.FromMinutes(30));
        var renewed = await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = leaseId, ["increment"] = "1h" });

        Assert.Equal(leaseId, renewed!.LeaseId);
        Assert.Equal(3600, renewed.LeaseDuration);
        Assert.Empty(renewed.Warnings);
        AssertClose(vault.Time.GetUtcNow().AddHours(1), await ValidUntilAsync(username));

        var capped = await vault.WriteAsync("sys/leases/renew", new JsonObject { ["lease_id"] = leaseId, ["increment"] = "5h" });

        Assert.Equal(5400, capped!.LeaseDuration);
        Assert.Contains(capped.Warnings, w => w.Contains("max_ttl", StringComparison.Ordinal) && w.Contains("capped", StringComparison.Ordinal));
        AssertClose(issued.AddHours(2), await ValidUntilAsync(username));
        AssertClose(issued.AddHours(2), DateTimeOffset.Parse((await LookupAsync(vault, leaseId))["expire_time"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = leaseId }));
    }

    [Fact]
    public async Task Revocation_during_an_outage_is_retried_until_it_succeeds()
    {
        // Its own server: stopping the collection's would fail the tests running beside this one.
        var server = new PostgresFixture();
        await server.InitializeAsync();
        try
        {
            using var vault = await TestVault.InitializedAsync(services => services.Configure<LeaseOptions>(o => o.MaxAttempts = 2));
            await MountDatabaseAsync(vault, server);
            await vault.WriteRoleAsync("outage", Creation, new JsonObject { ["default_ttl"] = "1m" });
            var (leaseId, username) = await IssueAsync(vault, "outage");
            Assert.True(await server.RoleExistsAsync(username));

            await server.StopAsync();
            vault.Time.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(0, await SweepAsync(vault));

            var first = await LookupAsync(vault, leaseId);
            Assert.Equal(1, first["revocation_attempts"]!.GetValue<int>());
            Assert.False(first["irrevocable"]!.GetValue<bool>());
            var error = first["revocation_error"]!.GetValue<string>();
            Assert.Contains("failed to revoke user", error, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Password, error, StringComparison.Ordinal);

            vault.Time.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(0, await SweepAsync(vault));

            var second = await LookupAsync(vault, leaseId);
            Assert.Equal(2, second["revocation_attempts"]!.GetValue<int>());
            Assert.True(second["irrevocable"]!.GetValue<bool>());
            Assert.DoesNotContain(server.Password, second["revocation_error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(1, await CountAsync(vault, "irrevocable"));

            await server.StartAsync();
            Assert.True(await server.RoleExistsAsync(username));
            vault.Time.Advance(TimeSpan.FromMinutes(30));
            Assert.Equal(0, await SweepAsync(vault));
            Assert.Equal(2, (await LookupAsync(vault, leaseId))["revocation_attempts"]!.GetValue<int>());

            vault.Time.Advance(TimeSpan.FromMinutes(31));
            Assert.Equal(1, await SweepAsync(vault));
            Assert.False(await server.RoleExistsAsync(username));
            VaultAssert.Error(await LookupResponseAsync(vault, leaseId), 400, "invalid lease");
            Assert.Equal(0, await CountAsync(vault));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>What <see cref="DatabaseTestVault.WithDatabaseAsync"/> does, for a vault built with its own options.</summary>
    [Fact]
    public async Task Credentials_are_issued_at_once_after_the_server_restarts()
    {
        // A restart leaves dead connections in the instance's pool; the first request after it must not fail on one.
        var server = new PostgresFixture();
        await server.InitializeAsync();
        try
        {
            using var vault = await TestVault.InitializedAsync();
            await MountDatabaseAsync(vault, server);
            await vault.WriteRoleAsync("restart", Creation, new JsonObject { ["default_ttl"] = "1h" });
            var (_, before) = await IssueAsync(vault, "restart");

            await server.StopAsync();
            await server.StartAsync();
            var (leaseId, after) = await IssueAsync(vault, "restart");

            Assert.True(await server.RoleExistsAsync(before));
            Assert.True(await server.RoleExistsAsync(after));
            VaultAssert.NoContent(await vault.WriteAsync("sys/leases/revoke", new JsonObject { ["lease_id"] = leaseId }));
            Assert.False(await server.RoleExistsAsync(after));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task MountDatabaseAsync(TestVault vault, PostgresFixture server)
    {
        if (DateTimeOffset.UtcNow > vault.Time.GetUtcNow())
        {
            vault.Time.SetUtcNow(DateTimeOffset.UtcNow);
        }

        await vault.EnableAsync("database", "database");
        VaultAssert.NoContent(await vault.WriteAsync("database/config/pg", ConfigBody(server)));
    }

    private static async Task<(string LeaseId, string Username)> IssueAsync(TestVault vault, string role, string token = TestVault.RootToken)
    {
        var response = await vault.ReadAsync("database/creds/" + role, token);
        var username = VaultAssert.Ok(response)["username"]!.GetValue<string>();
        Assert.StartsWith($"database/creds/{role}/", response!.LeaseId, StringComparison.Ordinal);
        return (response.LeaseId, username);
    }

    private static Task<int> SweepAsync(TestVault vault) => vault.Get<LeaseSweeper>().SweepAsync(CancellationToken.None);

    private static Task<VaultResponse?> LookupResponseAsync(TestVault vault, string leaseId) =>
        vault.WriteAsync("sys/leases/lookup", new JsonObject { ["lease_id"] = leaseId });

    private static async Task<JsonObject> LookupAsync(TestVault vault, string leaseId) => VaultAssert.Ok(await LookupResponseAsync(vault, leaseId));

    private static async Task<int> CountAsync(TestVault vault, string type = "all") =>
        VaultAssert.Ok(await vault.SendAsync(Operation.Read, "sys/leases/count", new JsonObject { ["type"] = type }, TestVault.RootToken))["lease_count"]!.GetValue<int>();

    private async Task<DateTimeOffset> ValidUntilAsync(string username) =>
        new(((DateTime)(await postgres.ScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", username))!).ToUniversalTime());

    private static void AssertClose(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.InRange(actual, expected.AddSeconds(-5), expected.AddSeconds(5));
}
