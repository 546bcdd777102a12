using System.Text.Json.Nodes;
using Npgsql;
using Serverless.Vault.Core.Engines.Database;
using Serverless.Vault.Core.Framework;
using Serverless.Vault.Core.Mounts;
using Serverless.Vault.Core.Tests.Pipeline;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Core.Tests.Engines.Database;

/// <summary>A vault with a database mount at "database/" and a config "pg" on the fixture's server, plus SQL helpers.</summary>
internal static class DatabaseTestVault
{
    public const string Plugin = "postgresql-database-plugin";

    public static async Task<TestVault> WithDatabaseAsync(PostgresFixture postgres, string allowedRoles = "*")
    {
        var vault = await TestVault.InitializedAsync();
        // Users get VALID UNTIL from the vault's clock: keep it at (or after) the real time the server checks against.
        if (DateTimeOffset.UtcNow > vault.Time.GetUtcNow())
        {
            vault.Time.SetUtcNow(DateTimeOffset.UtcNow);
        }

        await vault.EnableAsync("database", "database");
        VaultAssert.NoContent(await vault.WriteAsync("database/config/pg", ConfigBody(postgres, allowedRoles)));
        return vault;
    }

    public static JsonObject ConfigBody(PostgresFixture postgres, string allowedRoles = "*") => new()
    {
        ["plugin_name"] = Plugin,
        ["connection_url"] = $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{postgres.Port}/postgres?sslmode=disable",
        ["username"] = "postgres",
        ["password"] = postgres.Password,
        ["allowed_roles"] = allowedRoles,
    };

    /// <summary>Asserts the 404 a read that finds nothing gives.</summary>
    public static void NotFound(VaultResponse? response) => Assert.Equal(404, response?.StatusCode);

    public static string Unique(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    public static async Task WriteRoleAsync(this TestVault vault, string name, string creation, JsonObject? extra = null)
    {
        var body = extra ?? [];
        body["db_name"] = "pg";
        body["creation_statements"] = creation;
        VaultAssert.NoContent(await vault.WriteAsync("database/roles/" + name, body));
    }

    public static async Task<(string Username, string Password)> CredsAsync(this TestVault vault, string role)
    {
        var data = VaultAssert.Ok(await vault.ReadAsync("database/creds/" + role));
        return (data["username"]!.GetValue<string>(), data["password"]!.GetValue<string>());
    }

    public static async Task<DatabaseBackend> BackendAsync(this TestVault vault)
    {
        var backends = await vault.Get<MountRouter>().BackendsOfTypeAsync("database", CancellationToken.None);
        return Assert.IsType<DatabaseBackend>(Assert.Single(backends).Backend);
    }

    public static async Task ExecuteAsync(this PostgresFixture postgres, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(this PostgresFixture postgres, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync();
    }

    public static async Task<bool> RoleExistsAsync(this PostgresFixture postgres, string name) =>
        await postgres.ScalarAsync("SELECT 1 FROM pg_roles WHERE rolname = $1", name) is not null;

    /// <summary>A fresh, unpooled login as this user: a pooled one could outlive a password change.</summary>
    public static async Task<NpgsqlConnection> LoginAsync(this PostgresFixture postgres, string username, string password)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = postgres.Port,
            Database = "postgres",
            Username = username,
            Password = password,
            Pooling = false,
            SslMode = SslMode.Disable,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<bool> CanLoginAsync(this PostgresFixture postgres, string username, string password)
    {
        try
        {
            await using var connection = await postgres.LoginAsync(username, password);
            return true;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return false;
        }
    }
}
