using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Server.Tests.Database;

/// <summary>
/// Two server processes over one Azurite table sweep the same due leases of real PostgreSQL users: every user is
/// revoked, each exactly once (the revocation statement records each call in a table before it drops the role).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeaseSweepAcrossProcessesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Users = 12;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);

    private readonly PostgresFixture _postgres = new();
    private readonly List<VaultProcess> _servers = [];
    private string _rootToken = "";

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await using (var connection = new NpgsqlConnection(_postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE revoked (name text NOT NULL)", connection);
            await create.ExecuteNonQueryAsync();
        }

        string[] settings =
        [
            $"Vault:Storage:ConnectionString={azurite.ConnectionString}",
            $"Vault:Storage:TableName={AzuriteFixture.CreateTableName()}",
            "Vault:Seal:Type=local",
            $"Vault:Seal:Key={VaultHost.NewSealKey()}",
            "Vault:Leases:SweepInterval=00:00:01",
        ];
        var first = await VaultProcess.StartAsync(settings);
        _servers.Add(first);
        _rootToken = (await first.ReadJsonAsync(HttpMethod.Put, "sys/init", null, new JsonObject()))["root_token"]!.GetValue<string>();
        await NoContentAsync(first, "sys/mounts/database", new JsonObject { ["type"] = "database" });
        await NoContentAsync(first, "database/config/pg", new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{_postgres.Port}/postgres?sslmode=disable",
            ["username"] = "postgres",
            ["password"] = _postgres.Password,
            ["allowed_roles"] = "*",
        });
        await NoContentAsync(first, "database/roles/short", new JsonObject
        {
            ["db_name"] = "pg",
            ["creation_statements"] = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
            ["revocation_statements"] = "INSERT INTO revoked (name) VALUES ('{{name}}'); DROP ROLE IF EXISTS \"{{name}}\";",
            ["default_ttl"] = "10s",
        });
        _servers.Add(await VaultProcess.StartAsync(settings));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Due_leases_are_revoked_once_each_by_two_sweeping_processes()
    {
        var users = new List<string>();
        for (var i = 0; i < Users; i++)
        {
            var creds = await _servers[i % 2].ReadJsonAsync(HttpMethod.Get, "database/creds/short", _rootToken);
            Assert.Equal(10, creds["lease_duration"]!.GetValue<long>());
            var user = creds["data"]!["username"]!.GetValue<string>();
            users.Add(user);

            // Checked at once, well inside the lease: the sweepers may already be at work on earlier users.
            Assert.Equal(1, await CountAsync("SELECT count(*) FROM pg_roles WHERE rolname = $1", user));
        }
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < WaitLimit && await CountAsync("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-root-short-%'") > 0)
        {
            await Task.Delay(500);
        }


        Assert.Equal(0, await CountAsync("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-root-short-%'"));
        Assert.Equal(Users, await CountAsync("SELECT count(DISTINCT name) FROM revoked"));
        Assert.Equal(Users, await CountAsync("SELECT count(*) FROM revoked"));
        Assert.All(users, u => Assert.StartsWith("v-root-short-", u, StringComparison.Ordinal));
        var count = await _servers[1].ReadJsonAsync(HttpMethod.Get, "sys/leases/count", _rootToken);
        Assert.Equal(0, count["data"]!["lease_count"]!.GetValue<int>());
    }

    private async Task<long> CountAsync(string sql, string? parameter = null)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task NoContentAsync(VaultProcess server, string path, JsonObject body)
    {
        using var response = await server.SendAsync(HttpMethod.Post, path, _rootToken, body);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
