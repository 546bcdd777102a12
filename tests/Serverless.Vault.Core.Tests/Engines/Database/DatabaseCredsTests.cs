using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

[Collection(PostgresCollection.Name)]
public sealed partial class DatabaseCredsTests(PostgresFixture postgres)
{
    private const string LoginOnly = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';";

    [Fact]
    public async Task Creds_ReadOnlyRole_UserSelectsGrantedTableAndNothingMore()
    {
        var granted = Unique("granted");
        var other = Unique("other");
        await postgres.ExecuteAsync($"CREATE TABLE {granted} (id int); INSERT INTO {granted} VALUES (7); CREATE TABLE {other} (id int);");
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("readonly", LoginOnly + $" GRANT SELECT ON {granted} TO \"{{{{name}}}}\";");

        var (username, password) = await vault.CredsAsync("readonly");

        await using var connection = await postgres.LoginAsync(username, password);
        await using (var select = new NpgsqlCommand($"SELECT id FROM {granted}", connection))
        {
            Assert.Equal(7, await select.ExecuteScalarAsync());
        }

        await using var insert = new NpgsqlCommand($"INSERT INTO {granted} VALUES (1)", connection);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync())).SqlState);
        await using var selectOther = new NpgsqlCommand($"SELECT id FROM {other}", connection);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => selectOther.ExecuteScalarAsync())).SqlState);
        await connection.CloseAsync();
        await RevokeAsync(vault, username, "readonly");
        await postgres.ExecuteAsync($"DROP TABLE {granted}; DROP TABLE {other};");
    }

    [Fact]
    public async Task Creds_Username_FollowsVaultDefaultTemplate()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("Read_Only.Role", LoginOnly);

        var (username, password) = await vault.CredsAsync("Read_Only.Role");

        Assert.Matches(UsernamePattern(), username);
        Assert.StartsWith("v-root-read-onl-", username, StringComparison.Ordinal);
        Assert.True(username.Length <= 63);
        Assert.Equal(20, password.Length);
        Assert.Matches("^[A-Za-z0-9-]{20}$", password);
        Assert.True(password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiLetterUpper) && password.Any(char.IsAsciiDigit) && password.Contains('-'));
        var validUntil = (DateTime)(await postgres.ScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = $1", username))!;
        Assert.InRange(validUntil.ToUniversalTime(), DateTime.UtcNow.AddHours(767), DateTime.UtcNow.AddHours(769));
        await RevokeAsync(vault, username, "Read_Only.Role");
    }

    [Fact]
    public async Task Creds_RoleNotAllowedByConfig_Returns400()
    {
        using var vault = await WithDatabaseAsync(postgres, allowedRoles: "app-*");
        await vault.WriteRoleAsync("other", LoginOnly);
        await vault.WriteRoleAsync("app-web", "SELECT 1");

        VaultAssert.Error(await vault.ReadAsync("database/creds/other"), 400, "\"other\" is not an allowed role");
        VaultAssert.Error(await vault.ReadAsync("database/creds/missing"), 400, "unknown role: missing");
    }

    [Fact]
    public async Task Creds_FailingCreationStatement_LeavesNoRoleBehind()
    {
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("failing", LoginOnly + " GRANT SELECT ON no_such_table_anywhere TO \"{{name}}\";");

        var response = await vault.ReadAsync("database/creds/failing");

        VaultAssert.ErrorContaining(response, 400, "no_such_table_anywhere");
        Assert.Equal(0L, await postgres.ScalarAsync("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-root-failing-%'"));
    }

    [Fact]
    public async Task Creds_CustomRollbackAfterNonTransactionalStep_RunsRollback()
    {
        // The creation commits a role in its own statement list only when all succeed; a rollback statement still
        // runs, as Vault's does, and must tolerate the role already being gone.
        using var vault = await WithDatabaseAsync(postgres);
        await vault.WriteRoleAsync("rollback", LoginOnly + " SELECT 1/0;", new JsonObject { ["rollback_statements"] = "DROP ROLE IF EXISTS \"{{name}}\";" });

        VaultAssert.ErrorContaining(await vault.ReadAsync("database/creds/rollback"), 400, "division by zero");

        Assert.Equal(0L, await postgres.ScalarAsync("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-root-rollback-%'"));
    }

    [Fact]
    public async Task Creds_DatabaseDown_Returns503NamingConnectionWithoutPassword()
    {
        using var vault = await WithDatabaseAsync(postgres);
        var body = ConfigBody(postgres);
        body["connection_url"] = $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{FreePort.Next()}/postgres?connect_timeout=2";
        body["verify_connection"] = false;
        VaultAssert.NoContent(await vault.WriteAsync("database/config/down", body));
        VaultAssert.NoContent(await vault.WriteAsync("database/roles/down-role", new JsonObject { ["db_name"] = "down", ["creation_statements"] = LoginOnly }));

        var response = await vault.ReadAsync("database/creds/down-role");

        VaultAssert.ErrorContaining(response, 503, "database connection \"down\" is unavailable");
        Assert.DoesNotContain(postgres.Password, string.Join(" ", response!.Errors!), StringComparison.Ordinal);
    }

    private static async Task RevokeAsync(Pipeline.TestVault vault, string username, string role)
    {
        var backend = await vault.BackendAsync();
        await backend.RevokeLeaseAsync(
            new(role, Core.Engines.Database.DatabaseLeases.InternalData(username, role, "pg"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow),
            CancellationToken.None);
    }

    [GeneratedRegex("^v-[a-z0-9-]{1,8}-[a-z0-9-]{1,8}-[a-z0-9]{20}-[0-9]+$")]
    private static partial Regex UsernamePattern();
}
