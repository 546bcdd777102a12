using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Client.Caching;

namespace Serverless.Vault.Client.Tests.Caching;

/// <summary>
/// A database role on the vault, a client and cache on a fake clock, the credentials of that role and every
/// replacement the cache reports: what most cache tests start from.
/// </summary>
internal sealed class CacheScenario : IAsyncDisposable
{
    private CacheScenario(string role, FakeTimeProvider time, VaultClient client, LeasedCredentialCache cache)
    {
        Role = role;
        Time = time;
        Client = client;
        Cache = cache;
        Cache.Replaced += (_, e) => Replaced.Enqueue(e);
        Credentials = cache.DatabaseCredentials(role);
    }

    public string Role { get; }

    public FakeTimeProvider Time { get; }

    public VaultClient Client { get; }

    public LeasedCredentialCache Cache { get; }

    public ConcurrentQueue<LeasedCredentialReplacedEventArgs> Replaced { get; } = new();

    public DynamicDatabaseCredentials Credentials { get; }

    public static async Task<CacheScenario> StartAsync(DatabaseVaultFixture fixture, string roleName, string ttl, string maxTtl, LeasedCredentialCacheOptions? options = null)
    {
        var role = await fixture.CreateRoleAsync(roleName, ttl, maxTtl);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var client = fixture.Vault.NewClient(time: time);
        return new CacheScenario(role, time, client, new LeasedCredentialCache(client, options));
    }

    public void Deconstruct(
        out string role, out FakeTimeProvider time, out VaultClient client, out LeasedCredentialCache cache,
        out ConcurrentQueue<LeasedCredentialReplacedEventArgs> replaced, out DynamicDatabaseCredentials credentials) =>
        (role, time, client, cache, replaced, credentials) = (Role, Time, Client, Cache, Replaced, Credentials);

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        Client.Dispose();
    }
}
