using System.Net;
using System.Net.Http.Json;
using Serverless.Vault.Client.Auth;

namespace Serverless.Vault.Client.Tests.Auth;

/// <summary>
/// The client's own token over time: the vault and the client share one fake clock, so renewals, max TTLs and
/// expiries happen when the test advances it; everything else is real HTTP to the dev vault.
/// </summary>
public sealed class TokenLifecycleTests(FakeTimeVaultFixture fixture) : IClassFixture<FakeTimeVaultFixture>
{
    private const string Secret = "life/app";

    private DevVault Vault => fixture.Vault;

    [Fact]
    public async Task Renewal_AtFractionOfTtl_ExtendsTheTokenInTheBackground()
    {
        var (client, auth) = await AppRoleClientAsync("renew", ttl: "60s", maxTtl: "1h");
        using var _ = client;
        await client.KvV2().ReadAsync(Secret);
        var accessor = client.Tokens.Accessor!;
        var loggedInAt = fixture.Time.GetUtcNow();
        Assert.Equal(loggedInAt.AddSeconds(60), client.Tokens.ExpiresAt);

        fixture.Time.Advance(TimeSpan.FromSeconds(41));

        await Eventually.TrueAsync(() => client.Tokens.ExpiresAt == loggedInAt.AddSeconds(41 + 60), "the client renews its token");
        var lookup = await VaultArrange.LookupAccessorAsync(Vault, accessor);
        Assert.Equal(60, lookup["ttl"]!.GetValue<long>());
        Assert.NotNull(lookup["last_renewal_time"]);
        Assert.Equal(1, auth.Logins);
        Assert.Equal(accessor, client.Tokens.Accessor);
    }

    [Fact]
    public async Task FirstCalls_TwentyInParallel_LogInOnce()
    {
        var (client, auth) = await AppRoleClientAsync("parallel", ttl: "10m", maxTtl: "1h");
        using var _ = client;

        await ReadInParallelAsync(client, 20);

        Assert.Equal(1, auth.Logins);
    }

    [Fact]
    public async Task MaxTtl_RenewalCapped_LogsInAgainBeforeExpiryAndKeepsWorking()
    {
        var (client, auth) = await AppRoleClientAsync("capped", ttl: "60s", maxTtl: "90s");
        using var _ = client;
        await client.KvV2().ReadAsync(Secret);
        var first = client.Tokens.Accessor;
        var loggedInAt = fixture.Time.GetUtcNow();

        fixture.Time.Advance(TimeSpan.FromSeconds(41));
        await Eventually.TrueAsync(() => client.Tokens.ExpiresAt == loggedInAt.AddSeconds(90), "the renewal is capped at the max TTL");
        Assert.Equal(1, auth.Logins);

        fixture.Time.Advance(TimeSpan.FromSeconds(33));
        await Eventually.TrueAsync(() => client.Tokens.Accessor != first, "the client logs in again before the capped token expires");
        Assert.Equal(2, auth.Logins);

        fixture.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("v1", (await client.KvV2().ReadAsync(Secret))!.Data["value"]!.GetValue<string>());
        Assert.Equal(2, auth.Logins);
    }

    [Fact]
    public async Task RevokedToken_ParallelRequests_LogInAgainOnceAndSucceed()
    {
        var (client, auth) = await AppRoleClientAsync("revoked", ttl: "10m", maxTtl: "1h");
        using var _ = client;
        await client.KvV2().ReadAsync(Secret);
        var first = client.Tokens.Accessor!;
        await VaultArrange.RevokeAccessorAsync(Vault, first);

        await ReadInParallelAsync(client, 10);

        Assert.Equal(2, auth.Logins);
        Assert.NotEqual(first, client.Tokens.Accessor);
    }

    [Fact]
    public async Task RevokedToken_BeforeRenewal_TimerLogsInAgain()
    {
        var (client, auth) = await AppRoleClientAsync("refused", ttl: "60s", maxTtl: "1h");
        using var _ = client;
        await client.KvV2().ReadAsync(Secret);
        var first = client.Tokens.Accessor!;
        await VaultArrange.RevokeAccessorAsync(Vault, first);

        fixture.Time.Advance(TimeSpan.FromSeconds(41));

        await Eventually.TrueAsync(() => client.Tokens.Accessor != first, "a refused renewal leads to a new login");
        Assert.NotNull(await client.KvV2().ReadAsync(Secret));
        Assert.Equal(2, auth.Logins);
    }

