using System.Text.Json.Nodes;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;
using static Serverless.Vault.Core.Tests.Engines.Database.DatabaseTestVault;

namespace Serverless.Vault.Core.Tests.Engines.Database;

/// <summary>Names with quotes, semicolons, NUL or too many bytes are quoted or refused; a canary table must survive.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseInjectionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StaticRole_UsernameWithQuotesAndSemicolon_IsQuotedNotExecuted()
    {
        var canary = Unique("canary");
        var suffix = Unique("x");
        var hostile = $"we\"ird'; DROP TABLE {canary}; --{suffix}";
        await postgres.ExecuteAsync($"CREATE TABLE {canary} (id int); CREATE ROLE \"{hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\" LOGIN PASSWORD 'initial'");
        using var vault = await WithDatabaseAsync(postgres);

        VaultAssert.NoContent(await vault.WriteAsync("database/static-roles/hostile", StaticRole(hostile)));

        var password = VaultAssert.Ok(await vault.ReadAsync("database/static-creds/hostile"))["password"]!.GetValue<string>();
        Assert.True(await postgres.CanLoginAsync(hostile, password));
        Assert.NotNull(await postgres.ScalarAsync($"SELECT to_regclass('{canary}')::text"));
        await postgres.ExecuteAsync($"DROP ROLE \"{hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\"; DROP TABLE {canary}");
    }

    [Fact]
    public async Task StaticRole_UsernameInLiteralContext_IsEscaped()
    {
        var canary = Unique("canary");
        var name = $"o'); DROP TABLE {canary}; --";
        await postgres.ExecuteAsync($"CREATE TABLE {canary} (id int); CREATE ROLE \"{name}\" LOGIN PASSWORD 'initial'");
        using var vault = await WithDatabaseAsync(postgres);
        var body = StaticRole(name);
        // The user's own statement puts the name into a string literal: the quote inside must not end it.
        body["rotation_statements"] = new JsonArray("SELECT set_config('vault.user', '{{name}}', false)", "ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'");

        VaultAssert.NoContent(await vault.WriteAsync("database/static-roles/literal", body));

        var password = VaultAssert.Ok(await vault.ReadAsync("database/static-creds/literal"))["password"]!.GetValue<string>();
        Assert.True(await postgres.CanLoginAsync(name, password));
        Assert.NotNull(await postgres.ScalarAsync($"SELECT to_regclass('{canary}')::text"));
        await postgres.ExecuteAsync($"DROP ROLE \"{name}\"; DROP TABLE {canary}");
    }

    [Theory]
    [InlineData("nul\0name", "NUL")]
    [InlineData("a-name-that-is-far-too-long-for-postgresql-identifiers-of-63-bytes", "at most 63 bytes")]
    public async Task StaticRole_BadUsername_Returns400(string username, string fragment)
    {
        using var vault = await WithDatabaseAsync(postgres);

        VaultAssert.ErrorContaining(await vault.WriteAsync("database/static-roles/bad", StaticRole(username)), 400, fragment);

        NotFound(await vault.ReadAsync("database/static-roles/bad"));
    }

    [Fact]
    public async Task StaticRole_UnquotedPlaceholderWithHostileName_IsRefused()
    {
        var canary = Unique("canary");
        await postgres.ExecuteAsync($"CREATE TABLE {canary} (id int)");
        using var vault = await WithDatabaseAsync(postgres);
        var body = StaticRole($"x; DROP TABLE {canary}");
        body["rotation_statements"] = "ALTER ROLE {{name}} WITH PASSWORD '{{password}}'";

        VaultAssert.ErrorContaining(await vault.WriteAsync("database/static-roles/unquoted", body), 400, "cannot be placed safely");

        Assert.NotNull(await postgres.ScalarAsync($"SELECT to_regclass('{canary}')::text"));
        NotFound(await vault.ReadAsync("database/static-roles/unquoted"));
        await postgres.ExecuteAsync($"DROP TABLE {canary}");
    }

    [Fact]
    public async Task Creds_RoleNameWithQuotesAndSemicolons_GivesPlainUsername()
    {
        var canary = Unique("canary");
        await postgres.ExecuteAsync($"CREATE TABLE {canary} (id int)");
        using var vault = await WithDatabaseAsync(postgres);
        var role = "a\";DROP TABLE x;'";
        await vault.WriteRoleAsync(Uri.EscapeDataString(role), "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';");

        var (username, password) = await vault.CredsAsync(Uri.EscapeDataString(role));

        Assert.Matches("^v-root-[a-z0-9-]+$", username);
        Assert.True(await postgres.CanLoginAsync(username, password));
        Assert.NotNull(await postgres.ScalarAsync($"SELECT to_regclass('{canary}')::text"));
        await postgres.ExecuteAsync($"DROP ROLE \"{username}\"; DROP TABLE {canary}");
    }

    private static JsonObject StaticRole(string username) => new()
    {
        ["db_name"] = "pg",
        ["username"] = username,
        ["rotation_period"] = "1h",
    };
}
