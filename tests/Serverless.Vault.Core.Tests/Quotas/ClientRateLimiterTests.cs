using Serverless.Vault.Core.Quotas;

namespace Serverless.Vault.Core.Tests.Quotas;

/// <summary>The per-client table of one quota: bounded, and emptied of clients whose window has passed.</summary>
public sealed class ClientRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static readonly RateLimitQuota OnePerMinute = new() { Name = "q", Rate = 1, Interval = TimeSpan.FromMinutes(1) };

    [Fact]
    public void Table_AtItsCap_NewClientsShareOneOverflowCount()
    {
        var limiter = new ClientRateLimiter(OnePerMinute, maxClients: 3);
        foreach (var client in new[] { "a", "b", "c" })
        {
            Assert.True(limiter.Take(client, Start).Allowed);
        }

        Assert.True(limiter.Take("d", Start).Allowed);
        Assert.False(limiter.Take("e", Start).Allowed);
        Assert.False(limiter.Take("f", Start).Allowed);
        Assert.Equal(4, limiter.Count);
        Assert.False(limiter.Take("a", Start).Allowed);
    }

    [Fact]
    public void IdleClients_AreDropped_OnceTheirWindowHasPassed()
    {
        var limiter = new ClientRateLimiter(OnePerMinute, maxClients: 3);
        limiter.Take("a", Start);
        limiter.Take("b", Start);
        limiter.Take("c", Start.AddSeconds(50));

        // At the cap, the sweep finds a and b idle (their minute is over) and frees their places for new clients.
        Assert.True(limiter.Take("d", Start.AddSeconds(61)).Allowed);
        Assert.True(limiter.Take("e", Start.AddSeconds(61)).Allowed);
        Assert.Equal(3, limiter.Count);
        Assert.False(limiter.Take("c", Start.AddSeconds(62)).Allowed);
    }

    [Fact]
    public void Sweep_RunsOnItsOwnAfterTheSweepInterval()
    {
        var limiter = new ClientRateLimiter(OnePerMinute);
        for (var i = 0; i < 100; i++)
        {
            limiter.Take("10.0.0." + i, Start);
        }

        limiter.Take("late", Start.Add(ClientRateLimiter.SweepInterval));

        Assert.Equal(1, limiter.Count);
    }

    [Fact]
    public void BlockedClient_IsKept_UntilItsBlockEnds()
    {
        var quota = OnePerMinute with { BlockInterval = TimeSpan.FromMinutes(5) };
        var limiter = new ClientRateLimiter(quota);
        limiter.Take("a", Start);
        Assert.Equal(300, limiter.Take("a", Start).RetryAfterSeconds);

        limiter.Take("b", Start.AddMinutes(2));
        Assert.False(limiter.Take("a", Start.AddMinutes(2)).Allowed);
        Assert.True(limiter.Take("a", Start.AddMinutes(5)).Allowed);
    }

    [Fact]
    public async Task ConcurrentRequests_FromOneClient_PassExactlyTheRate()
    {
        var limiter = new ClientRateLimiter(OnePerMinute with { Rate = 100 });
        var allowed = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (limiter.Take("a", Start).Allowed)
                {
                    Interlocked.Increment(ref allowed);
                }
            }
        })));

        Assert.Equal(100, allowed);
        Assert.Equal(1, limiter.Count);
    }
}
