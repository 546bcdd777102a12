using System.Net;

namespace Serverless.Vault.Server.Tests.Quotas;

/// <summary>A rate-limit quota over real HTTP: Vault's 429, its error body, Retry-After and the rate-limit headers.</summary>
public sealed class RateLimitQuotaTests : IAsyncLifetime
{
    private VaultHost _vault = null!;

    public async Task InitializeAsync() => _vault = await VaultHost.StartDevAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task OverTheRate_Is429_WithRetryAfterAndVaultsErrorBody()
    {
        (await _vault.SendAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv" })).EnsureSuccessStatusCode();
        (await _vault.SendAsync(HttpMethod.Post, "sys/quotas/config", new { enable_rate_limit_response_headers = true })).EnsureSuccessStatusCode();
        (await _vault.SendAsync(HttpMethod.Post, "sys/quotas/rate-limit/kv", new { path = "kv/", rate = 2, interval = "1h" })).EnsureSuccessStatusCode();

        using (var first = await _vault.SendAsync(HttpMethod.Get, "kv/a"))
        {
            Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
            Assert.Equal("1", Assert.Single(first.Headers.GetValues("X-Ratelimit-Remaining")));
        }

        using var second = await _vault.SendAsync(HttpMethod.Get, "kv/a");
        using var limited = await _vault.SendAsync(HttpMethod.Get, "kv/a");

        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal(["request path \"kv/a\": rate limit quota exceeded"], await HttpResponseAssert.ErrorAsync(limited, HttpStatusCode.TooManyRequests));
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3500, 3600);
        Assert.Equal("2", Assert.Single(limited.Headers.GetValues("X-Ratelimit-Limit")));
        Assert.Equal("0", Assert.Single(limited.Headers.GetValues("X-Ratelimit-Remaining")));
    }
}
