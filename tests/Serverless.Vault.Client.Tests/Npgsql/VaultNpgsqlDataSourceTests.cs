using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Serverless.Vault.Client.DependencyInjection;
using Serverless.Vault.Client.Npgsql;
using Serverless.Vault.Client.Npgsql.DependencyInjection;
using Serverless.Vault.Client.Tests.Caching;

namespace Serverless.Vault.Client.Tests.Npgsql;

public sealed class VaultNpgsqlDataSourceTests(DatabaseVaultFixture fixture) : IClassFixture<DatabaseVaultFixture>
{
    [Fact]
    public async Task OpenConnectionAsync_AcrossCredentialRotation_ServesEveryQuery()
    {
        var role = await fixture.CreateRoleAsync("rotate", "60s", "60s");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var client = fixture.Vault.NewClient(time: time);
        await using var dataSource = VaultNpgsqlDataSource.Create(client, fixture.ServerConnectionString, role);
        var first = await QueryUserAsync(dataSource);
        var lease = await CurrentLeaseAsync(role);
        var served = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    served.AddOrUpdate(await QueryUserAsync(dataSource), 1, (_, n) => n + 1);
                }
                catch (Exception error)
                {
                    failures.Enqueue(error);
                }
            }
        })).ToList();

        // Once a real second has passed on the vault, renewals are capped by the 60 s max TTL: the cache replaces.
        Assert.True(await DatabaseVaultFixture.EventuallyAsync(async () => (await fixture.LookupAsync(lease))!["ttl"]!.GetValue<long>() < 60));
        await using var old = await dataSource.OpenConnectionAsync();
        await using var sleep = new NpgsqlCommand("SELECT current_user FROM pg_sleep(2)", old);
        var longQuery = sleep.ExecuteScalarAsync();

        // The clock moves on in steps, as real time would: the renewal (capped) and then the replacement happen in the
        // background, each scheduled from the time its response arrived.
        var rotated = await DatabaseVaultFixture.EventuallyAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return Task.FromResult(served.Keys.Any(user => user != first));
        });
        var rotatedDuringLongQuery = !longQuery.IsCompleted;
        var longQueryUser = (string)(await longQuery)!;
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.True(rotated, "no query ran as the replacement user");
        Assert.True(rotatedDuringLongQuery, "the rotation came after the long query ended");
        Assert.Empty(failures);
        Assert.Equal(first, longQueryUser);
        Assert.Equal(2, served.Count);
        Assert.True(served[first] > 0);
        Assert.NotEqual(first, dataSource.CurrentUsername);
        Assert.Equal(first, await QueryUserAsync(old));
        await old.CloseAsync();

        // Retired: once its last connection is back, the old pool closes its connections.
        Assert.True(await DatabaseVaultFixture.EventuallyAsync(async () => await fixture.SessionCountAsync(first) == 0));
    }

    [Fact]
    public async Task OpenConnectionAsync_LeaseRevoked_RetriesWithNewCredentials()
    {
        var role = await fixture.CreateRoleAsync("refused", "1h", "24h");
        using var client = fixture.Vault.NewClient(time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        await using var dataSource = VaultNpgsqlDataSource.Create(client, fixture.ServerConnectionString + ";Pooling=false", role);
        var first = await QueryUserAsync(dataSource);

        await fixture.RevokeAsync(await CurrentLeaseAsync(role));
        var next = await QueryUserAsync(dataSource);

        Assert.False(await fixture.RoleExistsAsync(first));
        Assert.NotEqual(first, next);
        Assert.Equal(next, dataSource.CurrentUsername);
    }

    [Fact]
    public void Create_ConnectionStringWithUser_Throws()
    {
        using var client = fixture.Vault.NewClient();

        var error = Assert.Throws<ArgumentException>(() => VaultNpgsqlDataSource.Create(client, fixture.ServerConnectionString + ";Username=app", "any"));

        Assert.Contains("must not name a user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVaultNpgsqlDataSource_ResolvedDbDataSource_OpensWithDynamicCredentials()
    {
        var role = await fixture.CreateRoleAsync("injected", "1h", "24h");
        var services = new ServiceCollection();
        services.AddSingleton(_ => fixture.Vault.NewClient());
        services.AddVaultNpgsqlDataSource(fixture.ServerConnectionString, role, options => options.Cache.RevokeOnDispose = true);
        string user;
        await using (var provider = services.BuildServiceProvider())
        {
            var dataSource = provider.GetRequiredService<DbDataSource>();
            Assert.Same(provider.GetRequiredService<VaultNpgsqlDataSource>(), dataSource);
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT current_user";
            user = (string)(await command.ExecuteScalarAsync())!;
            Assert.StartsWith("v-", user, StringComparison.Ordinal);
            await using var pooled = dataSource.CreateCommand("SELECT current_user");
            Assert.Equal(user, await pooled.ExecuteScalarAsync());
        }

        Assert.False(await fixture.RoleExistsAsync(user));
    }

    [Fact]
    public async Task AddVaultNpgsqlDataSource_WithAddVault_RevokesOnDisposeThroughTheHttpPipeline()
    {
        var role = await fixture.CreateRoleAsync("injected-factory", "1h", "24h");
        var services = new ServiceCollection();
        services.AddVault(options => options.Address = fixture.Vault.Address, auth =>
        {
            auth.Method = "token";
            auth.Token = fixture.Vault.RootToken;
        });
        services.AddVaultNpgsqlDataSource(fixture.ServerConnectionString, role, options => options.Cache.RevokeOnDispose = true);
        string user;
        await using (var provider = services.BuildServiceProvider())
        {
            user = await QueryUserAsync(provider.GetRequiredService<VaultNpgsqlDataSource>());
            Assert.StartsWith("v-", user, StringComparison.Ordinal);
        }

        // The container disposed the data source (revoking its lease) before the HttpClient pipeline it needs.
        Assert.False(await fixture.RoleExistsAsync(user));
    }

    private static async Task<string> QueryUserAsync(VaultNpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await QueryUserAsync(connection);
    }

    private static async Task<string> QueryUserAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT current_user", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> CurrentLeaseAsync(string role)
    {
        var keys = (await fixture.Vault.SendAsync(new HttpMethod("LIST"), $"sys/leases/lookup/database/creds/{role}/"))!["data"]!["keys"]!.AsArray();
        return $"database/creds/{role}/{Assert.Single(keys)!.GetValue<string>()}";
    }
}
