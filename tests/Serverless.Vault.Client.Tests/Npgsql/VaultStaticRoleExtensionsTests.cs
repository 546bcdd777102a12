using Npgsql;
using Serverless.Vault.Client.Npgsql;
using Serverless.Vault.Client.Tests.Caching;

namespace Serverless.Vault.Client.Tests.Npgsql;

public sealed class VaultStaticRoleExtensionsTests(DatabaseVaultFixture fixture) : IClassFixture<DatabaseVaultFixture>
{
    [Fact]
    public async Task UseVaultStaticRole_AfterRotation_NewConnectionsLogInWithNewPassword()
    {
        await fixture.ExecuteAsync("CREATE ROLE static_app WITH LOGIN PASSWORD 'before-vault'");
        await fixture.Vault.SendAsync(HttpMethod.Post, "database/static-roles/app", new { db_name = "pg", username = "static_app", rotation_period = "1h" });
        using var client = fixture.Vault.NewClient();
        var builder = new NpgsqlDataSourceBuilder(fixture.ServerConnectionString + ";Pooling=false");
        builder.UseVaultStaticRole(client, "app", refresh: TimeSpan.FromMilliseconds(200));
        await using var dataSource = builder.Build();
        Assert.Equal("static_app", await QueryUserAsync(dataSource));
        var before = (await client.Database().GetStaticCredentialsAsync("app")).Password;

        await fixture.Vault.SendAsync(HttpMethod.Post, "database/rotate-role/app");

        Assert.NotEqual(before, (await client.Database().GetStaticCredentialsAsync("app")).Password);
        Assert.True(await DatabaseVaultFixture.EventuallyAsync(async () =>
        {
            try
            {
                return await QueryUserAsync(dataSource) == "static_app";
            }
            catch (PostgresException refused) when (refused.SqlState == "28P01")
            {
                return false;
            }
        }));
        var oldPassword = new NpgsqlConnectionStringBuilder(fixture.ServerConnectionString) { Username = "static_app", Password = before, Pooling = false };
        await using var stale = new NpgsqlConnection(oldPassword.ConnectionString);
        Assert.Equal("28P01", (await Assert.ThrowsAsync<PostgresException>(() => stale.OpenAsync())).SqlState);
    }

    [Fact]
    public async Task UseVaultStaticRole_OtherUserInConnectionString_FailsWithExplanation()
    {
        await fixture.ExecuteAsync("CREATE ROLE static_other WITH LOGIN PASSWORD 'before-vault'");
        await fixture.Vault.SendAsync(HttpMethod.Post, "database/static-roles/other", new { db_name = "pg", username = "static_other", rotation_period = "1h" });
        using var client = fixture.Vault.NewClient();
        var builder = new NpgsqlDataSourceBuilder(fixture.ServerConnectionString + ";Username=someone_else;Pooling=false");
        builder.UseVaultStaticRole(client, "other", refresh: TimeSpan.FromMilliseconds(200));
        await using var dataSource = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => QueryUserAsync(dataSource));

        Assert.Contains("manages the user 'static_other'", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> QueryUserAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