    [Fact]
    public async Task NonRenewableToken_AtFractionOfTtl_LogsInAgain()
    {
        var (client, auth) = await AppRoleClientAsync("batch", ttl: "60s", maxTtl: "1h", tokenType: "batch");
        using var _ = client;
        await client.KvV2().ReadAsync(Secret);
        var loggedInAt = fixture.Time.GetUtcNow();

        fixture.Time.Advance(TimeSpan.FromSeconds(41));

        await Eventually.TrueAsync(() => client.Tokens.ExpiresAt == loggedInAt.AddSeconds(41 + 60), "a batch token is replaced by a new login");
        Assert.Equal(2, auth.Logins);
        Assert.NotNull(await client.KvV2().ReadAsync(Secret));
    }

    [Fact]
    public async Task PolicyDenied_LiveToken_ThrowsWithoutLoggingInAgain()
    {
        var (client, auth) = await AppRoleClientAsync("denied", ttl: "10m", maxTtl: "1h");
        using var _ = client;

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.ReadAsync("sys/mounts"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, auth.Logins);
    }

    [Fact]
    public async Task TokenAuth_RevokedToken_ThrowsWithoutLoggingInAgain()
    {
        var created = await Vault.SendAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { VaultArrange.ReaderPolicy }, ttl = "10m" });
        var auth = new CountingAuth(new TokenAuth(created!["auth"]!["client_token"]!.GetValue<string>()));
        using var client = Vault.NewClient(auth, fixture.Time);
        await client.KvV2().ReadAsync(Secret);
        await VaultArrange.RevokeAccessorAsync(Vault, client.Tokens.Accessor!);

        var error = await Assert.ThrowsAsync<VaultApiException>(() => client.KvV2().ReadAsync(Secret));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, auth.Logins);
    }

    [Fact]
    public async Task RootToken_NoTtl_IsNeverRenewed()
    {
        using var client = Vault.NewClient(time: fixture.Time);
        await client.KvV2().ReadAsync(Secret);
        Assert.Null(client.Tokens.ExpiresAt);

        fixture.Time.Advance(TimeSpan.FromDays(400));

        Assert.NotNull(await client.KvV2().ReadAsync(Secret));
        var self = await client.ReadAsync("auth/token/lookup-self");
        Assert.Null(self!.Data!["last_renewal_time"]);
        Assert.Equal(0, self.Data["ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task Dispose_RevokeTokenOnDispose_RevokesTheClientToken()
    {
        var (roleId, secretId) = await VaultArrange.AppRoleAsync(Vault, "approle-dispose", "app");
        var client = new VaultClient(new HttpClient(), new VaultClientOptions { Address = Vault.Address, RevokeTokenOnDispose = true }, new AppRoleAuth(roleId, secretId, "approle-dispose"), fixture.Time);
        await client.KvV2().ReadAsync(Secret);
        var accessor = client.Tokens.Accessor!;

        await client.DisposeAsync();

        using var lookup = await Vault.Http.PostAsJsonAsync("/v1/auth/token/lookup-accessor", new { accessor });
        Assert.False(lookup.IsSuccessStatusCode);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.KvV2().ReadAsync(Secret));
    }

    private static async Task ReadInParallelAsync(VaultClient client, int count)
    {
        var reads = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => client.KvV2().ReadAsync(Secret))));
        Assert.All(reads, r => Assert.Equal("v1", r!.Data["value"]!.GetValue<string>()));
    }

    private async Task<(VaultClient Client, CountingAuth Auth)> AppRoleClientAsync(string name, string ttl, string maxTtl, string tokenType = "service")
    {
        var settings = new Dictionary<string, object> { ["token_ttl"] = ttl, ["token_max_ttl"] = maxTtl, ["token_type"] = tokenType };
        var (roleId, secretId) = await VaultArrange.AppRoleAsync(Vault, "approle-" + name, "app", settings);
        var auth = new CountingAuth(new AppRoleAuth(roleId, secretId, "approle-" + name));
        return (Vault.NewClient(auth, fixture.Time), auth);
    }
}
