using System.Text.Json.Nodes;
using Npgsql;
using Serverless.Vault.Testing.Fixtures;

namespace Serverless.Vault.Load.Tests;

public sealed class PostgresBaselineTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private DevVault? _vault;

    public async Task InitializeAsync() => _vault = await DevVault.StartAsync();

    public async Task DisposeAsync() => await _vault!.DisposeAsync();

    [Fact]
    public async Task DatabaseCreds_AndRawCreateRole_Succeed_AndCleanupLeavesPgRolesAsTheyWere()
    {
        var rolesBefore = await RoleNamesAsync();
        var url = $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{postgres.Port}/postgres?sslmode=disable";
        var config = LoadRun.Config(_vault!.Address, _vault.RootToken, "1s",
            ("database_creds", 50, new JsonObject { ["connection_url"] = url, ["username"] = "postgres", ["password"] = postgres.Password }),
            ("pg_create_role", 50, new JsonObject { ["connection_string"] = postgres.ConnectionString }));

        var (report, _) = await LoadRun.RunAsync(config);

        Assert.All(report.Tests, t =>
        {
            Assert.True(t.Count > 0, $"{t.Name} ran no request");
            Assert.True(t.SuccessRatio == 1, $"{t.Name}: {t.FirstError}");
        });
        Assert.Equal(rolesBefore, await RoleNamesAsync());
        Assert.DoesNotContain(await _vault.MountPathsAsync(), p => p.StartsWith("load-", StringComparison.Ordinal));
    }

    private async Task<List<string>> RoleNamesAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT rolname FROM pg_roles ORDER BY rolname", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
