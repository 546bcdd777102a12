using System.Text.Json.Nodes;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

[Collection(PostgresCollection.Name)]
public sealed class DatabaseLeaseTests(PostgresFixture postgres)
{
    private const string Creation = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

    [Fact]
    public async Task RevokeLease_IssuedUser_DropsRoleAndIsIdempotent()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("readonly", Creation);
        var (username, _) = await vault.CredsAsync("readonly");
        Assert.True(await postgres.RoleExistsAsync(username));
        var backend = await vault.BackendAsync();

        await backend.RevokeLeaseAsync(Lease(username, "readonly"), CancellationToken.None);
        await backend.RevokeLeaseAsync(Lease(username, "readonly"), CancellationToken.None);

        Assert.False(await postgres.RoleExistsAsync(username));
    }

    [Fact]
    public async Task RevokeLease_RoleDeletedSinceIssue_StillDropsUser()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("gone", Creation);
        var (username, _) = await vault.CredsAsync("gone");
        VaultAssert.NoContent(await vault.DeleteAsync("database/roles/gone"));

        await (await vault.BackendAsync()).RevokeLeaseAsync(Lease(username, "gone"), CancellationToken.None);

        Assert.False(await postgres.RoleExistsAsync(username));
    }

    [Fact]
    public async Task RevokeLease_CustomStatements_AreUsed()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("custom", Creation, new JsonObject { ["revocation_statements"] = new JsonArray("REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM \"{{name}}\"", "DROP ROLE \"{{name}}\"") });
        var (username, _) = await vault.CredsAsync("custom");
        var backend = await vault.BackendAsync();

        await backend.RevokeLeaseAsync(Lease(username, "custom"), CancellationToken.None);
        await backend.RevokeLeaseAsync(Lease(username, "custom"), CancellationToken.None);

        Assert.False(await postgres.RoleExistsAsync(username));
    }

    [Fact]
    public async Task RenewLease_IssuedUser_MovesValidUntil()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("renewable", Creation, new JsonObject { ["default_ttl"] = "1h", ["max_ttl"] = "24h" });
        var (username, password) = await vault.CredsAsync("renewable");
        var before = await ValidUntilAsync(username);
        var newExpiry = new DateTimeOffset(DateTime.UtcNow.AddHours(5).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var backend = await vault.BackendAsync();

        await backend.RenewLeaseAsync(Lease(username, "renewable"), newExpiry, CancellationToken.None);

        Assert.InRange(before, DateTime.UtcNow.AddMinutes(55), DateTime.UtcNow.AddMinutes(65));
        Assert.Equal(newExpiry.UtcDateTime, await ValidUntilAsync(username));
        Assert.True(await postgres.CanLoginAsync(username, password));
        await backend.RevokeLeaseAsync(Lease(username, "renewable"), CancellationToken.None);
    }

    private static LeaseContext Lease(string username, string role) =>
        new($"database/creds/{role}/abc", DatabaseLeases.InternalData(username, role, "pg"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

    private async Task<DateTime> ValidUntilAsync(string username) =>
        ((DateTime)(await postgres.ScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", username))!).ToUniversalTime();
}
