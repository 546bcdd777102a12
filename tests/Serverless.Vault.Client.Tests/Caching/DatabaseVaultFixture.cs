using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Serverless.Vault.Client.Database;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Client.Tests.Caching;

/// <summary>A dev-mode vault whose database engine (mount <c>database</c>, connection <c>pg</c>) manages a real PostgreSQL.</summary>
public sealed class DatabaseVaultFixture : IAsyncLifetime
{
    private readonly DevVaultFixture _vault = new();

    public PostgresFixture Postgres { get; } = new();

    public DevVault Vault => _vault.Vault;

    /// <summary>The server without credentials, as applications pass it to the Vault data sources.</summary>
    public string ServerConnectionString => $"Host=127.0.0.1;Port={Postgres.Port};Database=postgres";

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), _vault.InitializeAsync());
        await Vault.SendAsync(HttpMethod.Post, "sys/mounts/database", new { type = "database" });
        await Vault.SendAsync(HttpMethod.Post, "database/config/pg", new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{Postgres.Port}/postgres?sslmode=disable",
            ["username"] = "postgres",
            ["password"] = Postgres.Password,
            ["allowed_roles"] = "*",
        });
    }

    public async Task DisposeAsync()
    {
        await _vault.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>Creates a dynamic role whose users are dropped on revocation; returns its name.</summary>
    public async Task<string> CreateRoleAsync(string name, string defaultTtl, string maxTtl)
    {
        await Vault.SendAsync(HttpMethod.Post, $"database/roles/{name}", new JsonObject
        {
            ["db_name"] = "pg",
            ["creation_statements"] = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
            ["revocation_statements"] = "DROP ROLE IF EXISTS \"{{name}}\";",
            ["default_ttl"] = defaultTtl,
            ["max_ttl"] = maxTtl,
        });
        return name;
    }

    /// <summary>How many leases the vault holds for the role's credentials.</summary>
    public async Task<int> LeaseCountAsync(string role)
    {
        using var request = new HttpRequestMessage(new HttpMethod("LIST"), $"/v1/sys/leases/lookup/database/creds/{role}/");
        using var response = await Vault.Http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["data"]!["keys"]!.AsArray().Count;
    }

    /// <summary>The lease as <c>sys/leases/lookup</c> shows it, or null when the vault answers 400 (unknown lease).</summary>
    public async Task<JsonObject?> LookupAsync(string leaseId)
    {
        using var response = await Vault.Http.PostAsJsonAsync("/v1/sys/leases/lookup", new { lease_id = leaseId });
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsObject();
    }

    public Task RevokeAsync(string leaseId) => Vault.SendAsync(HttpMethod.Post, "sys/leases/revoke", new { lease_id = leaseId });

    /// <summary>Logs in to PostgreSQL with the credentials and returns <c>current_user</c>.</summary>
    public async Task<string> CurrentUserAsync(DatabaseCredentials credentials)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Username = credentials.Username, Password = credentials.Password, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Whether a PostgreSQL role of that name exists (asked as the superuser).</summary>
    public async Task<bool> RoleExistsAsync(string user)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname = $1", connection);
        command.Parameters.AddWithValue(user);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>How many sessions PostgreSQL has for the user (asked as the superuser).</summary>
    public async Task<long> SessionCountAsync(string user)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE usename = $1", connection);
        command.Parameters.AddWithValue(user);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs SQL as the superuser.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or 10 seconds pass; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (10 * TimeProvider.System.TimestampFrequency);
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        return await condition();
    }
}
