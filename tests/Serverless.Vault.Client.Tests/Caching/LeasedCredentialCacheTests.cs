using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Serverless.Vault.Client.Caching;

namespace Serverless.Vault.Client.Tests.Caching;

public sealed class LeasedCredentialCacheTests(DatabaseVaultFixture fixture) : IClassFixture<DatabaseVaultFixture>
{
    [Fact]
    public async Task GetAsync_WithinLease_ReusesCredentialsUnderOneLease()
    {
        await using var scenario = await CacheScenario.StartAsync(fixture, "reuse", "1h", "24h");
        var (role, time, _, _, _, credentials) = scenario;

        var first = await credentials.GetAsync();
        time.Advance(TimeSpan.FromMinutes(30));
        var second = await credentials.GetAsync();

        Assert.Equal(first.Username, second.Username);
        Assert.Equal(first.Lease.Id, second.Lease.Id);
        Assert.Equal(1, await fixture.LeaseCountAsync(role));
        Assert.Equal(first.Username, await fixture.CurrentUserAsync(second));
    }

    [Fact]
    public async Task GetAsync_TwentyConcurrentCallers_ShareOneFetch()
    {
        var role = await fixture.CreateRoleAsync("flight", "1h", "24h");
        using var client = fixture.Vault.NewClient(time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        await using var cache = new LeasedCredentialCache(client);
        var credentials = cache.DatabaseCredentials(role);

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => credentials.GetAsync())));

        Assert.Single(all.Select(c => c.Username).Distinct());
        Assert.Equal(1, await fixture.LeaseCountAsync(role));
    }

    [Fact]
    public async Task Renewal_PastFractionWhileRenewable_ExtendsLeaseInBackground()
    {
        await using var scenario = await CacheScenario.StartAsync(fixture, "renew", "1h", "24h");
        var (role, time, _, _, _, credentials) = scenario;
        var first = await credentials.GetAsync();
        Assert.Null((await fixture.LookupAsync(first.Lease.Id))!["last_renewal"]);

        time.Advance(TimeSpan.FromMinutes(41));

        Assert.True(await DatabaseVaultFixture.EventuallyAsync(async () => (await fixture.LookupAsync(first.Lease.Id))!["last_renewal"] is not null));
        var renewed = await credentials.GetAsync();
        Assert.Equal(first.Username, renewed.Username);
        Assert.Equal(first.Lease.Id, renewed.Lease.Id);
        Assert.Equal(time.GetUtcNow(), renewed.Lease.IssuedAt);
        Assert.Equal(TimeSpan.FromHours(1), renewed.Lease.Duration);
        Assert.Equal(1, await fixture.LeaseCountAsync(role));
    }

    [Fact]
    public async Task Renewal_CappedByMaxTtl_ReplacesCredentialsBeforeLeaseEnds()
    {
        await using var scenario = await CacheScenario.StartAsync(fixture, "capped", "20s", "20s");
        var (_, time, _, _, replaced, credentials) = scenario;
        var first = await credentials.GetAsync();

        // The vault's clock is real: once a second has passed there, a renewal can no longer grant the full 20 s.
        Assert.True(await DatabaseVaultFixture.EventuallyAsync(async () => (await fixture.LookupAsync(first.Lease.Id))!["ttl"]!.GetValue<long>() < 20));
        time.Advance(TimeSpan.FromSeconds(14));
        var next = await credentials.GetAsync();

        Assert.NotEqual(first.Username, next.Username);
        Assert.Equal(next.Username, await fixture.CurrentUserAsync(next));
        Assert.True(await DatabaseVaultFixture.EventuallyAsync(() => Task.FromResult(!replaced.IsEmpty)));
        var replacement = Assert.Single(replaced);
        Assert.Equal(LeaseReplacementReason.MaxTtlReached, replacement.Reason);
        Assert.Equal(first.Lease.Id, replacement.PreviousLease.Id);
        Assert.Equal(next.Lease.Id, replacement.Lease.Id);
        Assert.NotNull((await fixture.LookupAsync(first.Lease.Id))!["last_renewal"]);
    }

    [Fact]
    public async Task GetAsync_LeaseRevokedServerSide_ReplacedWithWorkingCredentials()
    {
        await using var scenario = await CacheScenario.StartAsync(fixture, "revoked", "1h", "24h");
        var (role, time, _, _, replaced, credentials) = scenario;
        var first = await credentials.GetAsync();

        await fixture.RevokeAsync(first.Lease.Id);
        Assert.False(await fixture.RoleExistsAsync(first.Username));
        time.Advance(TimeSpan.FromMinutes(41));
        var next = await credentials.GetAsync();

        Assert.NotEqual(first.Username, next.Username);
        Assert.Equal(next.Username, await fixture.CurrentUserAsync(next));
        Assert.True(await DatabaseVaultFixture.EventuallyAsync(() => Task.FromResult(!replaced.IsEmpty)));
        Assert.Equal(LeaseReplacementReason.LeaseRevoked, Assert.Single(replaced).Reason);
        Assert.Equal(1, await fixture.LeaseCountAsync(role));
    }

    [Fact]
    public async Task Invalidate_CurrentLease_NextCallGetsNewCredentials()
    {
        var role = await fixture.CreateRoleAsync("invalidate", "1h", "24h");
        using var client = fixture.Vault.NewClient(time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        await using var cache = new LeasedCredentialCache(client);
        var credentials = cache.DatabaseCredentials(role);
        var first = await credentials.GetAsync();

        Assert.False(credentials.Invalidate("database/creds/invalidate/not-this-lease"));
        Assert.Equal(first.Username, (await credentials.GetAsync()).Username);
        Assert.True(credentials.Invalidate(first.Lease.Id));
        var next = await credentials.GetAsync();

        Assert.NotEqual(first.Username, next.Username);
        Assert.Equal(next.Username, await fixture.CurrentUserAsync(next));
    }

    [Fact]
    public async Task GetAsync_NonRenewableLeasePastFraction_ReplacedByNextCaller()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var client = fixture.Vault.NewClient(time: time);
        await using var cache = new LeasedCredentialCache(client, new LeasedCredentialCacheOptions { BackgroundRefresh = false });
        var replaced = new ConcurrentQueue<LeasedCredentialReplacedEventArgs>();
        cache.Replaced += (_, e) => replaced.Enqueue(e);
        var fetches = 0;
        async Task<LeasedValue<string>> CreateTokenAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref fetches);
            var auth = (await client.WriteAsync("auth/token/create", new { ttl = "1h", renewable = false }, cancellationToken))!.Auth!;
            return new LeasedValue<string>(auth.ClientToken, new Lease(auth.Accessor!, TimeSpan.FromSeconds(auth.LeaseDuration), auth.Renewable, time.GetUtcNow()));
        }

        var first = await cache.GetAsync("token", CreateTokenAsync);
        time.Advance(TimeSpan.FromMinutes(39));
        var reused = await cache.GetAsync("token", CreateTokenAsync);
        time.Advance(TimeSpan.FromMinutes(2));
        var next = await cache.GetAsync("token", CreateTokenAsync);

        Assert.False(first.Lease.Renewable);
        Assert.Equal(first.Value, reused.Value);
        Assert.NotEqual(first.Value, next.Value);
        Assert.Equal(2, fetches);
        Assert.Equal(LeaseReplacementReason.Expiring, Assert.Single(replaced).Reason);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync("token", _ => Task.FromResult(new LeasedValue<int>(1, first.Lease))));
    }

    [Fact]
    public async Task GetAsync_VaultUnreachableDuringRefresh_KeepsCurrentUntilLeaseEnds()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var client = fixture.Vault.NewClient(time: time);
        using var unreachable = new VaultClient(
            new HttpClient(), new VaultClientOptions { Address = new Uri("http://127.0.0.1:9") }, new Client.Auth.TokenAuth(fixture.Vault.RootToken), time);
        var source = client;
        await using var cache = new LeasedCredentialCache(client, new LeasedCredentialCacheOptions { BackgroundRefresh = false });
        async Task<LeasedValue<string>> CreateTokenAsync(CancellationToken cancellationToken)
        {
            var auth = (await source.WriteAsync("auth/token/create", new { ttl = "1h", renewable = false }, cancellationToken))!.Auth!;
            return new LeasedValue<string>(auth.ClientToken, new Lease(auth.Accessor!, TimeSpan.FromSeconds(auth.LeaseDuration), auth.Renewable, time.GetUtcNow()));
        }

        var first = await cache.GetAsync("token", CreateTokenAsync);
        source = unreachable;
        time.Advance(TimeSpan.FromMinutes(50));
        var kept = await cache.GetAsync("token", CreateTokenAsync);
        time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(first.Value, kept.Value);
        await Assert.ThrowsAsync<HttpRequestException>(() => cache.GetAsync("token", CreateTokenAsync));
        source = client;
        Assert.NotEqual(first.Value, (await cache.GetAsync("token", CreateTokenAsync)).Value);
    }

    [Fact]
    public async Task DisposeAsync_RevokeOnDispose_RevokesHeldLeases()
    {
        var role = await fixture.CreateRoleAsync("dispose", "1h", "24h");
        using var client = fixture.Vault.NewClient(time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        var cache = new LeasedCredentialCache(client, new LeasedCredentialCacheOptions { RevokeOnDispose = true });
        var held = await cache.DatabaseCredentials(role).GetAsync();
        Assert.True(await fixture.RoleExistsAsync(held.Username));

        await cache.DisposeAsync();

        Assert.Null(await fixture.LookupAsync(held.Lease.Id));
        Assert.False(await fixture.RoleExistsAsync(held.Username));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cache.DatabaseCredentials(role).GetAsync());
    }

    [Fact]
    public async Task DisposeAsync_WithoutRevokeOnDispose_LeavesLeasesRunning()
    {
        var role = await fixture.CreateRoleAsync("keep", "1h", "24h");
        using var client = fixture.Vault.NewClient(time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        var cache = new LeasedCredentialCache(client);
        var held = await cache.DatabaseCredentials(role).GetAsync();

        await cache.DisposeAsync();

        Assert.NotNull(await fixture.LookupAsync(held.Lease.Id));
        Assert.Equal(held.Username, await fixture.CurrentUserAsync(held));
    }
}
